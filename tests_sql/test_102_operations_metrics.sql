-- What /metrics reads from the database (public.operations_metrics): the
-- SMS outbox's queue for all organizations together, service_role only.
begin;
select plan(7);

select function_privs_are('public', 'operations_metrics', array[]::text[], 'service_role', array['EXECUTE'],
  'service_role may read the operations metrics');
select function_privs_are('public', 'operations_metrics', array[]::text[], 'authenticated', array[]::text[],
  'clinic members may not');
select is_definer('public', 'operations_metrics', array[]::text[], 'operations_metrics is SECURITY DEFINER');

call tests.create_org('Metrics Clinic A');
call tests.create_org('Metrics Clinic B');
create temp table baseline as select public.operations_metrics()::jsonb as m;
grant select on baseline to public;

-- Clinic A: two due (the oldest waiting 10 minutes), one claimed, one for
-- tomorrow, one sent; clinic B: one due for a minute.
insert into booking.sms_outbox (org_id, kind, recipient, body, status, claimed_by, next_attempt_at)
select tests.org_id(m.clinic), 'hot_lead_alert', '+14155550199', 'text', m.status, m.claimed_by, now() + m.due_in
  from (values ('Metrics Clinic A', 'pending', null, interval '-10 minutes'),
               ('Metrics Clinic A', 'pending', null, interval '-1 minute'),
               ('Metrics Clinic A', 'claimed', 'worker-1', interval '1 minute'),
               ('Metrics Clinic A', 'pending', null, interval '1 day'),
               ('Metrics Clinic A', 'sent', null, interval '-1 hour'),
               ('Metrics Clinic B', 'pending', null, interval '-1 minute')) as m(clinic, status, claimed_by, due_in);

call tests.authenticate_as_service_role();
select is((public.operations_metrics() ->> 'sms_outbox_due')::int - (select (m ->> 'sms_outbox_due')::int from baseline),
  3, 'due: pending messages whose time has come, of every clinic');
select is((public.operations_metrics() ->> 'sms_outbox_claimed')::int - (select (m ->> 'sms_outbox_claimed')::int from baseline),
  1, 'claimed: being sent');
select cmp_ok((public.operations_metrics() ->> 'sms_outbox_oldest_due_seconds')::numeric, '>=', 600::numeric,
  'the oldest due message has waited at least 10 minutes');

call tests.authenticate_as('Metrics Clinic A');
select throws_ok($$ select public.operations_metrics() $$, '42501', null, 'a clinic member cannot read them');

select * from finish();
rollback;
