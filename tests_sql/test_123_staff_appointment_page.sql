-- Staff cancel with a reason, texting the patient or not (issue 23):
-- public.cancel_appointment's p_notify_patient (default true, NULL is
-- true); without the text the reminders are cancelled all the same; the
-- history shows the reason, the member and whether the patient was texted;
-- a patient's own cancellation is always texted. The appointment page
-- (public.appointment_detail): history with the member and reason, SMS
-- with their status, reminders, what staff may do; staff confirm on the
-- patient's behalf (public.confirm_appointment_for_patient); another clinic
-- sees nothing. The dashboard's feed in words (public.dashboard_feed): the
-- stream's ids, the patient's name, times on the clinic's clock.
begin;
select plan(36);
set constraints all immediate;

call tests.create_org('Quiet Clinic');
call tests.create_staff_account('desk@quiet.test', 'Quiet Clinic', 'front_desk');
call tests.create_org('Nosy Clinic');
create function pg_temp.book(p_phone text, p_days integer) returns text language sql as $$
  select public.book_appointment_atomic(tests.org_id('Quiet Clinic'), 'Quinn Quiet', null, p_phone,
         'Cleaning', tests.local_noon(p_days), 60) ->> 'appointment_id';
$$;
create function pg_temp.sms(p_id text) returns text language sql as $$
  select coalesce(string_agg(kind || '/' || status, ',' order by kind, status), 'none')
    from booking.sms_outbox where appointment_id = p_id::uuid and kind in ('cancellation', 'reminder');
$$;
grant execute on all functions in schema pg_temp to public;
do $$
begin
  perform set_config('t.quiet', pg_temp.book('+14155551231', 3), true);
  perform set_config('t.told', pg_temp.book('+14155551232', 4), true);
  perform set_config('t.null', pg_temp.book('+14155551233', 5), true);
  perform set_config('t.self', pg_temp.book('+14155551234', 6), true);
end $$;

select has_function('public', 'cancel_appointment', array['uuid', 'uuid', 'text', 'boolean'],
  'cancel_appointment takes p_notify_patient');
select hasnt_function('public', 'cancel_appointment', array['uuid', 'uuid', 'text'],
  'the old three-argument signature is gone (no ambiguous overload)');
select is(pg_temp.sms(current_setting('t.quiet')), 'reminder/pending', 'a booked appointment has a pending reminder');

-- Without texting the patient.
call tests.authenticate_as_account('desk@quiet.test');
select is(public.cancel_appointment(tests.org_id('Quiet Clinic'), current_setting('t.quiet')::uuid,
            'Practitioner unavailable: sick', false) ->> 'success', 'true', 'staff cancel without texting: success');
call tests.clear_authentication();
select is(pg_temp.sms(current_setting('t.quiet')), 'reminder/canceled',
  'no cancellation SMS is queued, and the reminder is cancelled all the same');
select is((select status from booking.appointments where id = current_setting('t.quiet')::uuid), 'cancelled', 'the appointment is cancelled');
call tests.authenticate_as_account('desk@quiet.test');
select is((select h - 'occurred_at' - 'from_scheduled_at' - 'to_scheduled_at'
             from jsonb_array_elements(public.appointment_history(tests.org_id('Quiet Clinic'),
                    current_setting('t.quiet')::uuid)::jsonb -> 'history') h),
  '{"action": "cancelled", "actor": "staff", "from_status": "scheduled", "to_status": "cancelled",
    "reason": "Practitioner unavailable: sick", "late": false, "patient_notified": false}'::jsonb,
  'the history shows the reason and that the patient was not texted');
select is((select actor_account_id from booking.appointment_history where appointment_id = current_setting('t.quiet')::uuid),
  tests.account_id('desk@quiet.test'), 'and the member who cancelled');
select is(public.cancel_appointment(tests.org_id('Quiet Clinic'), current_setting('t.quiet')::uuid, null, true) ->> 'success',
  'true', 'cancelling it again, now asking for the text: success');
call tests.clear_authentication();
select is(pg_temp.sms(current_setting('t.quiet')), 'reminder/canceled', 'but changes nothing: still no text');

-- Texting the patient: explicitly, by default, and for NULL.
call tests.authenticate_as_account('desk@quiet.test');
select is(public.cancel_appointment(tests.org_id('Quiet Clinic'), current_setting('t.told')::uuid, 'Clinic closed', true) ->> 'success',
  'true', 'staff cancel with the text');
select is(public.cancel_appointment(p_org_id => tests.org_id('Quiet Clinic'), p_appointment_id => current_setting('t.null')::uuid,
            p_notify_patient => null) ->> 'success', 'true', 'staff cancel with p_notify_patient NULL');
call tests.clear_authentication();
select is(pg_temp.sms(current_setting('t.told')) || ' ' || pg_temp.sms(current_setting('t.null')),
  'cancellation/pending,reminder/canceled cancellation/pending,reminder/canceled',
  'both queue the cancellation SMS (NULL means yes)');

-- A patient's own cancellation is always texted, whatever is passed.
select is(booking.cancel_appointment_as(tests.org_id('Quiet Clinic'), current_setting('t.self')::uuid, 'patient_link',
             null, false) ->> 'success', 'true', 'a patient cancels by link (passing false)');
select is(pg_temp.sms(current_setting('t.self')) || ' '
           || (select patient_notified from booking.appointment_history where appointment_id = current_setting('t.self')::uuid),
  'cancellation/pending,reminder/canceled true', 'and is texted: only staff may choose not to');

-- Confirm on the patient's behalf.
do $$
begin
  perform set_config('t.page', pg_temp.book('+14155551235', 7), true);
