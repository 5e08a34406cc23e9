-- public.cancel_appointment / booking.cancel_appointment_as: the row stays
-- cancelled with who, when and why; the slot is free at once; reminders
-- are canceled and one cancellation SMS is queued, in one transaction;
-- cancelling again changes nothing; codes, history, events.
begin;
select plan(34);
-- Events are written at commit (deferred triggers); this test rolls back.
set constraints all immediate;

call tests.create_org('Cancel Clinic');
call tests.create_org('Other Cancel Clinic');
create function pg_temp.book(p_org text, p_phone text, p_at timestamptz, p_minutes integer default 60)
returns uuid language sql as $$
  select (public.book_appointment_atomic(tests.org_id(p_org), 'Pat Patient', null, p_phone,
          'Cleaning', p_at, p_minutes) ->> 'appointment_id')::uuid;
$$;
create function pg_temp.keys(p json) returns text[] language sql as $$
  select array_agg(k order by k) from json_object_keys(p) k;
$$;
do $$
begin
  perform set_config('t.a', pg_temp.book('Cancel Clinic', '+14155550301', tests.local_noon(3))::text, true);
  perform set_config('t.other', pg_temp.book('Other Cancel Clinic', '+14155550302', tests.local_noon(3))::text, true);
end $$;

select is_definer('public', 'cancel_appointment', array['uuid', 'uuid', 'text', 'boolean'], 'cancel_appointment is SECURITY DEFINER');
select function_privs_are('public', 'cancel_appointment', array['uuid', 'uuid', 'text', 'boolean'], 'anon', array[]::text[],
  'anon cannot execute cancel_appointment');
select function_privs_are('booking', 'cancel_appointment_as', array['uuid', 'uuid', 'text', 'text', 'boolean'], 'service_role',
  array[]::text[], 'the internal cancel_appointment_as is granted to no API role');

create temp table c1 as
  select public.cancel_appointment(tests.org_id('Cancel Clinic'), current_setting('t.a')::uuid, ' Patient asked ') as r;
select is(pg_temp.keys((select r from c1)), array['appointment_id', 'cancelled_at', 'status', 'success'],
  'the answer has exactly success, appointment_id, status, cancelled_at');
select is((select r ->> 'status' from c1), 'cancelled', 'status cancelled');
select is((select r ->> 'appointment_id' from c1), current_setting('t.a'), 'the same appointment');
select is((select status || '/' || cancelled_by || '/' || cancellation_reason from booking.appointments
            where id = current_setting('t.a')::uuid), 'cancelled/staff/Patient asked',
  'the row stays: status cancelled, cancelled by staff, the reason (trimmed)');
select is((select booking.to_iso8601_utc(cancelled_at) from booking.appointments where id = current_setting('t.a')::uuid),
  (select r ->> 'cancelled_at' from c1), 'cancelled_at is recorded');

select is(public.book_appointment_atomic(tests.org_id('Cancel Clinic'), 'Next Patient', null, '+14155550303',
  'Cleaning', tests.local_noon(3), 60) ->> 'success', 'true', 'the slot is bookable again at once');

select is((select count(*)::integer from booking.sms_outbox
            where appointment_id = current_setting('t.a')::uuid and kind = 'reminder' and status = 'pending'), 0,
  'no pending reminder is left');
select is((select string_agg(status || '/' || error_code, ',') from booking.sms_outbox
            where appointment_id = current_setting('t.a')::uuid and kind = 'reminder'), 'canceled/APPOINTMENT_CANCELLED',
  'the reminder is canceled, saying why');
select is((select count(*)::integer from booking.sms_outbox
            where appointment_id = current_setting('t.a')::uuid and kind = 'cancellation' and status = 'pending'), 1,
  'one cancellation SMS is queued');
select is((select body from booking.sms_outbox where appointment_id = current_setting('t.a')::uuid and kind = 'cancellation'),
  'Cancel Clinic: your Cleaning appointment on ' || booking.local_time_text(tests.local_noon(3), 'America/New_York')
  || ' has been cancelled. Call us to book again.',
  'it names the clinic, the service and the local date and time');
select ok((select body !~ '\m(CANCEL|STOP)\M' from booking.sms_outbox
            where appointment_id = current_setting('t.a')::uuid and kind = 'cancellation'),
  'it never asks for a carrier opt-out word');

select is(json_array_length(public.appointment_history(tests.org_id('Cancel Clinic'), current_setting('t.a')::uuid) -> 'history'), 1,
  'one history row');
select is((select jsonb_build_array(h.action, h.actor, h.from_status, h.to_status, h.reason, h.late,
                                    h.from_scheduled_at = tests.local_noon(3), h.to_scheduled_at)
             from booking.appointment_history h where h.appointment_id = current_setting('t.a')::uuid),
  jsonb_build_array('cancelled', 'staff', 'scheduled', 'cancelled', 'Patient asked', false, true, null),
  'the history says who, from what, why, and not late');
select is((select payload ->> 'actor' from booking.events
            where org_id = tests.org_id('Cancel Clinic') and type = 'appointment.cancelled'
              and payload ->> 'appointment_id' = current_setting('t.a')), 'staff',
  'the feed has appointment.cancelled with its actor');

