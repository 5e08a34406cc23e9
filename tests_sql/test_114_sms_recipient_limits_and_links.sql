-- What one number may receive from a clinic: at most recipient_sms_per_hour
-- (default 6) and recipient_sms_per_day (default 15) patient SMS, and
-- auto_replies_per_hour (default 4) automatic replies; beyond them the
-- message is recorded suppressed with RECIPIENT_RATE_LIMITED and an
-- sms.rate_limited event, never dropped. One-time codes and hot-lead alerts
-- neither count nor are limited; each clinic counts its own. R reuses a
-- live link. Manage links: a token opens its appointment until
-- manage_link_days (default 30) after it ended, then LINK_EXPIRED; links
-- leave the stored bodies once the message left the outbox.
begin;
select plan(41);

call tests.create_org('Cap Clinic');
call tests.create_org('Other Cap Clinic');
create function pg_temp.patient_sms(p_org text, p_phone text, p_status text, p_error text default null)
returns integer language sql as $$
  select count(*)::integer from booking.sms_outbox
   where org_id = tests.org_id(p_org) and recipient = p_phone and status = p_status
     and error_code is not distinct from p_error
     and kind in ('confirmation', 'reminder', 'cancellation', 'reschedule', 'reply')
$$;

-- Queues an SMS, then reads what became of it (status[/error_code]).
create function pg_temp.send(p_org uuid, p_kind text, p_phone text, p_body text) returns text language plpgsql as $$
declare
  v_id uuid := booking.enqueue_sms(p_org, p_kind, p_phone, p_body);
begin
  return (select status || coalesce('/' || error_code, '') from booking.sms_outbox where id = v_id);
end $$;

-- A member's book/cancel loop: 20 cycles, 40 patient SMS due now.
call tests.authenticate_as('Cap Clinic');
do $$
declare
  v_id uuid;
begin
  for i in 1..20 loop
    v_id := (public.book_appointment_atomic(tests.org_id('Cap Clinic'), 'Lou Loop', null, '+14155551401',
              'consultation', tests.local_noon(2) + i * interval '1 hour', 30) ->> 'appointment_id')::uuid;
    perform public.cancel_appointment(tests.org_id('Cap Clinic'), v_id, 'loop');
  end loop;
end $$;
call tests.clear_authentication();
select is((select count(*)::integer from booking.appointments where org_id = tests.org_id('Cap Clinic')
            and status = 'cancelled'), 20, 'the loop booked and cancelled 20 times');
select is(pg_temp.patient_sms('Cap Clinic', '+14155551401', 'pending'), 6, 'the number gets at most 6 SMS in the hour');
select is(pg_temp.patient_sms('Cap Clinic', '+14155551401', 'suppressed', 'RECIPIENT_RATE_LIMITED'), 34,
  'the other 34 are recorded suppressed with RECIPIENT_RATE_LIMITED');
select is((select count(*)::integer from booking.sms_rate_limit_hits where org_id = tests.org_id('Cap Clinic')
            and limit_name = 'recipient_sms_per_hour'), 34, 'each refusal is recorded');
select is((select count(*)::integer from booking.events where org_id = tests.org_id('Cap Clinic') and type = 'sms.rate_limited'), 34,
  'as an sms.rate_limited event on the clinic''s feed');
select is((select count(*)::integer from booking.sms_outbox where org_id = tests.org_id('Cap Clinic')
            and kind = 'reminder' and status <> 'canceled'), 0, 'the reminders queued for later were cancelled with their appointments');

-- Not counted, not limited: one-time codes, hot-lead alerts; other clinics count their own.
select is(pg_temp.send(tests.org_id('Cap Clinic'), 'otp', '+14155551401', 'Your code is 123456'),
  'pending', 'a one-time code still goes (it has its own limits)');
select is(pg_temp.send(tests.org_id('Cap Clinic'), 'hot_lead_alert', '+14155551401', 'Hot lead'),
  'pending', 'an alert to the clinic is exempt');
select is(pg_temp.send(tests.org_id('Other Cap Clinic'), 'cancellation', '+14155551401', 'Other clinic'),
  'pending', 'another clinic counts its own messages to the number');
select is(pg_temp.send(tests.org_id('Cap Clinic'), 'cancellation', '+14155551402', 'Another number'),
  'pending', 'and another number has its own count');

