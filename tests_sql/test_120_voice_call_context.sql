-- The voice agent's call start (issue 26, the assistant-request): the
-- clinic's name, phone, hours and today's date, and whether the caller id
-- has an upcoming appointment: a yes or no only, and only as far as the
-- caller-id policy lets a caller id tell (nothing under verify_all); it
-- counts as a lookup. The transfer number is the clinic's own contact
-- phone, never the voice agent's number.
begin;
select plan(29);

call tests.create_org('Context Clinic', 'America/New_York', 'US', false);
call tests.create_org('Other Context Clinic');
select ok((public.set_weekly_hours(tests.org_id('Context Clinic'), 'cal-1', jsonb_build_object(
  'mon', '[["09:00","17:00"]]'::jsonb, 'tue', '[["09:00","17:00"]]'::jsonb,
  'wed', '[["09:00","12:00"],["13:00","17:00"]]'::jsonb, 'thu', '[["09:00","17:00"]]'::jsonb,
  'fri', '[["09:00","17:00"]]'::jsonb, 'sat', '[["10:00","13:00"]]'::jsonb, 'sun', '[]'::jsonb)) ->> 'success')::boolean, 'weekly hours set');
select ok((public.set_calendar_settings(tests.org_id('Context Clinic'), 'cal-1',
  '{"slot_interval_minutes": 1, "min_notice_minutes": 0, "max_advance_days": 365}') ->> 'success')::boolean,
  'open for booking');
update booking.organizations set contact_phone = '+14155550142' where name = 'Context Clinic';
create temp table answers (name text primary key, r json);
grant select, insert on answers to public;
create function pg_temp.r(p_name text) returns json language sql as $$ select r from answers where name = p_name $$;
create function pg_temp.lookups() returns integer language sql security definer as $$
  select count(*)::integer from booking.voice_lookups where org_id = tests.org_id('Context Clinic')
$$;
grant execute on function pg_temp.r(text), pg_temp.lookups() to public;

select is(booking.weekly_hours_summary(tests.org_id('Context Clinic')),
  'Monday and Tuesday 9:00 AM to 5:00 PM; Wednesday 9:00 AM to 12:00 PM and 1:00 PM to 5:00 PM; '
  'Thursday and Friday 9:00 AM to 5:00 PM; Saturday 10:00 AM to 1:00 PM; Sunday closed',
  'the hours in words, consecutive days with the same hours together, on the clinic''s 12-hour clock');
select is(booking.weekly_hours_summary(tests.org_id('Other Context Clinic')), 'Monday to Sunday all day',
  'a clinic open around the clock');
update booking.organizations set time_format = '24h' where name = 'Context Clinic';
select is(split_part(booking.weekly_hours_summary(tests.org_id('Context Clinic')), ';', 1),
  'Monday and Tuesday 09:00 to 17:00', 'on a 24-hour clock when the clinic says so');
update booking.organizations set time_format = null where name = 'Context Clinic';

select is(public.book_appointment_atomic(tests.org_id('Context Clinic'), 'Pat Patient', null, '+14155550177',
  'consultation', tests.local_noon(3), 30) ->> 'success', 'true', 'a patient with an upcoming appointment');

call tests.authenticate_as('Context Clinic');
insert into answers values
  ('patient', public.voice_call_context(tests.org_id('Context Clinic'), '+1 (415) 555-0177', 'call-a')),
  ('stranger', public.voice_call_context(tests.org_id('Context Clinic'), '+14155550178', 'call-b')),
  ('withheld', public.voice_call_context(tests.org_id('Context Clinic'), null, 'call-c'));
select is(pg_temp.r('patient') ->> 'clinic_name', 'Context Clinic', 'the clinic''s name');
select is(pg_temp.r('patient') ->> 'clinic_phone', '+14155550142', 'its phone');
select is(pg_temp.r('patient') ->> 'clinic_phone_display', '(415) 555-0142', 'as patients read it');
select is(pg_temp.r('patient') ->> 'transfer_phone', '+14155550142', 'the number to transfer to');
select is(pg_temp.r('patient') ->> 'today', to_char((now() at time zone 'America/New_York')::date, 'YYYY-MM-DD'),
  'today in the clinic''s zone');
