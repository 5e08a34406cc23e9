-- What patients read follows the clinic profile (issue 22): every SMS and
-- page that says "call us" names the clinic's number formatted for its
-- region (its contact phone, else the voice agent's, else none); times on
-- the clinic's clock (12-hour in the US, 24-hour in GB, or as the clinic
-- chose); services by the name patients read.
begin;
select plan(26);
-- Events are written at commit (deferred triggers); this test rolls back.
set constraints all immediate;

call tests.create_org('Text Clinic');
call tests.create_org('Agent Text Clinic');
call tests.create_org('Bare Text Clinic');
call tests.create_org('Clock Text Clinic');
call tests.create_org('Euro Text Clinic', 'Europe/London', 'GB');
do $$
begin
  perform public.set_clinic_profile(tests.org_id('Text Clinic'), 'Text Clinic', '415 555 0100', '12 Main St',
                                    'America/New_York', 'US');
  perform public.set_voice_agent(tests.org_id('Text Clinic'), repeat('s', 40), 'asst-text', '+1 415 555 1299');
  perform public.set_voice_agent(tests.org_id('Agent Text Clinic'), repeat('t', 40), 'asst-agent', '+1 415 555 1200');
  perform public.set_clinic_profile(tests.org_id('Clock Text Clinic'), 'Clock Text Clinic', null, null,
                                    'America/New_York', 'US', '24h');
  perform public.set_clinic_profile(tests.org_id('Euro Text Clinic'), 'Euro Text Clinic', '020 7946 0018', null,
                                    'Europe/London', 'GB');
  perform public.upsert_service_type(tests.org_id('Text Clinic'), 'cal-1', 'Cleaning', 30, 0, true, 'Teeth cleaning');
end $$;

create function pg_temp.book(p_org text, p_phone text, p_at timestamptz) returns uuid language sql as $$
  select (public.book_appointment_atomic(tests.org_id(p_org), 'Pat Patient', null, p_phone,
          'Cleaning', p_at, 30) ->> 'appointment_id')::uuid;
$$;
create function pg_temp.body(p_id uuid, p_kind text) returns text language sql as $$
  select body from booking.sms_outbox where appointment_id = p_id and kind = p_kind order by created_at desc limit 1;
$$;
create function pg_temp.at_1430(p_days integer, p_timezone text default 'America/New_York') returns timestamptz language sql as $$
  select tests.local_noon(p_days, p_timezone) + interval '150 minutes';
$$;
create temp table appts (name text primary key, id uuid);
insert into appts values
  ('text', pg_temp.book('Text Clinic', '+14155550901', pg_temp.at_1430(3))),
  ('agent', pg_temp.book('Agent Text Clinic', '+14155550902', pg_temp.at_1430(3))),
  ('bare', pg_temp.book('Bare Text Clinic', '+14155550903', pg_temp.at_1430(3))),
  ('clock', pg_temp.book('Clock Text Clinic', '+14155550904', pg_temp.at_1430(3))),
  ('euro', pg_temp.book('Euro Text Clinic', '+447911123456', pg_temp.at_1430(3, 'Europe/London')));
create function pg_temp.id(p_name text) returns uuid language sql as $$ select id from appts where name = p_name $$;

-- The confirmation and the reminder: the service's display name, the clinic's clock.
select matches(pg_temp.body(pg_temp.id('text'), 'confirmation'),
  '^Text Clinic: your Teeth cleaning appointment is confirmed for [A-Za-z]+, [A-Za-z]+ [0-9]{1,2}, [0-9]{4} at 2:30 PM E[SD]T\. To reschedule or cancel: ',
  'US: the confirmation names the service as patients read it, at 2:30 PM');
select matches(pg_temp.body(pg_temp.id('text'), 'reminder'),
  '^Text Clinic: reminder of your Teeth cleaning appointment on .* at 2:30 PM E[SD]T\. Reply Y to confirm or C to cancel\.$',
  'the reminder too');
