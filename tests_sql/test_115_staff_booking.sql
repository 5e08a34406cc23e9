-- public.staff_book_appointment and staff_booking_options: staff book
-- inside the minimum notice (walk-ins, same day) by the booking rule
-- otherwise (hours, grid, conflicts), recorded as a staff booking with the
-- member; the tenant matrix.
begin;
select plan(22);
set constraints all immediate;

call tests.create_org('Walk-in Clinic');
call tests.create_org('Other Walk-in Clinic');
call tests.create_staff_account('desk@walk-in.test', 'Walk-in Clinic', 'front_desk');
select public.set_calendar_settings(tests.org_id('Walk-in Clinic'), 'cal-1',
  '{"min_notice_minutes": 120, "slot_interval_minutes": 5}') is not null as set_up into temp settings_done;
-- 30 minutes from now on the 5-minute grid, inside the local day.
select set_config('t.soon', tests.within_local_day(date_bin('5 minutes', now() + interval '35 minutes',
  timestamptz '2000-01-01'), 30, true)::text, true) is not null as soon_set into temp soon_done;
select set_config('t.off_grid', (date_bin('5 minutes', now() + interval '35 minutes', timestamptz '2000-01-01')
  + interval '7 days 2 minutes')::text, true) is not null as off_grid_set into temp off_grid_done;

select function_privs_are('public', 'staff_book_appointment',
  array['uuid', 'text', 'text', 'timestamp with time zone', 'text', 'text', 'text', 'integer'], 'anon', array[]::text[],
  'anon cannot book as staff');
select function_privs_are('public', 'staff_booking_options', array['uuid', 'text', 'text', 'date'], 'authenticated',
  array['EXECUTE'], 'members read the staff booking options');

-- A patient's booking inside the notice is refused ...
select is(public.book_appointment_atomic(tests.org_id('Walk-in Clinic'), 'Walk In', null, '+14155550701', 'Cleaning',
  current_setting('t.soon')::timestamptz, 30) ->> 'error', 'TOO_SOON', 'a patient''s booking 30 minutes ahead: TOO_SOON');

-- ... a front-desk member's is taken.
call tests.authenticate_as_account('desk@walk-in.test');
create temp table walk_in on commit drop as
  select public.staff_book_appointment(tests.org_id('Walk-in Clinic'), 'cal-1', 'Cleaning', current_setting('t.soon')::timestamptz,
                                       'walk in', '(415) 555-0701')::jsonb as r;
select is((select r ->> 'success' from walk_in), 'true', 'front desk books a walk-in 30 minutes ahead');
select ok((select (r ->> 'scheduled_at')::timestamptz = current_setting('t.soon')::timestamptz from walk_in), 'at the start asked');
select is(public.staff_book_appointment(tests.org_id('Walk-in Clinic'), 'cal-1', 'Cleaning', current_setting('t.soon')::timestamptz,
                                        'Walk In', '+14155550701')::jsonb ->> 'appointment_id',
  (select r ->> 'appointment_id' from walk_in), 'posting the form again answers the same appointment');
select is(public.staff_book_appointment(tests.org_id('Walk-in Clinic'), 'cal-1', 'Cleaning', current_setting('t.soon')::timestamptz,
                                        'Other Person', '+14155550702')::jsonb ->> 'error',
  'SLOT_UNAVAILABLE', 'the same time for another patient: SLOT_UNAVAILABLE');
select is(public.staff_book_appointment(tests.org_id('Walk-in Clinic'), 'cal-1', 'Cleaning', now() - interval '5 minutes',
                                        'Late Person', '+14155550703')::jsonb ->> 'error',
  'PAST_TIME', 'never in the past');
select is(public.staff_book_appointment(tests.org_id('Walk-in Clinic'), 'cal-1', 'Cleaning', current_setting('t.off_grid')::timestamptz,
                                        'Grid Person', '+14155550704')::jsonb ->> 'error',
  'OUTSIDE_HOURS', 'never off the slot grid');