end $$;
call tests.authenticate_as_account('desk@quiet.test');
select is((public.appointment_detail(tests.org_id('Quiet Clinic'), current_setting('t.page')::uuid) -> 'appointment' ->> 'can_confirm'),
  'true', 'a booked appointment: staff may confirm it for the patient');
select is(public.confirm_appointment_for_patient(tests.org_id('Quiet Clinic'), current_setting('t.page')::uuid) ->> 'success', 'true',
  'staff confirm on the patient''s behalf');
select is(public.confirm_appointment_for_patient(tests.org_id('Quiet Clinic'), current_setting('t.page')::uuid) ->> 'success', 'true',
  'confirming again: success, nothing more');
create temp table detail as
  select public.appointment_detail(tests.org_id('Quiet Clinic'), current_setting('t.page')::uuid)::jsonb as d;
select is((select jsonb_build_array(h ->> 'action', h ->> 'actor', h ->> 'member_email')
             from detail, jsonb_array_elements(d -> 'history') h),
  '["patient_confirmed", "staff", "desk@quiet.test"]'::jsonb, 'one history row: confirmed by staff, naming the member');
select is((select jsonb_build_array(d -> 'appointment' ->> 'can_confirm', d -> 'appointment' ->> 'patient_confirmed_local' is not null,
                                    d -> 'appointment' ->> 'service_name', d -> 'appointment' ->> 'timezone_name')
             from detail),
  '["false", true, "Cleaning", "Eastern Time"]'::jsonb, 'the page: confirmed, its service and the clinic''s zone');
select is((select string_agg(m ->> 'kind' || '/' || (m ->> 'status'), ',') from detail, jsonb_array_elements(d -> 'messages') m),
  'confirmation/pending', 'the SMS for it with their status (reminders apart)');
select is((select string_agg(r ->> 'status' || '/' || (r ->> 'for_current_start'), ',') from detail, jsonb_array_elements(d -> 'reminders') r),
  'pending/true', 'its reminder, pending, for its current start');
select matches((select d -> 'appointment' ->> 'local_text' from detail), '^[A-Z][a-z]+day, ',
  'the start in words on the clinic''s clock');
select is((public.appointment_detail(tests.org_id('Quiet Clinic'), current_setting('t.quiet')::uuid)::jsonb
             -> 'appointment' ->> 'can_cancel'), 'false', 'a cancelled appointment cannot be cancelled again');
select is((select jsonb_build_array(h ->> 'reason', h ->> 'patient_notified', h ->> 'member_email')
             from jsonb_array_elements(public.appointment_detail(tests.org_id('Quiet Clinic'), current_setting('t.quiet')::uuid)::jsonb -> 'history') h),
  '["Practitioner unavailable: sick", "false", "desk@quiet.test"]'::jsonb, 'its page shows the reason, the member, not texted');

call tests.authenticate_as('Nosy Clinic');
select throws_ok(format('select public.appointment_detail(%L, %L)', tests.org_id('Quiet Clinic'), current_setting('t.page')),
  '42501', null, 'another clinic''s member cannot read the page');
select is(public.appointment_detail(tests.org_id('Nosy Clinic'), current_setting('t.page')::uuid) ->> 'error', 'APPOINTMENT_NOT_FOUND',
  'nor find it under their own clinic');
select is(public.confirm_appointment_for_patient(tests.org_id('Nosy Clinic'), current_setting('t.page')::uuid) ->> 'error',
  'APPOINTMENT_NOT_FOUND', 'nor confirm it');
call tests.authenticate_as_anon();
select throws_ok(format('select public.confirm_appointment_for_patient(%L, %L)', tests.org_id('Quiet Clinic'), current_setting('t.page')),
  '42501', null, 'anon cannot confirm');

-- The feed in words.
call tests.authenticate_as_account('desk@quiet.test');
create temp table feed as select public.dashboard_feed(tests.org_id('Quiet Clinic'), 200)::jsonb as f;
select is((select f -> 'events' -> 0 ->> 'type' from feed), 'appointment.patient_confirmed',
  'the feed: newest first (the confirmation for the patient)');
select is((select jsonb_build_array(e ->> 'patient_name', e ->> 'actor') from feed, jsonb_array_elements(f -> 'events') e
            where e ->> 'type' = 'appointment.patient_confirmed'),
  '["Quinn Quiet", "staff"]'::jsonb, 'an event names its patient and who acted');
select ok((select bool_and(e ->> 'patient_name' = 'Quinn Quiet') from feed, jsonb_array_elements(f -> 'events') e
            where e ->> 'type' like 'sms.%' and e ->> 'kind' = 'confirmation'),
  'an SMS event names the patient it was for');
select is((select f -> 'events' -> 0 ->> 'local_time' from feed),
  to_char(now() at time zone 'America/New_York', 'FMHH12:MI AM'), 'times on the clinic''s clock (New York, 12-hour)');
call tests.clear_authentication();
select is((select f -> 'events' -> 0 ->> 'id' from feed),
  (select booking.event_cursor(txid, seq) from booking.events where org_id = tests.org_id('Quiet Clinic')
    order by txid desc, seq desc limit 1), 'each event carries the stream''s id');
call tests.authenticate_as('Nosy Clinic');
select throws_ok(format('select public.dashboard_feed(%L)', tests.org_id('Quiet Clinic')), '42501', null,
  'another clinic''s member cannot read the feed');
select is(public.dashboard_feed(tests.org_id('Nosy Clinic')) -> 'events' ->> 0, null, 'their own feed has none of it');

select * from finish();
rollback;
