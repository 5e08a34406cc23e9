-- The patient's confirmation (booking.confirm_appointment_as_patient) and
-- the outcome staff record (public.set_appointment_outcome): idempotent,
-- in the history and the event feed, with their codes.
begin;
select plan(25);
set constraints all immediate;

call tests.create_org('Outcome Clinic');
create function pg_temp.book(p_phone text, p_days integer) returns text language sql as $$
  select public.book_appointment_atomic(tests.org_id('Outcome Clinic'), 'Pat Patient', null, p_phone,
         'Cleaning', tests.local_noon(p_days), 30) ->> 'appointment_id';
$$;
create function pg_temp.confirm(p_id text, p_actor text default 'patient_sms') returns jsonb language sql as $$
  select booking.confirm_appointment_as_patient(tests.org_id('Outcome Clinic'), p_id::uuid, p_actor)::jsonb - 'created_at';
$$;
create function pg_temp.outcome(p_id text, p_status text) returns jsonb language sql as $$
  select public.set_appointment_outcome(tests.org_id('Outcome Clinic'), p_id::uuid, p_status)::jsonb - 'created_at';
$$;
do $$
begin
  perform set_config('t.a', pg_temp.book('+14155550901', 3), true);
  perform set_config('t.past', pg_temp.book('+14155550902', 4), true);
  update booking.appointments set scheduled_at = now() - interval '1 hour', ends_at = now() - interval '30 minutes'
   where id = current_setting('t.past')::uuid;
end $$;

-- Confirmation by the patient.
create temp table c1 as select pg_temp.confirm(current_setting('t.a')) as r;
select is((select array_agg(k order by k) from c1, jsonb_object_keys(r) k), array['appointment_id', 'patient_confirmed_at', 'success'],
  'the answer: success, appointment_id, patient_confirmed_at');
select is((select booking.to_iso8601_utc(patient_confirmed_at) || '/' || status from booking.appointments where id = current_setting('t.a')::uuid),
  (select r ->> 'patient_confirmed_at' from c1) || '/scheduled', 'recorded on the appointment, whose status stays scheduled');
select is(pg_temp.confirm(current_setting('t.a'), 'patient_phone'), (select r from c1), 'confirming again answers the same');
select is((select count(*)::integer from booking.appointment_history where appointment_id = current_setting('t.a')::uuid), 1,
  'one history row');
select is((select action || '/' || actor from booking.appointment_history where appointment_id = current_setting('t.a')::uuid),
  'patient_confirmed/patient_sms', 'saying who confirmed, and how');
select is((select count(*)::integer from booking.events where type = 'appointment.patient_confirmed'
            and payload ->> 'appointment_id' = current_setting('t.a') and payload ->> 'actor' = 'patient_sms'), 1,
  'one appointment.patient_confirmed event with its actor');
select is(booking.appointment_summary(tests.org_id('Outcome Clinic'), current_setting('t.a')::uuid) ->> 'patient_confirmed', 'true',
  'the read model says confirmed');
select is(pg_temp.confirm(gen_random_uuid()::text) ->> 'error', 'APPOINTMENT_NOT_FOUND', 'unknown: APPOINTMENT_NOT_FOUND');
select is(pg_temp.confirm(current_setting('t.past')) ->> 'error', 'APPOINTMENT_IN_PAST', 'past: APPOINTMENT_IN_PAST');
do $$
begin
  perform set_config('t.gone', pg_temp.book('+14155550903', 5), true);
  perform public.cancel_appointment(tests.org_id('Outcome Clinic'), current_setting('t.gone')::uuid);
end $$;
select is(pg_temp.confirm(current_setting('t.gone')) ->> 'error', 'APPOINTMENT_CANCELLED', 'cancelled: APPOINTMENT_CANCELLED');
select throws_ok(format('select booking.confirm_appointment_as_patient(%L, %L, ''robot'')', tests.org_id('Outcome Clinic'), current_setting('t.a')),
  '22023', null, 'an unknown actor raises 22023');

-- Outcome.
select is(pg_temp.outcome(current_setting('t.a'), 'completed') ->> 'error', 'APPOINTMENT_NOT_STARTED',
  'not before the appointment has started');
select is(pg_temp.outcome(current_setting('t.past'), 'confirmed') ->> 'error', 'INVALID_STATUS', 'only completed or no_show');
select is(pg_temp.outcome(current_setting('t.past'), null) ->> 'error', 'INVALID_STATUS', 'NULL: INVALID_STATUS');
select is(pg_temp.outcome(current_setting('t.gone'), 'no_show') ->> 'error', 'APPOINTMENT_CANCELLED', 'not for a cancelled appointment');
select is(pg_temp.outcome(gen_random_uuid()::text, 'completed') ->> 'error', 'APPOINTMENT_NOT_FOUND', 'unknown: APPOINTMENT_NOT_FOUND');
select is(pg_temp.outcome(current_setting('t.past'), 'completed'),
  jsonb_build_object('success', true, 'appointment_id', current_setting('t.past'), 'status', 'completed'), 'completed once started');
select is((select status from booking.appointments where id = current_setting('t.past')::uuid), 'completed', 'the status is completed');
select is(pg_temp.outcome(current_setting('t.past'), 'completed') ->> 'success', 'true', 'again: success');
select is(pg_temp.outcome(current_setting('t.past'), 'no_show') ->> 'status', 'no_show', 'a correction to no_show');
select is((select string_agg(action || ':' || from_status || '>' || to_status, ',' order by occurred_at)
             from booking.appointment_history where appointment_id = current_setting('t.past')::uuid),
  'completed:scheduled>completed,no_show:completed>no_show', 'each actual change in the history, none for the repeat');
select is((select string_agg(type, ',' order by txid, seq) from booking.events
            where payload ->> 'appointment_id' = current_setting('t.past') and type like 'appointment.%' and type <> 'appointment.booked'),
  'appointment.rescheduled,appointment.completed,appointment.no_show',
  'and in the feed (after the fixture''s raw move into the past, which is an event too)');
select is(pg_temp.confirm(current_setting('t.past')) ->> 'error', 'APPOINTMENT_IN_PAST', 'a finished appointment cannot be confirmed');
select is(public.cancel_appointment(tests.org_id('Outcome Clinic'), current_setting('t.past')::uuid) ->> 'error', 'APPOINTMENT_IN_PAST',
  'nor cancelled');
select is(public.reschedule_appointment(tests.org_id('Outcome Clinic'), current_setting('t.past')::uuid, tests.local_noon(6)) ->> 'error',
  'APPOINTMENT_IN_PAST', 'nor moved');

select * from finish();
rollback;
