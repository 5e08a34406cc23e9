-- The lead score formula, table-driven, and the threshold at 69/70/71.
begin;
select plan(16);

call tests.create_org('Score Clinic');
select is(public.upsert_service_type(tests.org_id('Score Clinic'), null, 'implant consult', 60, 25000) ->> 'success', 'true', 'a high-value service');
select is(public.upsert_service_type(tests.org_id('Score Clinic'), null, 'checkup', 30, 5000) ->> 'success', 'true', 'an ordinary service');

-- case: booked?, service, call seconds, analysis, returning contact?, expected score, signals
create temp table cases (n serial, name text, booked boolean, service text, seconds integer, analysis text, returning_contact boolean, expected integer);
insert into cases (name, booked, service, seconds, analysis, returning_contact, expected) values
  ('nothing: short call, no booking, returning caller', false, null, 60, null, true, 0),
  ('new caller only', false, null, 60, null, false, 10),
  ('long call only (returning)', false, null, 301, null, true, 20),
  ('exactly 5 minutes is not long', false, null, 300, null, true, 0),
  ('booked an ordinary service, returning', true, 'checkup', 60, null, true, 40),
  ('booked, long, new', true, 'checkup', 400, null, false, 70),
  ('booked a high-value service, long, new', true, 'implant consult', 400, null, false, 85),
  ('everything: capped at 100', true, 'implant consult', 400, 'true', false, 100),
  ('positive analysis only', false, null, 60, 'pass', true, 15),
  ('negative analysis counts nothing', false, null, 60, 'false', true, 0);

create function pg_temp.run_case(p_name text) returns integer language plpgsql as $$
declare
  c cases;
  v_phone text;
  v_call text := 'score-' || md5(p_name);
begin
  select * into c from cases where name = p_name;
  v_phone := '+141555510' || lpad(c.n::text, 2, '0');
  if c.returning_contact then
    perform public.book_appointment_atomic(tests.org_id('Score Clinic'), 'Ret Urning', null, v_phone, 'checkup',
      tests.local_noon(30 + c.n), 30);
    update booking.appointments set created_at = now() - interval '30 days'
     where org_id = tests.org_id('Score Clinic') and contact_id = (select id from booking.contacts where phone = v_phone);
  end if;
  if c.booked then
    perform tests.book_during_call('Score Clinic', v_call, v_phone,
      tests.local_noon(2 + c.n), 'Case Caller', c.service);
  end if;
  return (public.record_call_report(tests.org_id('Score Clinic'), tests.call_report(v_call, v_phone, c.seconds, c.analysis)) ->> 'lead_score')::integer;
end $$;

select is(pg_temp.run_case(name), expected, name) from cases order by expected, name;

-- Threshold 70 at scores 69, 70, 71 (weight of a new contact 9, 10, 11).
call tests.create_org('Score 69');
call tests.create_org('Score 70');
call tests.create_org('Score 71');
create function pg_temp.threshold_case(p_org text, p_weight integer) returns json language plpgsql as $$
begin
  perform public.set_lead_scoring(tests.org_id(p_org), jsonb_build_object('weight_new_contact', p_weight));
  perform tests.book_during_call(p_org, 'threshold-' || p_weight, '+14155550701', tests.local_noon(2));
  return public.record_call_report(tests.org_id(p_org), tests.call_report('threshold-' || p_weight, '+14155550701', 400));
end $$;
create temp table threshold_results as
  select w, pg_temp.threshold_case('Score ' || (60 + w)::text, w) as r from (values (9), (10), (11)) v(w);
select results_eq($$ select (r ->> 'lead_score')::integer, (r ->> 'hot_lead')::boolean from threshold_results order by w $$,
  $$ values (69, false), (70, true), (71, true) $$, 'scores 69, 70, 71 against the default threshold 70');
select results_eq($$ select count(*)::integer from booking.hot_leads h join booking.organizations o using (org_id)
                    where o.name in ('Score 69', 'Score 70', 'Score 71') $$,
  $$ values (2) $$, 'only 70 and 71 are hot leads');
select is(public.set_lead_scoring(tests.org_id('Score 70'), '{"threshold": 101}') ->> 'error', 'INVALID_SETTINGS', 'the threshold is 0-100');
select is(public.set_lead_scoring(tests.org_id('Score 70'), '{"bogus": 1}') ->> 'error', 'INVALID_SETTINGS', 'unknown settings are refused');

select * from finish();
rollback;
