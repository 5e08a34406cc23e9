-- Reminders across a DST change, New York and London: an offset is
-- elapsed time, so a reminder 24 hours before a 09:00 appointment the day
-- after the clocks change is due exactly 86400 seconds before it (09:00
-- local the day before, both sides of the change being the same offset),
-- and one before a 09:00 appointment on the day of the change is due at
-- 08:00 (spring forward) or 10:00 (fall back) local time the day before.
-- The reminder's text says the appointment's local time with that date's
-- zone abbreviation, on the clinic's clock (9:00 AM in the US, 09:00 in GB).
begin;
select plan(24);

call tests.create_org('DST New York', 'America/New_York', 'US');
call tests.create_org('DST London', 'Europe/London', 'GB');

-- The next change of each kind at least two days away: the Sunday whose
-- 03:00 local has another UTC offset than its 00:00.
create function pg_temp.next_change(p_timezone text, p_month integer) returns date language sql as $$
  select d::date
    from generate_series(current_date + 2, current_date + 366, interval '1 day') d
   where extract(month from d) = p_month and extract(isodow from d) = 7
     and ((d::date + time '00:00') at time zone p_timezone) + interval '3 hours'
         <> ((d::date + time '03:00') at time zone p_timezone)
   order by d limit 1;
$$;
create function pg_temp.book(p_org text, p_phone text, p_timezone text, p_day date) returns text language sql as $$
  select public.book_appointment_atomic(tests.org_id(p_org), 'Pat Patient', null, p_phone,
         'Check-up', (p_day + time '09:00') at time zone p_timezone, 30) ->> 'appointment_id';
$$;
create function pg_temp.reminder(p_id text) returns booking.sms_outbox language sql as $$
  select * from booking.sms_outbox where appointment_id = p_id::uuid and kind = 'reminder';
$$;

create function pg_temp.check_zone(p_org text, p_timezone text, p_phone_prefix text, p_spring integer, p_fall integer,
                                   p_summer text, p_winter text, p_nine text) returns setof text language plpgsql as $$
declare
  v_change date;
  v_id text;
  v_r booking.sms_outbox;
  v_case record;
begin
  for v_case in select * from (values ('spring', p_spring, p_summer, '08:00'), ('fall', p_fall, p_winter, '10:00')) c(kind, month, abbreviation, change_day_local) loop
    v_change := pg_temp.next_change(p_timezone, v_case.month);
    -- 09:00 the day after the change.
    v_id := pg_temp.book(p_org, p_phone_prefix || lpad(v_case.month::text, 2, '0') || '1', p_timezone, v_change + 1);
    v_r := pg_temp.reminder(v_id);
    return next is(extract(epoch from v_r.appointment_scheduled_at - v_r.next_attempt_at)::integer, 86400,
      format('%s, %s: due exactly 24 hours before 09:00 the day after the change', p_timezone, v_case.kind));
    return next is(to_char(v_r.next_attempt_at at time zone p_timezone, 'YYYY-MM-DD HH24:MI'),
      to_char(v_change, 'YYYY-MM-DD') || ' 09:00',
      format('%s, %s: that is 09:00 local on the day of the change', p_timezone, v_case.kind));
    return next ok(v_r.body like '%' || to_char(v_change + 1, 'FMMonth FMDD, YYYY') || ' at ' || p_nine || ' ' || v_case.abbreviation || '.%',
      format('%s, %s: the text says %s %s on the appointment''s date', p_timezone, v_case.kind, p_nine, v_case.abbreviation));
    -- 09:00 on the day of the change itself.
    v_id := pg_temp.book(p_org, p_phone_prefix || lpad(v_case.month::text, 2, '0') || '2', p_timezone, v_change);
    v_r := pg_temp.reminder(v_id);
    return next is(extract(epoch from v_r.appointment_scheduled_at - v_r.next_attempt_at)::integer, 86400,
      format('%s, %s: due exactly 24 hours before 09:00 on the day of the change', p_timezone, v_case.kind));
    return next is(to_char(v_r.next_attempt_at at time zone p_timezone, 'YYYY-MM-DD HH24:MI'),
      to_char(v_change - 1, 'YYYY-MM-DD') || ' ' || v_case.change_day_local,
      format('%s, %s: that is %s local the day before (the clocks changed in between)', p_timezone, v_case.kind, v_case.change_day_local));
    return next ok(v_r.body like '%at ' || p_nine || ' ' || v_case.abbreviation || '.%',
      format('%s, %s: the text still says the appointment''s own %s %s', p_timezone, v_case.kind, p_nine, v_case.abbreviation));
  end loop;
end $$;

select * from pg_temp.check_zone('DST New York', 'America/New_York', '+14155550', 3, 11, 'EDT', 'EST', '9:00 AM');
select * from pg_temp.check_zone('DST London', 'Europe/London', '+447911120', 3, 10, 'BST', 'GMT', '09:00');

select * from finish();
rollback;