-- An hour later the hour's count starts again; the day's still holds.
update booking.sms_outbox set created_at = created_at - interval '61 minutes' where org_id = tests.org_id('Cap Clinic');
do $$
begin
  for i in 1..12 loop
    perform booking.enqueue_sms(tests.org_id('Cap Clinic'), 'cancellation', '+14155551401', 'Later ' || i);
  end loop;
end $$;
select is((select count(*)::integer from booking.sms_outbox where org_id = tests.org_id('Cap Clinic') and recipient = '+14155551401'
            and body like 'Later %' and status = 'pending'), 6, 'the next hour: 6 more');
select is((select count(*)::integer from booking.sms_rate_limit_hits where org_id = tests.org_id('Cap Clinic')
            and limit_name = 'recipient_sms_per_hour'), 40, 'the rest refused by the hour');
select is(public.set_sms_limits(tests.org_id('Cap Clinic'), null, null, 100, 12) ->> 'recipient_sms_per_day', '12',
  'the limits are settable');
select is(pg_temp.send(tests.org_id('Cap Clinic'), 'cancellation', '+14155551401', 'Over the day'),
  'suppressed/RECIPIENT_RATE_LIMITED', 'with 100 an hour and 12 a day, the 13th sent today (suppressed ones do not count) is refused');
select is((select limit_name from booking.sms_rate_limit_hits where org_id = tests.org_id('Cap Clinic')
            order by created_at desc, limit_name limit 1), 'recipient_sms_per_day', 'named as the day''s limit');
update booking.sms_outbox set created_at = created_at - interval '1 day' where org_id = tests.org_id('Cap Clinic');
select is(pg_temp.send(tests.org_id('Cap Clinic'), 'cancellation', '+14155551401', 'Next day'),
  'pending', 'a day later the number may be texted again');

-- Automatic replies: at most 4 an hour to one sender.
do $$
begin
  for i in 1..5 loop
    perform booking.enqueue_sms(tests.org_id('Other Cap Clinic'), 'reply', '+14155551403', 'Reply ' || i);
  end loop;
end $$;
select is(pg_temp.patient_sms('Other Cap Clinic', '+14155551403', 'pending'), 4, 'four automatic replies in the hour');
select is((select limit_name from booking.sms_rate_limit_hits where org_id = tests.org_id('Other Cap Clinic')),
  'auto_replies_per_hour', 'the fifth is refused by the auto-reply limit');

-- R ten times: one manage token, then pointers to the live link.
call tests.create_org('Link Clinic');
create temp table link_appt as
  select (public.book_appointment_atomic(tests.org_id('Link Clinic'), 'Rae Repeat', null, '+14155551404',
            'consultation', tests.local_noon(3), 30) ->> 'appointment_id')::uuid as id;
create temp table tokens_before as select count(*) as n from booking.appointment_manage_tokens where appointment_id = (select id from link_appt);
create temp table r_answers (n integer, r json);
grant select, insert on r_answers, link_appt to public;
call tests.authenticate_as_service_role();
insert into r_answers select n, booking.record_inbound_sms(tests.org_id('Link Clinic'), '+14155551404', 'R') from generate_series(1, 10) n;
call tests.clear_authentication();
select is((select count(*)::integer from booking.appointment_manage_tokens where appointment_id = (select id from link_appt))
          - (select n from tokens_before)::integer, 1, '10 × R mint one manage token');
select ok((select bool_and((r ->> 'link_reused')::boolean) from r_answers where n > 1)
          and not (select (r ->> 'link_reused')::boolean from r_answers where n = 1), 'the later ones reuse the live link');
select ok((select body ~ 'the link we texted you at [0-9]{1,2}:[0-9]{2} [AP]M for your appointment on .* still works\.$' from booking.sms_outbox
            where id = (select (r ->> 'message_id')::uuid from r_answers where n = 2)), 'and say so, with the time it was texted');
select is((select count(*)::integer from booking.sms_outbox where org_id = tests.org_id('Link Clinic') and kind = 'reply'
            and status = 'suppressed' and error_code = 'RECIPIENT_RATE_LIMITED'), 6, 'beyond 4 automatic replies an hour, suppressed');

