-- Rescheduling never offers, nor accepts, the start an appointment already
-- has (issue 23): public.reschedule_options (staff) and
-- public.manage_available_slots (the patient's link) leave the current
-- start out while the times around it, inside its own interval, are
-- offered; a move to the current start answers SAME_TIME for every actor
-- and records, counts and queues nothing.
begin;
select plan(16);
set constraints all immediate;

call tests.create_org('Same Clinic');
do $$
begin
  perform set_config('booking.public_base_url', 'https://book.example.com/', true);
  perform set_config('t.a', public.book_appointment_atomic(tests.org_id('Same Clinic'), 'Sam Same', null, '+14155551221',
    'Cleaning', tests.local_noon(3), 60) ->> 'appointment_id', true);
  perform set_config('t.token', substring((select body from booking.sms_outbox
    where appointment_id = current_setting('t.a')::uuid and kind = 'confirmation') from 'https://book\.example\.com/a/([A-Za-z0-9_-]+) '), true);
end $$;
create function pg_temp.starts(p_answer json) returns timestamptz[] language sql as $$
  select coalesce(array_agg((s ->> 'start')::timestamptz), '{}') from json_array_elements(p_answer -> 'slots') s;
$$;
create function pg_temp.counts() returns text language sql as $$
  select (select count(*) from booking.appointment_history where appointment_id = current_setting('t.a')::uuid) || '/'
      || (select count(*) from booking.sms_outbox where appointment_id = current_setting('t.a')::uuid and kind = 'reschedule') || '/'
      || (select patient_reschedule_count from booking.appointments where id = current_setting('t.a')::uuid) || '/'
      || (select count(*) from booking.events where type = 'appointment.rescheduled'
            and payload ->> 'appointment_id' = current_setting('t.a'));
$$;
grant execute on all functions in schema pg_temp to public;

-- Staff's picker.
call tests.authenticate_as('Same Clinic');
create temp table staff_day as
  select public.reschedule_options(tests.org_id('Same Clinic'), current_setting('t.a')::uuid,
                                   (tests.local_noon(3) at time zone 'America/New_York')::date) as r;
select is((select r ->> 'success' from staff_day), 'true', 'the staff picker answers for the appointment''s date');
select ok(not (tests.local_noon(3) = any (pg_temp.starts((select r from staff_day)))),
  'the staff picker does not offer the appointment''s current start');
select ok(tests.local_noon(3) + interval '30 minutes' = any (pg_temp.starts((select r from staff_day))),
  'but offers 12:30, inside its own hour');
select ok(tests.local_noon(3) - interval '30 minutes' = any (pg_temp.starts((select r from staff_day))),
  'and 11:30, overlapping its own hour');
select ok(tests.local_noon(4) = any (pg_temp.starts(public.reschedule_options(tests.org_id('Same Clinic'),
            current_setting('t.a')::uuid, (tests.local_noon(4) at time zone 'America/New_York')::date))),
  'noon on the next day is offered (only the exact current start is left out)');
select ok(tests.local_noon(3) = any (pg_temp.starts(public.check_availability(tests.org_id('Same Clinic'),
            (tests.local_noon(3) at time zone 'America/New_York')::date))) is false,
  'check_availability (a new booking) does not offer it either: it is taken');

-- Staff moving it to where it is.
select is(public.reschedule_appointment(tests.org_id('Same Clinic'), current_setting('t.a')::uuid, tests.local_noon(3)) ->> 'error',
  'SAME_TIME',
  'staff: a move to the current start answers SAME_TIME');
call tests.clear_authentication();
select is(pg_temp.counts(), '0/0/0/0', 'nothing recorded, queued, counted or announced');

-- The patient's link.
call tests.authenticate_as_anon();
select ok(not (tests.local_noon(3) = any (pg_temp.starts(public.manage_available_slots(current_setting('t.token'),
            (tests.local_noon(3) at time zone 'America/New_York')::date)))),
  'the patient''s picker does not offer the current start');
select ok(tests.local_noon(3) + interval '30 minutes' = any (pg_temp.starts(public.manage_available_slots(current_setting('t.token'),
            (tests.local_noon(3) at time zone 'America/New_York')::date))),
  'but offers 12:30');
select is(public.manage_reschedule(current_setting('t.token'), tests.local_noon(3)) ->> 'error', 'SAME_TIME',
  'the link: a move to the current start answers SAME_TIME');
call tests.clear_authentication();
select is(pg_temp.counts(), '0/0/0/0', 'nothing recorded, queued, counted or announced');

-- A real move, then the old start is offered again and the new one is not.
select is(public.manage_reschedule(current_setting('t.token'), tests.local_noon(3) + interval '2 hours') ->> 'success', 'true',
  'a move to 14:00 succeeds');
call tests.clear_authentication();
select is(pg_temp.counts(), '1/1/1/1', 'one history row, one reschedule SMS, counted, announced');
call tests.authenticate_as_anon();
select ok(tests.local_noon(3) = any (pg_temp.starts(public.manage_available_slots(current_setting('t.token'),
            (tests.local_noon(3) at time zone 'America/New_York')::date)))
          and not (tests.local_noon(3) + interval '2 hours' = any (pg_temp.starts(public.manage_available_slots(current_setting('t.token'),
            (tests.local_noon(3) at time zone 'America/New_York')::date)))),
  'now noon is offered and 14:00, its new start, is not');
call tests.clear_authentication();
select is(booking.reschedule_appointment_as(tests.org_id('Same Clinic'), current_setting('t.a')::uuid,
            tests.local_noon(3) + interval '2 hours', 'patient_phone') ->> 'error', 'SAME_TIME',
  'the voice agent''s actor too: SAME_TIME');

select * from finish();
rollback;