-- Again: success, nothing new.
select is(public.cancel_appointment(tests.org_id('Cancel Clinic'), current_setting('t.a')::uuid, 'again')::jsonb - 'created_at',
  (select r from c1)::jsonb, 'cancelling again answers the same success');
select is((select count(*)::integer from booking.sms_outbox where appointment_id = current_setting('t.a')::uuid and kind = 'cancellation'), 1,
  'and queues no second SMS');
select is((select count(*)::integer from booking.appointment_history where appointment_id = current_setting('t.a')::uuid), 1,
  'and records no second history row');
select is((select cancellation_reason from booking.appointments where id = current_setting('t.a')::uuid), 'Patient asked',
  'and keeps the first reason');

-- Not found: unknown, NULL, and another clinic's appointment answer alike.
create function pg_temp.not_found(p_org text, p_id uuid) returns jsonb language sql as $$
  select public.cancel_appointment(tests.org_id(p_org), p_id)::jsonb - 'created_at';
$$;
select is(pg_temp.not_found('Cancel Clinic', gen_random_uuid()) ->> 'error', 'APPOINTMENT_NOT_FOUND', 'an unknown id: APPOINTMENT_NOT_FOUND');
select is(pg_temp.not_found('Cancel Clinic', null) ->> 'error', 'APPOINTMENT_NOT_FOUND', 'a NULL id: APPOINTMENT_NOT_FOUND');
select is(pg_temp.not_found('Cancel Clinic', current_setting('t.other')::uuid), pg_temp.not_found('Cancel Clinic', gen_random_uuid()),
  'another clinic''s appointment answers exactly like an unknown id');
select is((select status from booking.appointments where id = current_setting('t.other')::uuid), 'scheduled',
  'and stays scheduled');

-- Past, bad reason, bad actor.
do $$
begin
  perform set_config('t.past', pg_temp.book('Cancel Clinic', '+14155550304', tests.local_noon(5))::text, true);
  update booking.appointments set scheduled_at = now() - interval '2 hours', ends_at = now() - interval '1 hour'
   where id = current_setting('t.past')::uuid;
end $$;
select is(public.cancel_appointment(tests.org_id('Cancel Clinic'), current_setting('t.past')::uuid) ->> 'error',
  'APPOINTMENT_IN_PAST', 'an appointment that has started cannot be cancelled');
do $$ begin perform set_config('t.b', pg_temp.book('Cancel Clinic', '+14155550305', tests.local_noon(6))::text, true); end $$;
select is(public.cancel_appointment(tests.org_id('Cancel Clinic'), current_setting('t.b')::uuid, repeat('x', 501)) ->> 'error',
  'INVALID_REASON', 'a reason over 500 characters: INVALID_REASON');
select is((select status from booking.appointments where id = current_setting('t.b')::uuid), 'scheduled', 'and nothing changed');
select throws_ok(format('select booking.cancel_appointment_as(%L, %L, ''robot'', null)',
  tests.org_id('Cancel Clinic'), current_setting('t.b')), '22023', null, 'an unknown actor raises 22023');

-- Staff may cancel inside the patient notice; the history flags it late.
do $$
begin
  perform set_config('t.soon', pg_temp.book('Cancel Clinic', '+14155550306',
    tests.within_local_day(date_trunc('minute', now()) + interval '90 minutes', 30), 30)::text, true);
end $$;
select is(public.cancel_appointment(tests.org_id('Cancel Clinic'), current_setting('t.soon')::uuid) ->> 'success', 'true',
  'staff cancel 90 minutes ahead (inside the default 120-minute notice)');
select is((select late from booking.appointment_history where appointment_id = current_setting('t.soon')::uuid), true,
  'flagged late');

-- An opted-out patient's cancellation is recorded, not sent.
do $$
begin
  perform set_config('t.quiet', pg_temp.book('Cancel Clinic', '+14155550307', tests.local_noon(7))::text, true);
  perform booking.record_sms_opt_out(tests.org_id('Cancel Clinic'), '+14155550307', true, 'STOP', 'inbound_keyword');
  perform public.cancel_appointment(tests.org_id('Cancel Clinic'), current_setting('t.quiet')::uuid);
end $$;
select is((select status from booking.sms_outbox where appointment_id = current_setting('t.quiet')::uuid and kind = 'cancellation'),
  'suppressed', 'an opted-out patient''s cancellation SMS is suppressed');

-- The cancellation and its SMS roll back together.
select lives_ok($$
  do $inner$
  begin
    perform public.cancel_appointment(tests.org_id('Cancel Clinic'), current_setting('t.b')::uuid);
    raise exception 'abort' using errcode = 'P0001';
  exception when sqlstate 'P0001' then null;
  end $inner$ $$, 'a cancellation rolled back inside a subtransaction');
select is((select status from booking.appointments where id = current_setting('t.b')::uuid)
          || '/' || (select count(*) from booking.sms_outbox where appointment_id = current_setting('t.b')::uuid and kind = 'cancellation'),
  'scheduled/0', 'leaves the appointment scheduled and no SMS');

select * from finish();
rollback;
