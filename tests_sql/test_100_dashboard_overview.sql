-- public.dashboard_overview, the clinic dashboard's read model: its shape,
-- and the tenant matrix (anon, member of A, member of B, a member claiming
-- another clinic in user_metadata, service_role). A member reading another
-- clinic, or one that does not exist, gets the same 42501.
begin;
select plan(28);
set constraints all immediate;

call tests.create_org('Dash A');
call tests.create_org('Dash B');
create function pg_temp.fill(p_org text) returns void language plpgsql as $$
begin
  perform public.set_lead_scoring(tests.org_id(p_org), '{"threshold": 10}');
  perform tests.book_during_call(p_org, 'dash-call-' || replace(p_org, ' ', '-'), '+14155551401', tests.local_noon(2));
  perform public.record_call_report(tests.org_id(p_org),
    tests.call_report('dash-call-' || replace(p_org, ' ', '-'), '+14155551401', 400));
  perform public.claim_slot_atomic(tests.org_id(p_org), 'cal-1', tests.local_noon(3), 'dash-hold-' || replace(p_org, ' ', '-'),
    'Held Patient', '+14155551402');
end $$;
select pg_temp.fill('Dash A') is null as filled into temp fill_a;
select pg_temp.fill('Dash B') is null as filled into temp fill_b;

select is(pg_catalog.obj_description('public.dashboard_overview(uuid, integer)'::regprocedure, 'pg_proc') is not null,
  true, 'dashboard_overview has a COMMENT');
select function_privs_are('public', 'dashboard_overview', array['uuid', 'integer'], 'anon', array[]::text[],
  'anon cannot execute dashboard_overview');
select function_privs_are('public', 'dashboard_overview', array['uuid', 'integer'], 'authenticated', array['EXECUTE'],
  'members can execute dashboard_overview');
select is(p.prosecdef, false, 'dashboard_overview is SECURITY INVOKER: RLS applies')
  from pg_proc p where p.oid = 'public.dashboard_overview(uuid, integer)'::regprocedure;

-- anon
call tests.authenticate_as_anon();
select throws_ok(format('select public.dashboard_overview(%L)', tests.org_id('Dash A')), '42501', null,
  'anon cannot read a dashboard');

-- a member of A
call tests.authenticate_as('Dash A');
create temp table seen_a on commit drop as
  select public.dashboard_overview(tests.org_id('Dash A'))::jsonb as d;
select is((select d ->> 'name' from seen_a), 'Dash A', 'a member of A reads A''s dashboard');
select is((select jsonb_array_length(d #> '{calendars,0,appointments}') from seen_a), 1,
  'A''s calendar lists its appointment');
select is((select d #>> '{calendars,0,appointments,0,confirmation_sms_status}' from seen_a), 'pending',
  'the appointment shows its confirmation SMS status');
select is((select d #>> '{calendars,0,appointments,0,reminder_status}' from seen_a), 'pending',
  'the appointment shows its reminder''s status');
select is((select (d #>> '{calendars,0,appointments,0,patient_confirmed}')::boolean from seen_a), false,
  'and whether the patient confirmed');
select is((select jsonb_array_length(d -> 'holds') from seen_a), 1, 'the live hold is listed');
select is((select d #>> '{holds,0,patient_name}' from seen_a), 'Held Patient', 'with its patient');
select is((select jsonb_array_length(d -> 'hot_leads') from seen_a), 1, 'the hot lead is listed');
select is((select (d #>> '{recent_calls,0,is_hot}')::boolean from seen_a), true,
  'the recent call has its lead score and is marked hot');
select ok((select (d #>> '{recent_calls,0,lead_score}')::int >= 10 from seen_a), 'with its lead score');
select is((select jsonb_array_length(d #> '{reports,daily_confirmation}') from seen_a), 1,
  'the daily confirmation report has today');
select ok((select jsonb_array_length(d #> '{reports,sms_delivery}') >= 1 from seen_a), 'the SMS delivery report has rows');
select is((select jsonb_array_length(d #> '{reports,hot_leads}') from seen_a), 1, 'the hot leads report has the lead');
select throws_ok(format('select public.dashboard_overview(%L)', tests.org_id('Dash B')), '42501', null,
  'a member of A cannot read B''s dashboard');
select throws_ok(format('select public.dashboard_overview(%L)', gen_random_uuid()), '42501', null,
  'an unknown organization answers the same 42501');
select throws_ok(format('select public.dashboard_overview(%L, 0)', tests.org_id('Dash A')), '22023', null,
  'p_days outside 1-31 is refused');

-- public.dashboard_appointment: one appointment, same tenant rule
select is(public.dashboard_appointment(tests.org_id('Dash A'),
            (select (d #>> '{calendars,0,appointments,0,appointment_id}')::uuid from seen_a)) ->> 'patient_name',
  'Lee Lead', 'a member of A reads one of A''s appointments');
select is(public.dashboard_appointment(tests.org_id('Dash A'), gen_random_uuid()) ->> 'error',
  'APPOINTMENT_NOT_FOUND', 'an unknown appointment is not found');
select throws_ok(format('select public.dashboard_appointment(%L, null)', tests.org_id('Dash A')), '22023', null,
  'a null appointment id is refused');
call tests.authenticate_as('Dash B');
select is(public.dashboard_appointment(tests.org_id('Dash A'),
            (select (d #>> '{calendars,0,appointments,0,appointment_id}')::uuid from seen_a)) ->> 'error',
  'APPOINTMENT_NOT_FOUND', 'a member of B cannot see A''s appointment (not found, as an unknown one)');
call tests.authenticate_as_anon();
select throws_ok(format('select public.dashboard_appointment(%L, %L)', tests.org_id('Dash A'), gen_random_uuid()),
  '42501', null, 'anon cannot execute dashboard_appointment');

-- user_metadata does not widen access
call tests.authenticate_as('Dash A', jsonb_build_object('org_id', tests.org_id('Dash B')));
select throws_ok(format('select public.dashboard_overview(%L)', tests.org_id('Dash B')), '42501', null,
  'user_metadata.org_id does not open another clinic''s dashboard');

-- service_role reads any organization
call tests.authenticate_as_service_role();
select is(public.dashboard_overview(tests.org_id('Dash B')) ->> 'name', 'Dash B',
  'service_role reads any clinic''s dashboard');

select * from finish();
rollback;