select matches(pg_temp.body(pg_temp.id('euro'), 'confirmation'), ' at 14:30 (GMT|BST)\. ', 'GB: the 24-hour clock');
select matches(pg_temp.body(pg_temp.id('clock'), 'confirmation'), ' at 14:30 E[SD]T\. ',
  'a US clinic that chose the 24-hour clock gets it');
select matches(pg_temp.body(pg_temp.id('agent'), 'reminder'), ' at 2:30 PM E[SD]T\. ', 'a US clinic without a choice: 12-hour');
select is(booking.format_local_time(tests.org_id('Euro Text Clinic'), '2027-01-15 14:30Z'),
  'Friday, January 15, 2027 at 14:30 GMT', 'format_local_time: date, 24-hour time, zone abbreviation');
select is(booking.format_local_time(tests.org_id('Text Clinic'), '2027-07-15 18:05Z'),
  'Thursday, July 15, 2027 at 2:05 PM EDT', 'format_local_time: 12-hour with AM/PM');
select is(booking.format_local_time(tests.org_id('Text Clinic'), '2027-07-15 18:05Z', true), '2:05 PM',
  'format_local_time: the clock alone');

-- "Call us": the clinic's number, else the voice agent's, else none.
do $$
begin
  perform public.cancel_appointment(tests.org_id(o), pg_temp.id(n), null)
     from (values ('Text Clinic', 'text'), ('Agent Text Clinic', 'agent'), ('Bare Text Clinic', 'bare'),
                  ('Euro Text Clinic', 'euro')) v(o, n);
end $$;
select is(pg_temp.body(pg_temp.id('text'), 'cancellation'),
  'Text Clinic: your Teeth cleaning appointment on ' || booking.format_local_time(tests.org_id('Text Clinic'), pg_temp.at_1430(3))
  || ' has been cancelled. Call us at (415) 555-0100 to book again.',
  'the cancellation names the clinic''s own number (before the voice agent''s), in the national format');
select matches(pg_temp.body(pg_temp.id('agent'), 'cancellation'), 'has been cancelled\. Call us at \(415\) 555-1200 to book again\.$',
  'without one, the voice agent''s number');
select matches(pg_temp.body(pg_temp.id('bare'), 'cancellation'), 'has been cancelled\. Call us to book again\.$',
  'without either, no number');
select matches(pg_temp.body(pg_temp.id('euro'), 'cancellation'), ' at 14:30 (GMT|BST) has been cancelled\. Call us at 020 7946 0018 to book again\.$',
  'GB: 24-hour, the clinic''s number');
select ok((select max(length(body)) <= 200 from booking.sms_outbox
            where appointment_id in (select id from appts) and kind = 'cancellation'),
  'a cancellation with the number stays within two SMS segments of a short clinic name (at most 200 characters)');

-- The manage page's read model (a token is issued in a statement of its
-- own: the manage functions read the statement's snapshot).
create temp table tokens as
  select name, booking.issue_manage_token(a.org_id, a.id) as token
    from appts join booking.appointments a using (id);
create function pg_temp.token(p_name text) returns text language sql as $$ select token from tokens where name = p_name $$;
create temp table summary as select public.manage_appointment(pg_temp.token('text'))::jsonb as r;
select is((select jsonb_build_object('service_name', r -> 'service_name', 'clinic_phone', r -> 'clinic_phone',
                                     'clinic_phone_display', r -> 'clinic_phone_display', 'clinic_address', r -> 'clinic_address',
                                     'timezone_name', r -> 'timezone_name') from summary),
  jsonb_build_object('service_name', 'Teeth cleaning', 'clinic_phone', '+14155550100',
                     'clinic_phone_display', '(415) 555-0100', 'clinic_address', '12 Main St', 'timezone_name', 'Eastern Time'),
  'the manage page reads the service''s name, the clinic''s number (E.164 for the link, formatted to read), address and zone name');