select is(public.staff_book_appointment(tests.org_id('Walk-in Clinic'), 'no-such', 'Cleaning', current_setting('t.off_grid')::timestamptz,
                                        'Grid Person', '+14155550704')::jsonb ->> 'error',
  'CALENDAR_NOT_FOUND', 'an unknown calendar: CALENDAR_NOT_FOUND');
select is(public.staff_book_appointment(tests.org_id('Walk-in Clinic'), 'cal-1', 'Cleaning', current_setting('t.soon')::timestamptz + interval '2 hours',
                                        '', '+14155550705')::jsonb ->> 'error',
  'INVALID_NAME', 'the patient checks as a booking''s');
select ok(exists (select from jsonb_array_elements(public.staff_booking_options(tests.org_id('Walk-in Clinic'), 'cal-1',
            'Cleaning', (current_setting('t.soon')::timestamptz at time zone 'America/New_York')::date)::jsonb -> 'slots') s
         where (s ->> 'start')::timestamptz = current_setting('t.soon')::timestamptz + interval '30 minutes'),
  'the staff options offer a start inside the notice');
call tests.clear_authentication();

-- Closed: a date override closes a day; staff cannot book it either.
select public.set_date_override(tests.org_id('Walk-in Clinic'), 'cal-1', (current_setting('t.off_grid')::timestamptz at time zone 'America/New_York')::date)
  is not null as closed into temp closed_done;
call tests.authenticate_as_account('desk@walk-in.test');
select is(public.staff_book_appointment(tests.org_id('Walk-in Clinic'), 'cal-1', 'Cleaning',
            current_setting('t.off_grid')::timestamptz - interval '2 minutes', 'Closed Person', '+14155550706')::jsonb ->> 'error',
  'OUTSIDE_HOURS', 'never on a closed day (special hours first, an administrator''s)');
call tests.clear_authentication();

-- Recorded as a staff booking, by whom.
select is((select booked_by_staff from booking.appointments where id = (select (r ->> 'appointment_id')::uuid from walk_in)),
  true, 'the appointment is marked booked by staff');
select is((select booked_by_account_id from booking.appointments where id = (select (r ->> 'appointment_id')::uuid from walk_in)),
  tests.account_id('desk@walk-in.test'), 'with the member who booked it');
select is((select action || '/' || actor || '/' || late::text from booking.appointment_history
            where appointment_id = (select (r ->> 'appointment_id')::uuid from walk_in)),
  'booked/staff/true', 'its history starts with a staff booking, late (inside the notice)');
select is((select actor_account_id from booking.appointment_history
            where appointment_id = (select (r ->> 'appointment_id')::uuid from walk_in)),
  tests.account_id('desk@walk-in.test'), 'the history names the member');
select is((select name || ' ' || phone from booking.contacts c
            where c.id = (select (r ->> 'contact_id')::uuid from walk_in)),
  'Walk In +14155550701', 'the patient is normalized as a booking''s');
select is((select count(*)::integer from booking.sms_outbox
            where appointment_id = (select (r ->> 'appointment_id')::uuid from walk_in) and kind = 'confirmation'),
  1, 'the confirmation SMS is queued in the same transaction');

-- Tenants.
call tests.authenticate_as_anon();
select throws_ok(format('select public.staff_book_appointment(%L, ''cal-1'', ''Cleaning'', now() + interval ''1 day'', ''A'', ''+14155550707'')',
  tests.org_id('Walk-in Clinic')), '42501', null, 'anon cannot');
call tests.authenticate_as_account('desk@walk-in.test');
select throws_ok(format('select public.staff_book_appointment(%L, ''cal-1'', ''Cleaning'', now() + interval ''1 day'', ''A'', ''+14155550707'')',
  tests.org_id('Other Walk-in Clinic')), '42501', null, 'a member cannot book for another clinic');
select throws_ok(format('select public.staff_booking_options(%L, ''cal-1'', ''Cleaning'', current_date)',
  tests.org_id('Other Walk-in Clinic')), '42501', null, 'nor read its options');
call tests.clear_authentication();

select * from finish();
rollback;
