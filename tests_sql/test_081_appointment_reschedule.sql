-- public.reschedule_appointment / booking.reschedule_appointment_as: the
-- same row moves, by the booking rule (hours, grid, notice, horizon,
-- appointments, live holds, buffers), its own old interval not blocking
-- it, the EXCLUDE constraint behind; reminders move, one SMS per actual
-- change; codes, history, events.
begin;
select plan(44);
set constraints all immediate;

call tests.create_org('Move Clinic');
call tests.create_org('Other Move Clinic');
call tests.create_org('Hours Move Clinic', p_open_always => false);
create function pg_temp.book(p_org text, p_phone text, p_at timestamptz, p_minutes integer default 60)
returns uuid language sql as $$
  select (public.book_appointment_atomic(tests.org_id(p_org), 'Pat Patient', null, p_phone,
          'Cleaning', p_at, p_minutes) ->> 'appointment_id')::uuid;
$$;
create function pg_temp.move(p_id text, p_at timestamptz, p_org text default 'Move Clinic') returns jsonb language sql as $$
  select public.reschedule_appointment(tests.org_id(p_org), p_id::uuid, p_at)::jsonb;
$$;
create function pg_temp.sms(p_id text, p_kind text) returns integer language sql as $$
  select count(*)::integer from booking.sms_outbox where appointment_id = p_id::uuid and kind = p_kind;
$$;
do $$
begin
  perform set_config('t.a', pg_temp.book('Move Clinic', '+14155550401', tests.local_noon(3))::text, true);
  perform set_config('t.b', pg_temp.book('Move Clinic', '+14155550402', tests.local_noon(3) + interval '2 hours')::text, true);
  perform set_config('t.other', pg_temp.book('Other Move Clinic', '+14155550403', tests.local_noon(3))::text, true);
end $$;

select is_definer('public', 'reschedule_appointment', array['uuid', 'uuid', 'timestamp with time zone'], 'reschedule_appointment is SECURITY DEFINER');
select function_privs_are('public', 'reschedule_appointment', array['uuid', 'uuid', 'timestamptz'], 'authenticated', array['EXECUTE'],
  'members can execute reschedule_appointment');
select function_privs_are('booking', 'reschedule_appointment_as', array['uuid', 'uuid', 'timestamptz', 'text'], 'authenticated',
  array[]::text[], 'the internal reschedule_appointment_as is granted to no API role');

-- 30 minutes later: inside its own old interval.
create temp table m1 as select pg_temp.move(current_setting('t.a'), tests.local_noon(3) + interval '30 minutes') as r;
select is((select r - 'created_at' from m1), jsonb_build_object('success', true, 'appointment_id', current_setting('t.a'),
  'scheduled_at', booking.to_iso8601_utc(tests.local_noon(3) + interval '30 minutes'),
  'previous_scheduled_at', booking.to_iso8601_utc(tests.local_noon(3))),
  'moving 30 minutes later inside its own hour answers success with the new and previous start');
select is((select scheduled_at || '/' || ends_at from booking.appointments where id = current_setting('t.a')::uuid),
  (tests.local_noon(3) + interval '30 minutes') || '/' || (tests.local_noon(3) + interval '90 minutes'),
  'the same row moved, its end with it');
select is((select count(*)::integer from booking.appointments where org_id = tests.org_id('Move Clinic')), 2,
  'no second appointment was created');
select is((select patient_reschedule_count from booking.appointments where id = current_setting('t.a')::uuid), 0,
  'a staff reschedule does not count against the patient''s limit');
select is(pg_temp.sms(current_setting('t.a'), 'reschedule'), 1, 'one reschedule SMS is queued');
select matches((select body from booking.sms_outbox where appointment_id = current_setting('t.a')::uuid and kind = 'reschedule'),
  '^Move Clinic: your Cleaning appointment has moved to ' || booking.local_time_text(tests.local_noon(3) + interval '30 minutes', 'America/New_York')
  || '\. To reschedule or cancel: http://localhost:8000/a/[A-Za-z0-9_-]{32}$',
  'it says the new local date and time and carries a manage link');
select is(public.manage_appointment(substring((select body from booking.sms_outbox
            where appointment_id = current_setting('t.a')::uuid and kind = 'reschedule') from '/a/([A-Za-z0-9_-]{32})$')) ->> 'appointment_id',
  current_setting('t.a'), 'the link opens this appointment');
