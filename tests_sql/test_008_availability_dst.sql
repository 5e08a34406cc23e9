-- Daylight-saving days in two time zones: slots step in local wall-clock
-- time, times that do not exist are skipped, and every slot's UTC instant
-- is right for that day's offset.
begin;
select plan(16);

call tests.create_org('New York DST Clinic', 'America/New_York', 'US', false);
call tests.create_org('London DST Clinic', 'Europe/London', 'GB', false);
create function pg_temp.setup(p_org text) returns void language sql as $$
  select public.set_weekly_hours(tests.org_id(p_org), null,
    '{"sun": [["00:00", "04:00"]], "mon": [["09:00", "10:00"]]}');
  select public.set_calendar_settings(tests.org_id(p_org), null,
    '{"max_advance_days": 1095, "min_notice_minutes": 0}');
$$;
select pg_temp.setup('New York DST Clinic') is null as ignore_me into temp setup_ny;
select pg_temp.setup('London DST Clinic') is null as ignore_me into temp setup_london;

create function pg_temp.slots(p_org text, p_date date, p_field text default 'local_time') returns text[]
language sql as $$
  select coalesce(array_agg(s ->> p_field order by s ->> 'start'), '{}')
    from json_array_elements(public.check_availability(tests.org_id(p_org), p_date) -> 'slots') s
$$;

-- New York: 2027-03-14 spring forward (02:00 EST -> 03:00 EDT), 2027-11-07 fall back.
select is(pg_temp.slots('New York DST Clinic', '2027-03-07'),
  array['00:00','00:30','01:00','01:30','02:00','02:30','03:00','03:30'], 'an ordinary Sunday has 8 slots');
select is(pg_temp.slots('New York DST Clinic', '2027-03-14'),
  array['00:00','00:30','01:00','01:30','03:00','03:30'], 'spring forward: 02:00 and 02:30 do not exist');
select is(pg_temp.slots('New York DST Clinic', '2027-03-14', 'start'),
  array['2027-03-14T05:00:00+00:00','2027-03-14T05:30:00+00:00','2027-03-14T06:00:00+00:00',
        '2027-03-14T06:30:00+00:00','2027-03-14T07:00:00+00:00','2027-03-14T07:30:00+00:00'],
  'spring forward: instants switch from UTC-5 to UTC-4 at 03:00');
select is(cardinality(pg_temp.slots('New York DST Clinic', '2027-11-07')), 8, 'fall back: each wall-clock slot is offered once');
select is((pg_temp.slots('New York DST Clinic', '2027-11-07', 'start'))[1], '2027-11-07T04:00:00+00:00', 'fall back: 00:00 is still UTC-4');
select is((pg_temp.slots('New York DST Clinic', '2027-11-07', 'start'))[8], '2027-11-07T08:30:00+00:00', 'fall back: 03:30 is UTC-5');
select is(pg_temp.slots('New York DST Clinic', '2027-03-08', 'start'), array['2027-03-08T14:00:00+00:00', '2027-03-08T14:30:00+00:00'],
  'the Monday before: 09:00 is 14:00 UTC');
select is(pg_temp.slots('New York DST Clinic', '2027-03-15', 'start'), array['2027-03-15T13:00:00+00:00', '2027-03-15T13:30:00+00:00'],
  'the Monday after: 09:00 is 13:00 UTC (no fixed-offset bug)');
select is(pg_temp.slots('New York DST Clinic', '2027-03-15', 'local_start'), array['2027-03-15T09:00:00-04:00', '2027-03-15T09:30:00-04:00'],
  'local_start carries the offset of that day');

-- London: 2027-03-28 spring forward (01:00 GMT -> 02:00 BST), 2027-10-31 fall back.
select is(pg_temp.slots('London DST Clinic', '2027-03-28'),
  array['00:00','00:30','02:00','02:30','03:00','03:30'], 'London spring forward: 01:00 and 01:30 do not exist');
select is((pg_temp.slots('London DST Clinic', '2027-03-28', 'start'))[3], '2027-03-28T01:00:00+00:00', 'London 02:00 BST is 01:00 UTC');
select is(cardinality(pg_temp.slots('London DST Clinic', '2027-10-31')), 8, 'London fall back: 8 slots');
select is(pg_temp.slots('London DST Clinic', '2027-10-25', 'start'), array['2027-10-25T08:00:00+00:00', '2027-10-25T08:30:00+00:00'],
  'London Monday before fall back: 09:00 BST is 08:00 UTC');
select is(pg_temp.slots('London DST Clinic', '2027-11-01', 'start'), array['2027-11-01T09:00:00+00:00', '2027-11-01T09:30:00+00:00'],
  'London Monday after fall back: 09:00 GMT is 09:00 UTC');

-- Booking on a DST day follows the same slots.
select is(public.book_appointment_atomic(tests.org_id('New York DST Clinic'), 'Dee Ess', null, '+14155550401',
  'consultation', '2027-03-14T07:00:00Z', 30) ->> 'success', 'true', 'the 03:00 EDT slot of spring-forward day books');
select is(public.book_appointment_atomic(tests.org_id('New York DST Clinic'), 'Dee Ess', null, '+14155550402',
  'consultation', '2027-03-14T06:00:00Z', 60) ->> 'success', 'true',
  '01:00 EST + 60 real minutes ends at 03:00 EDT, back to back with the 03:00 booking');

select * from finish();
rollback;
