-- No overlapping active appointments on one calendar, whatever the durations;
-- back-to-back is fine; other calendars and organizations are independent.
begin;
select plan(16);

call tests.create_org('Conflict Clinic');
call tests.create_org('Other Clinic');
create temp table t as select tests.local_noon(3) as base;
create function pg_temp.book(p_org text, p_phone text, p_offset_minutes integer, p_minutes integer)
returns json language sql as $$
  select public.book_appointment_atomic(tests.org_id(p_org), 'Pat Patient', null, p_phone, 'consultation',
           (select base from t) + make_interval(mins => p_offset_minutes), p_minutes)
$$;

select is(pg_temp.book('Conflict Clinic', '+14155550101', 0, 60) ->> 'success', 'true', '10:00-11:00 is booked');
select is(pg_temp.book('Conflict Clinic', '+14155550102', 0, 60) ->> 'error', 'SLOT_UNAVAILABLE', 'same start is refused');
select is(pg_temp.book('Conflict Clinic', '+14155550102', 30, 15) ->> 'error', 'SLOT_UNAVAILABLE', 'a shorter slot inside is refused');
select is(pg_temp.book('Conflict Clinic', '+14155550102', -30, 45) ->> 'error', 'SLOT_UNAVAILABLE', 'a slot overlapping the start is refused');
select is(pg_temp.book('Conflict Clinic', '+14155550102', 59, 30) ->> 'error', 'SLOT_UNAVAILABLE', 'a slot overlapping the end by one minute is refused');
select is(pg_temp.book('Conflict Clinic', '+14155550102', -60, 180) ->> 'error', 'SLOT_UNAVAILABLE', 'a longer slot around it is refused');
select is(pg_temp.book('Conflict Clinic', '+14155550102', 60, 30) ->> 'success', 'true', 'back-to-back after is allowed');
select is(pg_temp.book('Conflict Clinic', '+14155550103', -30, 30) ->> 'success', 'true', 'back-to-back before is allowed');
select is(pg_temp.book('Other Clinic', '+14155550102', 0, 60) ->> 'success', 'true', 'another organization''s calendar is independent');

insert into booking.calendars (org_id, calendar_id, name) values (tests.org_id('Conflict Clinic'), 'cal-2', 'Second room');
select lives_ok($$
  insert into booking.appointments (org_id, calendar_id, contact_id, service_type, scheduled_at, duration_minutes, ends_at)
  select org_id, 'cal-2', id, 'consultation', (select base from t), 60, (select base from t) + interval '60 minutes'
    from booking.contacts where org_id = tests.org_id('Conflict Clinic') limit 1 $$,
  'another calendar of the same organization is independent');

-- The constraint holds even for writes that bypass the function.
select throws_ok($$
  insert into booking.appointments (org_id, calendar_id, contact_id, service_type, scheduled_at, duration_minutes, ends_at)
  select org_id, 'cal-1', id, 'consultation', (select base from t) + interval '10 minutes', 5, (select base from t) + interval '15 minutes'
    from booking.contacts where org_id = tests.org_id('Conflict Clinic') limit 1 $$,
  '23P01', null, 'a raw INSERT of an overlapping appointment violates appointments_no_overlap');
select throws_ok($$
  insert into booking.appointments (org_id, calendar_id, contact_id, service_type, scheduled_at, duration_minutes, ends_at)
  select org_id, 'cal-1', id, 'consultation', (select base from t) + interval '5 hours', 30, (select base from t) + interval '9 hours'
    from booking.contacts where org_id = tests.org_id('Conflict Clinic') limit 1 $$,
  '23514', null, 'ends_at must equal scheduled_at + duration_minutes');

update booking.appointments set status = 'cancelled'
 where org_id = tests.org_id('Conflict Clinic') and calendar_id = 'cal-1' and scheduled_at = (select base from t);
select is(pg_temp.book('Conflict Clinic', '+14155550104', 0, 60) ->> 'success', 'true', 'a cancelled appointment frees its slot');

-- Idempotent retries (voice platforms retry tool calls).
create temp table first_try as select pg_temp.book('Conflict Clinic', '+14155550105', 240, 30) as r;
create temp table retry as select pg_temp.book('Conflict Clinic', '+1 415 555 0105', 240, 30) as r;
select is(retry.r ->> 'success', 'true', 'repeating a successful call succeeds') from retry;
select is((select r ->> 'appointment_id' from retry), (select r ->> 'appointment_id' from first_try),
  'a repeated call returns the same appointment_id');
select is(pg_temp.book('Conflict Clinic', '+14155550105', 240, 45) ->> 'error', 'SLOT_UNAVAILABLE',
  'the same phone with another duration is not a retry');

select * from finish();
rollback;