select ok((select body !~ '\m(CANCEL|STOP)\M' from booking.sms_outbox where appointment_id = current_setting('t.a')::uuid and kind = 'reschedule'),
  'the reschedule SMS never asks for a carrier opt-out word');

-- Reminders moved.
select is((select string_agg(status || '/' || coalesce(error_code, '-') || '/' || (appointment_scheduled_at - tests.local_noon(3)), ',' order by created_at)
             from booking.sms_outbox where appointment_id = current_setting('t.a')::uuid and kind = 'reminder'),
  'canceled/APPOINTMENT_RESCHEDULED/00:00:00,pending/-/00:30:00',
  'the old start''s reminder is canceled and one for the new start is pending');
select is((select next_attempt_at from booking.sms_outbox where appointment_id = current_setting('t.a')::uuid and kind = 'reminder' and status = 'pending'),
  tests.local_noon(3) + interval '30 minutes' - interval '24 hours', 'due 24 hours before the new start');

-- History and feed.
select is((select jsonb_build_array(action, actor, from_scheduled_at = tests.local_noon(3),
                                    to_scheduled_at = tests.local_noon(3) + interval '30 minutes', late)
             from booking.appointment_history where appointment_id = current_setting('t.a')::uuid),
  jsonb_build_array('rescheduled', 'staff', true, true, false), 'the history records from and to');
select is((select (payload ->> 'actor') || '/' || ((payload ->> 'previous_scheduled_at')::timestamptz = tests.local_noon(3))
             from booking.events where type = 'appointment.rescheduled' and payload ->> 'appointment_id' = current_setting('t.a')),
  'staff/true', 'the feed has appointment.rescheduled with the previous start and the actor');

-- To the start it already has: refused (SAME_TIME), nothing sent or recorded.
select is(pg_temp.move(current_setting('t.a'), tests.local_noon(3) + interval '30 minutes') ->> 'error', 'SAME_TIME',
  'moving to its current start answers SAME_TIME');
select is(pg_temp.sms(current_setting('t.a'), 'reschedule'), 1, 'and sends nothing');
select is((select count(*)::integer from booking.appointment_history where appointment_id = current_setting('t.a')::uuid), 1,
  'and records nothing');

-- Conflicts: appointments, live holds, buffers.
select is(pg_temp.move(current_setting('t.a'), tests.local_noon(3) + interval '90 minutes') ->> 'error', 'SLOT_UNAVAILABLE',
  'overlapping another appointment: SLOT_UNAVAILABLE');
select is((select scheduled_at from booking.appointments where id = current_setting('t.a')::uuid), tests.local_noon(3) + interval '30 minutes',
  'and the appointment stays where it was');
select is(public.claim_slot_atomic(tests.org_id('Move Clinic'), null, tests.local_noon(4), 'call-move', 'Hal Holder', '+14155550404') ->> 'success',
  'true', 'a caller holds noon on day 4');
select is(pg_temp.move(current_setting('t.a'), tests.local_noon(4) - interval '30 minutes') ->> 'error', 'SLOT_UNAVAILABLE',
  'a live hold blocks a move overlapping it');
select is(pg_temp.move(current_setting('t.a'), tests.local_noon(3) + interval '60 minutes') ->> 'success', 'true',
  'ending exactly when the next appointment starts is fine without buffers');
select is(public.set_calendar_settings(tests.org_id('Move Clinic'), 'cal-1', '{"buffer_after_minutes": 15}') ->> 'success', 'true',
  'a 15-minute clean-up buffer');
select is(pg_temp.move(current_setting('t.a'), tests.local_noon(3) + interval '30 minutes') ->> 'success', 'true',
  'its own old interval never blocks it, buffers included');
select is(pg_temp.move(current_setting('t.a'), tests.local_noon(3) + interval '60 minutes') ->> 'error', 'SLOT_UNAVAILABLE',
  'but the buffer keeps it from ending right at the next appointment');

-- The booking codes for the new time.
select is(pg_temp.move(current_setting('t.a'), now() - interval '1 day') ->> 'error', 'PAST_TIME', 'a past start: PAST_TIME');
select is(pg_temp.move(current_setting('t.a'), now() + interval '400 days') ->> 'error', 'TOO_FAR_AHEAD', 'beyond the horizon: TOO_FAR_AHEAD');
select is(pg_temp.move(current_setting('t.a'), null) ->> 'error', 'INVALID_TIME', 'NULL: INVALID_TIME');
select is(pg_temp.move(current_setting('t.a'), 'infinity') ->> 'error', 'INVALID_TIME', 'infinity: INVALID_TIME');
select is(public.set_calendar_settings(tests.org_id('Move Clinic'), 'cal-1', '{"min_notice_minutes": 600}') ->> 'success', 'true',
  'ten hours of minimum notice');