select is(pg_temp.r('patient') ->> 'today_text',
  to_char((now() at time zone 'America/New_York')::date, 'FMDay, FMMonth FMDD, YYYY'), 'and in words');
select alike(pg_temp.r('patient') ->> 'hours_summary', 'Monday and Tuesday 9:00 AM to 5:00 PM;%', 'its hours');
select is(pg_temp.r('patient') ->> 'caller_has_upcoming_appointment', 'true',
  'verify_changes: a caller id with an upcoming appointment: yes');
select is(pg_temp.r('stranger') ->> 'caller_has_upcoming_appointment', 'false', 'another number: no');
select is(pg_temp.r('withheld') ->> 'caller_has_upcoming_appointment', null, 'no caller id: nothing');
select is((select array_agg(k order by k) from json_object_keys(pg_temp.r('patient')) k),
  array['caller_has_upcoming_appointment', 'caller_id_policy', 'clinic_name', 'clinic_phone',
        'clinic_phone_display', 'hours_summary', 'success', 'timezone', 'timezone_name', 'today',
        'today_text', 'transfer_phone'],
  'never a time, a service or an id of the appointment');
select is(pg_temp.lookups(), 2, 'each check counts as a lookup (not without a caller id)');

call tests.authenticate_as_service_role();
select is(public.set_caller_id_policy(tests.org_id('Context Clinic'), 'verify_all', 2) ->> 'success', 'true', 'verify_all');
call tests.authenticate_as('Context Clinic');
insert into answers values
  ('all', public.voice_call_context(tests.org_id('Context Clinic'), '+14155550177', 'call-d'));
select is(pg_temp.r('all') ->> 'caller_has_upcoming_appointment', null,
  'verify_all: nothing about the caller');
select is(pg_temp.r('all') ->> 'clinic_name', 'Context Clinic', 'the clinic all the same');

call tests.authenticate_as_service_role();
select is(public.set_caller_id_policy(tests.org_id('Context Clinic'), 'verify_changes', 1) ->> 'success', 'true', 'one lookup per call');
call tests.authenticate_as('Context Clinic');
insert into answers values
  ('first', public.voice_call_context(tests.org_id('Context Clinic'), '+14155550177', 'call-e')),
  ('again', public.voice_call_context(tests.org_id('Context Clinic'), '+14155550177', 'call-e'));
select is(pg_temp.r('first') ->> 'caller_has_upcoming_appointment', 'true', 'within the lookup limit: yes');
select is(pg_temp.r('again') ->> 'caller_has_upcoming_appointment', null,
  'past the call''s lookup limit: nothing');

-- The voice agent's own number is no number to transfer to.
call tests.authenticate_as_service_role();
update booking.organizations set contact_phone = null where name = 'Context Clinic';
select is(public.set_voice_agent(tests.org_id('Context Clinic'), repeat('s', 40), null, '+14155550142') ->> 'success', 'true', 'the agent answers the clinic''s number');
call tests.authenticate_as('Context Clinic');
insert into answers values ('agent', public.voice_call_context(tests.org_id('Context Clinic')));
select is(pg_temp.r('agent') ->> 'clinic_phone', '+14155550142', 'patients are told the agent''s number');
select is(pg_temp.r('agent') ->> 'transfer_phone', null, 'but no transfer to it');

select throws_ok(format('select public.voice_call_context(%L)', tests.org_id('Other Context Clinic')),
  '42501', null, 'another clinic''s context is refused');
call tests.authenticate_as_anon();
select throws_ok(format('select public.voice_call_context(%L)', tests.org_id('Context Clinic')),
  '42501', null, 'and anonymous callers');

select * from finish();
rollback;