-- Settings: validated, for owners and admins.
select is(public.set_sms_limits(tests.org_id('Cap Clinic'), null, null, 0) ->> 'error', 'INVALID_RECIPIENT_SMS_PER_HOUR', 'at least 1 an hour');
select is(public.set_sms_limits(tests.org_id('Cap Clinic'), null, null, null, 0) ->> 'error', 'INVALID_RECIPIENT_SMS_PER_DAY', 'at least 1 a day');
select is(public.set_sms_limits(tests.org_id('Cap Clinic'), null, null, null, null, -1) ->> 'error', 'INVALID_AUTO_REPLIES_PER_HOUR',
  'no negative auto-reply limit');

-- Links out of the stored bodies once the message left the outbox.
call tests.create_org('Redact Clinic');
create temp table redact as
  select (public.book_appointment_atomic(tests.org_id('Redact Clinic'), 'Ray Redact', null, '+14155551405',
            'consultation', tests.local_noon(4), 30) ->> 'appointment_id')::uuid as id;
create temp table confirmation as
  select o.id, substring(o.body from '/a/([A-Za-z0-9_-]+)') as token
    from booking.sms_outbox o where o.appointment_id = (select id from redact) and o.kind = 'confirmation';
grant select on redact, confirmation to public;
select ok((select token is not null from confirmation), 'a pending confirmation carries its manage link');
update booking.sms_outbox set status = 'claimed', claimed_by = 'test', attempts = 1 where id = (select id from confirmation);
select ok((select body ~ '/a/' from booking.sms_outbox where id = (select id from confirmation)), 'still while a worker sends it');
call tests.authenticate_as_service_role();
select is(booking.record_sms_accepted(tests.org_id('Redact Clinic'), (select id from confirmation), 'twilio', 'SMredact1', 'queued'),
  'queued', 'the provider accepts it');
call tests.clear_authentication();
select ok((select body !~ '/a/' and body !~ 'https?://' from booking.sms_outbox where id = (select id from confirmation)),
  'then no link is left in the stored body');
select ok((select strpos(body, '[manage link]') > 0 from booking.sms_outbox where id = (select id from confirmation)),
  'a marker is in its place');
select is(public.manage_appointment((select token from confirmation)) ->> 'appointment_id', (select id::text from redact),
  'the link the patient got still works (its hash is kept)');
do $$ begin
  perform booking.record_sms_opt_out(tests.org_id('Redact Clinic'), '+14155551405', true, 'STOP', 'inbound_keyword');
end $$;
create temp table resched as
  select booking.enqueue_appointment_sms(tests.org_id('Redact Clinic'), (select id from redact), 'reschedule') as id;
select is((select status from booking.sms_outbox where id = (select id from resched)), 'suppressed',
  'a reschedule notice to an opted-out number is recorded suppressed');
select ok((select body !~ '/a/' and strpos(body, '[manage link]') > 0 from booking.sms_outbox where id = (select id from resched)),
  'and keeps no link');

-- Manage tokens expire manage_link_days after the appointment ended.
update booking.appointments set scheduled_at = now() - interval '29 days', ends_at = now() - interval '29 days' + interval '30 minutes', status = 'completed'
 where id = (select id from redact);
select is(public.manage_appointment((select token from confirmation)) ->> 'success', 'true',
  '29 days after the appointment the link still opens it');
update booking.appointments set scheduled_at = now() - interval '31 days', ends_at = now() - interval '31 days' + interval '30 minutes' where id = (select id from redact);
select is(public.manage_appointment((select token from confirmation)) ->> 'error', 'LINK_EXPIRED', 'after 30 days it has expired');
select is(public.manage_appointment((select token from confirmation)) ->> 'clinic_name', 'Redact Clinic', 'the answer names the clinic');
select is(public.manage_appointment('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA') ->> 'error', 'APPOINTMENT_NOT_FOUND',
  'an unknown token still reveals nothing');
select is(public.manage_cancel((select token from confirmation), null) ->> 'error', 'APPOINTMENT_NOT_FOUND',
  'an expired link changes nothing');
call tests.authenticate_as_service_role();
select is(public.set_booking_setting('manage_link_days', '60') ->> 'value', '60', 'the lifetime is a package setting');
call tests.clear_authentication();
select is(public.manage_appointment((select token from confirmation)) ->> 'success', 'true', 'with 60 days it opens again');
call tests.authenticate_as_service_role();
select is(public.set_booking_setting('manage_link_days', '0') ->> 'error', 'INVALID_SETTING_VALUE', '1 to 3650 days');
call tests.clear_authentication();

select * from finish();
rollback;