select is(pg_temp.move(current_setting('t.a'), date_trunc('minute', now()) + interval '3 hours') ->> 'error', 'TOO_SOON',
  'inside the minimum notice: TOO_SOON');
-- Weekday hours, 30-minute grid.
do $$
declare
  v_monday date := (select d from generate_series(current_date + 7, current_date + 13, interval '1 day') d
                     where extract(isodow from d) = 1);
begin
  perform set_config('t.monday', v_monday::text, true);
  perform set_config('t.h', pg_temp.book('Hours Move Clinic', '+14155550405',
    (v_monday + time '10:00') at time zone 'America/New_York', 30)::text, true);
end $$;
select is(pg_temp.move(current_setting('t.h'), (current_setting('t.monday')::date + time '03:00') at time zone 'America/New_York',
  'Hours Move Clinic') ->> 'error', 'OUTSIDE_HOURS', 'before opening: OUTSIDE_HOURS');
select is(pg_temp.move(current_setting('t.h'), (current_setting('t.monday')::date + time '10:10') at time zone 'America/New_York',
  'Hours Move Clinic') ->> 'error', 'OUTSIDE_HOURS', 'off the slot grid: OUTSIDE_HOURS');
select is(pg_temp.move(current_setting('t.h'), (current_setting('t.monday')::date + time '16:30') at time zone 'America/New_York',
  'Hours Move Clinic') ->> 'success', 'true', 'the last slot of the day is fine');

-- The appointment's own state.
do $$
begin
  perform public.cancel_appointment(tests.org_id('Move Clinic'), current_setting('t.b')::uuid);
end $$;
select is(pg_temp.move(current_setting('t.b'), tests.local_noon(8)) ->> 'error', 'APPOINTMENT_CANCELLED',
  'a cancelled appointment cannot be moved');
do $$
begin
  perform set_config('t.past', pg_temp.book('Move Clinic', '+14155550406', tests.local_noon(9))::text, true);
  update booking.appointments set scheduled_at = now() - interval '2 hours', ends_at = now() - interval '1 hour'
   where id = current_setting('t.past')::uuid;
end $$;
select is(pg_temp.move(current_setting('t.past'), tests.local_noon(10)) ->> 'error', 'APPOINTMENT_IN_PAST',
  'a past appointment cannot be moved');
select is(pg_temp.move(gen_random_uuid()::text, tests.local_noon(10)) ->> 'error', 'APPOINTMENT_NOT_FOUND', 'unknown: APPOINTMENT_NOT_FOUND');
select is(pg_temp.move(current_setting('t.other'), tests.local_noon(10)) - 'created_at',
  pg_temp.move(gen_random_uuid()::text, tests.local_noon(10)) - 'created_at',
  'another clinic''s appointment answers exactly like an unknown id');
select is((select scheduled_at from booking.appointments where id = current_setting('t.other')::uuid), tests.local_noon(3),
  'and it does not move');
select throws_ok(format('select booking.reschedule_appointment_as(%L, %L, %L, ''robot'')',
  tests.org_id('Move Clinic'), current_setting('t.a'), tests.local_noon(10)), '22023', null, 'an unknown actor raises 22023');

-- The EXCLUDE constraint stays behind the function.
do $$ begin perform set_config('t.c', pg_temp.book('Move Clinic', '+14155550407', tests.local_noon(12))::text, true); end $$;
select throws_ok(format('update booking.appointments set scheduled_at = %L, ends_at = %L where id = %L',
  tests.local_noon(12), tests.local_noon(12) + interval '60 minutes', current_setting('t.a')), '23P01', null,
  'a raw update onto another appointment is refused by appointments_no_overlap');
select is(pg_temp.move(current_setting('t.a'), tests.local_noon(12) + interval '59 minutes') ->> 'error', 'SLOT_UNAVAILABLE',
  'and the function answers SLOT_UNAVAILABLE for it');
select is(pg_temp.sms(current_setting('t.a'), 'reschedule'), 3, 'one reschedule SMS per actual move (3 moves)');

select * from finish();
rollback;