select matches((select r ->> 'local_text' from summary), ' at 2:30 PM E[SD]T$', 'and the time on the clinic''s clock');
select is((public.manage_appointment(pg_temp.token('agent')) ->> 'clinic_phone_display'),
  '(415) 555-1200', 'a clinic without its own number: the voice agent''s');
select is((public.manage_appointment(pg_temp.token('bare')) ->> 'clinic_phone_display'),
  null, 'neither: none');
select matches((public.manage_appointment(pg_temp.token('euro')) ->> 'local_text'),
  ' at 14:30 (GMT|BST)$', 'GB: 24-hour on the page too');

-- The manage page's free times: labelled on the clinic's clock, the zone named.
insert into appts values ('text2', pg_temp.book('Text Clinic', '+14155550905', pg_temp.at_1430(4))),
                         ('euro2', pg_temp.book('Euro Text Clinic', '+447911123457', pg_temp.at_1430(4, 'Europe/London')));
insert into tokens select name, booking.issue_manage_token(a.org_id, a.id)
  from appts join booking.appointments a using (id) where name in ('text2', 'euro2');
create temp table slots as
  select 'us' as clinic, public.manage_available_slots(pg_temp.token('text2'), current_date + 5)::jsonb as r
  union all
  select 'gb', public.manage_available_slots(pg_temp.token('euro2'), current_date + 5)::jsonb;
select is((select s ->> 'label' from slots, jsonb_array_elements(r -> 'slots') s
            where clinic = 'us' and s ->> 'local_time' = '14:30'), '2:30 PM', 'US: a free time reads 2:30 PM');
select is((select s ->> 'label' from slots, jsonb_array_elements(r -> 'slots') s
            where clinic = 'us' and s ->> 'local_time' = '09:05'), '9:05 AM', 'and 9:05 AM');
select is((select s ->> 'label' from slots, jsonb_array_elements(r -> 'slots') s
            where clinic = 'gb' and s ->> 'local_time' = '14:30'), '14:30', 'GB: 14:30');
select is((select string_agg(r ->> 'timezone_name', ',' order by clinic) from slots), 'UK Time,Eastern Time',
  'the zone named as people say it');

-- Replies to inbound SMS (each answer kept first: a statement reads its own snapshot).
insert into appts values ('soon', pg_temp.book('Text Clinic', '+14155550906',
                                               tests.within_local_day(date_trunc('minute', now()) + interval '30 minutes', 30)));
create temp table replies (name text primary key, r json);
insert into replies values ('none', booking.record_inbound_sms(tests.org_id('Text Clinic'), '+14155550999', 'Y'));
insert into replies values ('late', booking.record_inbound_sms(tests.org_id('Text Clinic'), '+14155550906', 'C'));
insert into replies values ('confirm', booking.record_inbound_sms(tests.org_id('Text Clinic'), '+14155550905', 'Y'));
create function pg_temp.reply(p_name text) returns text language sql as $$
  select o.body from replies r join booking.sms_outbox o on o.id = (r.r ->> 'message_id')::uuid where r.name = p_name;
$$;
select is(pg_temp.reply('none'),
  'Text Clinic: we have no upcoming appointment for this number. To book, please call the clinic at (415) 555-0100.',
  'no appointment: the reply names the clinic''s number');
select matches(pg_temp.reply('late'), 'is too soon to cancel by text\. Please call the clinic at \(415\) 555-0100\.$',
  'too late to cancel by text: the reply names the clinic''s number');
select matches(pg_temp.reply('confirm'), '^Text Clinic: thank you, your Teeth cleaning on .* at 2:30 PM E[SD]T is confirmed\.',
  'a confirmation reply names the service as patients read it, on the clinic''s clock');

select is(current_setting('TimeZone'), (select setting from pg_settings where name = 'TimeZone'),
  'formatting times leaves the session time zone alone');

select * from finish();
rollback;
