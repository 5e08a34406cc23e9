-- check_availability reads a day's busy time once instead of asking
-- booking.slot_is_free for every start; both must offer the same starts:
-- with buffers on both sides, appointments of mixed lengths (one
-- cancelled, one across midnight), a live hold and an expired one, for
-- several durations.
begin;
select plan(6);

call tests.create_org('Same Rule Clinic');
create temp table day as select current_date + 3 as d;
grant select on day to public;

create function pg_temp.local(p_time text, p_days integer default 0) returns timestamptz
language sql as $$
  select ((select d from day) + p_days + p_time::time) at time zone 'America/New_York'
$$;

create function pg_temp.setup() returns void language sql as $$
  select public.set_calendar_settings(tests.org_id('Same Rule Clinic'), null,
           '{"slot_interval_minutes": 5, "buffer_before_minutes": 10, "buffer_after_minutes": 5}');
  select public.book_appointment_atomic(tests.org_id('Same Rule Clinic'), 'Pat ' || n, null,
           '+1415555' || lpad(n::text, 4, '0'), 'consultation', pg_temp.local(t), m)
    from (values (1, '08:00', 30), (2, '09:40', 45), (3, '13:05', 20), (5, '16:00', 15)) as b(n, t, m);
  update booking.appointments set status = 'cancelled'
   where org_id = tests.org_id('Same Rule Clinic') and scheduled_at = pg_temp.local('16:00');
  -- Across midnight (the booking functions offer no such start; a raw row can exist).
  insert into booking.appointments (org_id, calendar_id, contact_id, service_type, scheduled_at,
                                    duration_minutes, ends_at)
  select org_id, 'cal-1', contact_id, 'consultation', pg_temp.local('23:30'), 60,
         pg_temp.local('23:30') + interval '60 minutes'
    from booking.appointments
   where org_id = tests.org_id('Same Rule Clinic') and scheduled_at = pg_temp.local('08:00');
  select public.claim_slot_atomic(tests.org_id('Same Rule Clinic'), 'cal-1', pg_temp.local('11:00'),
           'call-live', 'Holly Hold', '+14155550601', 10, null);
  select public.claim_slot_atomic(tests.org_id('Same Rule Clinic'), 'cal-1', pg_temp.local('18:00'),
           'call-old', 'Olly Old', '+14155550602', 10, null);
  update booking.appointment_holds set expires_at = now() - interval '1 minute'
   where org_id = tests.org_id('Same Rule Clinic') and call_sid = 'call-old';
$$;
select pg_temp.setup() is null as ignore_me into temp setup_done;

create function pg_temp.offered(p_minutes integer, p_days integer default 0) returns setof timestamptz
language sql as $$
  select (s ->> 'start')::timestamptz
    from json_array_elements(public.check_availability(tests.org_id('Same Rule Clinic'),
           (select d from day) + p_days, null, null) -> 'slots') s
   where (public.check_availability(tests.org_id('Same Rule Clinic'), (select d from day) + p_days,
            null, null) ->> 'duration_minutes')::integer = p_minutes
$$;
create function pg_temp.free(p_minutes integer, p_days integer default 0) returns setof timestamptz
language sql as $$
  select s.starts_at
    from booking.offered_slots(tests.org_id('Same Rule Clinic'), 'cal-1', (select d from day) + p_days,
                               p_minutes) s
   where booking.slot_is_free(tests.org_id('Same Rule Clinic'), 'cal-1', s.starts_at,
                              s.starts_at + make_interval(mins => p_minutes))
$$;
create function pg_temp.set_duration(p_minutes integer) returns void language sql as $$
  select public.set_calendar_settings(tests.org_id('Same Rule Clinic'), null,
           jsonb_build_object('default_duration_minutes', p_minutes));
$$;

select set_eq($$ select pg_temp.offered(30) $$, $$ select pg_temp.free(30) $$,
              '30 minutes: check_availability offers exactly the starts slot_is_free accepts');
select pg_temp.set_duration(5) is null as ignore_me into temp d5;
select set_eq($$ select pg_temp.offered(5) $$, $$ select pg_temp.free(5) $$,
              '5 minutes: the same starts');
select pg_temp.set_duration(95) is null as ignore_me into temp d95;
select set_eq($$ select pg_temp.offered(95) $$, $$ select pg_temp.free(95) $$,
              '95 minutes: the same starts');
select set_eq($$ select pg_temp.offered(95, 1) $$, $$ select pg_temp.free(95, 1) $$,
              'the next day, after the appointment across midnight: the same starts');
select ok(not exists (select from pg_temp.offered(95) o where o = pg_temp.local('11:00')),
          'the live hold is not offered (the comparison sees it)');
select ok(exists (select from pg_temp.offered(95) o where o = pg_temp.local('16:00'))
          and exists (select from pg_temp.offered(95) o where o = pg_temp.local('18:00')),
          'the cancelled appointment and the expired hold free their time');

select * from finish();
rollback;
