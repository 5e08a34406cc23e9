-- Patients are bound by the calendar's notice periods and by at most 3
-- reschedules per appointment; staff never are (a staff change inside the
-- notice is flagged late). Settings via set_calendar_settings.
begin;
select plan(27);

call tests.create_org('Notice Clinic');
create function pg_temp.book(p_phone text, p_at timestamptz) returns text language sql as $$
  select public.book_appointment_atomic(tests.org_id('Notice Clinic'), 'Pat Patient', null, p_phone,
         'Cleaning', p_at, 30) ->> 'appointment_id';
$$;
create function pg_temp.cancel_as(p_id text, p_actor text) returns text language sql as $$
  select coalesce(booking.cancel_appointment_as(tests.org_id('Notice Clinic'), p_id::uuid, p_actor, null) ->> 'error', 'ok');
$$;
create function pg_temp.move_as(p_id text, p_at timestamptz, p_actor text) returns text language sql as $$
  select coalesce(booking.reschedule_appointment_as(tests.org_id('Notice Clinic'), p_id::uuid, p_at, p_actor) ->> 'error', 'ok');
$$;
create function pg_temp.summary(p_id text) returns json language sql as $$
  select booking.appointment_summary(tests.org_id('Notice Clinic'), p_id::uuid);
$$;

select is((select cancel_notice_minutes || '/' || reschedule_notice_minutes from booking.calendars
            where org_id = tests.org_id('Notice Clinic')), '120/120', 'both notice periods default to 120 minutes');
select is(public.set_calendar_settings(tests.org_id('Notice Clinic'), null,
  '{"cancel_notice_minutes": 180, "reschedule_notice_minutes": 240}') -> 'calendar' ->> 'reschedule_notice_minutes', '240',
  'set_calendar_settings sets them and answers them');
select is(public.set_calendar_settings(tests.org_id('Notice Clinic'), null, '{"cancel_notice_minutes": -1}') ->> 'error',
  'INVALID_SETTINGS', 'a negative notice: INVALID_SETTINGS');
select is(public.set_calendar_settings(tests.org_id('Notice Clinic'), null, '{"reschedule_notice_minutes": 600000}') ->> 'error',
  'INVALID_SETTINGS', 'over a year: INVALID_SETTINGS');
select is((select cancel_notice_minutes || '/' || reschedule_notice_minutes from booking.calendars
            where org_id = tests.org_id('Notice Clinic')), '180/240', 'refused settings change nothing');

do $$
begin
  perform set_config('t.in150', pg_temp.book('+14155550501', tests.within_local_day(date_trunc('minute', now()) + interval '150 minutes', 30, p_earlier => true)), true);
  perform set_config('t.in200', pg_temp.book('+14155550502', tests.within_local_day(date_trunc('minute', now()) + interval '200 minutes', 30)), true);
  perform set_config('t.far', pg_temp.book('+14155550503', tests.local_noon(5)), true);
end $$;

-- 150 minutes ahead: inside both notices.
select is(pg_temp.cancel_as(current_setting('t.in150'), 'patient_phone'), 'TOO_LATE_TO_CHANGE', 'a caller cannot cancel 150 minutes ahead (notice 180)');
select is(pg_temp.cancel_as(current_setting('t.in150'), 'patient_sms'), 'TOO_LATE_TO_CHANGE', 'nor by text');
select is(pg_temp.cancel_as(current_setting('t.in150'), 'patient_link'), 'TOO_LATE_TO_CHANGE', 'nor by the manage link');
select is(pg_temp.move_as(current_setting('t.in150'), tests.local_noon(6), 'patient_phone'), 'TOO_LATE_TO_CHANGE', 'nor move it');
select is((select status from booking.appointments where id = current_setting('t.in150')::uuid), 'scheduled', 'it stays scheduled');
select is((select json_build_array(s ->> 'can_cancel', s ->> 'cancel_blocked_reason', s ->> 'can_reschedule', s ->> 'reschedule_blocked_reason')::text
             from pg_temp.summary(current_setting('t.in150')) s),
  '["false", "TOO_LATE_TO_CHANGE", "false", "TOO_LATE_TO_CHANGE"]', 'the read model says so, with the code');
select is(pg_temp.move_as(current_setting('t.in150'), tests.local_noon(6), 'staff'), 'ok', 'staff may move it');
select is((select late from booking.appointment_history where appointment_id = current_setting('t.in150')::uuid and action = 'rescheduled'),
  true, 'flagged late');

-- 200 minutes ahead: outside the cancel notice (180), inside the reschedule notice (240).
select is(pg_temp.move_as(current_setting('t.in200'), tests.local_noon(6) + interval '1 hour', 'patient_link'), 'TOO_LATE_TO_CHANGE',
  'a patient cannot move it 200 minutes ahead (notice 240)');
select is((select json_build_array(s ->> 'can_cancel', s ->> 'can_reschedule')::text from pg_temp.summary(current_setting('t.in200')) s),
  '["true", "false"]', 'but could cancel it, says the read model');
select is(pg_temp.cancel_as(current_setting('t.in200'), 'patient_sms'), 'ok', 'and does, by text');
select is((select cancelled_by || '/' || late from booking.appointments a join booking.appointment_history h on h.appointment_id = a.id
            where a.id = current_setting('t.in200')::uuid), 'patient_sms/false', 'recorded as the patient''s, not late');

-- At most 3 reschedules by the patient.
select is(pg_temp.move_as(current_setting('t.far'), tests.local_noon(5) + interval '1 hour', 'patient_phone'), 'ok', 'first patient reschedule');
select is(pg_temp.move_as(current_setting('t.far'), tests.local_noon(5) + interval '2 hours', 'patient_link'), 'ok', 'second');
select is((pg_temp.summary(current_setting('t.far')) ->> 'reschedules_remaining')::integer, 1, 'one left');
select is(pg_temp.move_as(current_setting('t.far'), tests.local_noon(5) + interval '3 hours', 'patient_sms'), 'ok', 'third');
select is(pg_temp.move_as(current_setting('t.far'), tests.local_noon(5) + interval '4 hours', 'patient_phone'), 'RESCHEDULE_LIMIT',
  'a fourth: RESCHEDULE_LIMIT');
select is((select json_build_array(s ->> 'can_reschedule', s ->> 'reschedule_blocked_reason', s ->> 'reschedules_remaining', s ->> 'can_cancel')::text
             from pg_temp.summary(current_setting('t.far')) s),
  '["false", "RESCHEDULE_LIMIT", "0", "true"]', 'the read model: no reschedule left, cancelling still possible');
select is(pg_temp.move_as(current_setting('t.far'), tests.local_noon(5) + interval '3 hours', 'patient_phone'), 'SAME_TIME',
  'moving to the start it already has is no reschedule (SAME_TIME, not counted)');
select is(pg_temp.move_as(current_setting('t.far'), tests.local_noon(5) + interval '4 hours', 'staff'), 'ok', 'staff may still move it');
select is((select patient_reschedule_count from booking.appointments where id = current_setting('t.far')::uuid), 3,
  'the count holds the patient''s 3');
select is((select string_agg(actor, ',' order by occurred_at) from booking.appointment_history
            where appointment_id = current_setting('t.far')::uuid),
  'patient_phone,patient_link,patient_sms,staff', 'each move is in the history with its actor');

select * from finish();
rollback;
