-- A booking enqueues its confirmation SMS in its own transaction: exactly
-- one per appointment, to the contact's number, with the clinic's name,
-- the service, the local date and time (DST-correct) and the manage link
-- (<booking.public_base_url>/a/<token>). (Its reminders: test_084.)
begin;
select plan(19);

call tests.create_org('Enqueue Clinic');
call tests.create_org('London Clinic', 'Europe/London', 'GB');
-- The next January 15 and July 15 (winter and summer time in New York and
-- London), both at 15:00 UTC.
create function pg_temp.next_date(p_month integer) returns date language sql as $$
  select case when make_date(extract(year from now())::integer, p_month, 15) > current_date + 1
              then make_date(extract(year from now())::integer, p_month, 15)
              else make_date(extract(year from now())::integer + 1, p_month, 15) end;
$$;
create function pg_temp.at_15_utc(p_date date) returns timestamptz language sql as $$
  select (p_date + time '15:00') at time zone 'UTC';
$$;
do $$
begin
  perform set_config('booking.public_base_url', 'https://book.example.com/', true);
  perform set_config('t.winter', public.book_appointment_atomic(tests.org_id('Enqueue Clinic'),
    'jane doe', null, '+1 415 555 2671', 'Cleaning', pg_temp.at_15_utc(pg_temp.next_date(1)), 30) ->> 'appointment_id', true);
  perform set_config('t.summer', public.book_appointment_atomic(tests.org_id('Enqueue Clinic'),
    'John Roe', null, '+14155552672', 'Whitening', pg_temp.at_15_utc(pg_temp.next_date(7)), 30) ->> 'appointment_id', true);
  perform set_config('t.london', public.book_appointment_atomic(tests.org_id('London Clinic'),
    'Ada Lovelace', null, '+447911123456', 'Check-up', pg_temp.at_15_utc(pg_temp.next_date(7)), 30) ->> 'appointment_id', true);
end $$;

select is((select count(*)::integer from booking.sms_outbox where org_id = tests.org_id('Enqueue Clinic')
            and kind = 'confirmation'), 2,
  'each booking enqueued one confirmation');
select is((select kind || '/' || status || '/' || recipient from booking.sms_outbox
            where appointment_id = current_setting('t.winter')::uuid and kind = 'confirmation'),
  'confirmation/pending/+14155552671', 'a pending confirmation to the contact''s E.164 number');
select matches((select body from booking.sms_outbox where appointment_id = current_setting('t.winter')::uuid and kind = 'confirmation'),
  '^' || regexp_replace('Enqueue Clinic: your Cleaning appointment is confirmed for '
  || to_char(pg_temp.next_date(1), 'FMDay, FMMonth FMDD, YYYY') || ' at 10:00 AM EST. '
  || 'To reschedule or cancel: https://book.example.com/a/', '([.:/])', '\\\1', 'g')
  || '[A-Za-z0-9_-]{32} Reply STOP to opt out\.$',
  'the winter text: clinic, service, local time in EST, manage link with a 32-character token');
select matches((select body from booking.sms_outbox where appointment_id = current_setting('t.summer')::uuid and kind = 'confirmation'),
  'July 15, [0-9]{4} at 11:00 AM EDT',
  'the same UTC hour in summer reads 11:00 AM EDT (DST-correct)');
select matches((select body from booking.sms_outbox where appointment_id = current_setting('t.london')::uuid and kind = 'confirmation'),
  'July 15, [0-9]{4} at 16:00 BST',
  'a London clinic''s text uses Europe/London (BST in summer) and, GB, the 24-hour clock');
select is(current_setting('TimeZone'), (select setting from pg_settings where name = 'TimeZone'),
  'formatting the local time leaves the session time zone alone');

-- Retrying a successful booking does not add a second confirmation.
select is((public.book_appointment_atomic(tests.org_id('Enqueue Clinic'), 'jane doe', null, '+14155552671',
  'Cleaning', pg_temp.at_15_utc(pg_temp.next_date(1)), 30) ->> 'appointment_id'), current_setting('t.winter'),
  'a repeated booking answers the same appointment');
select is((select count(*)::integer from booking.sms_outbox where appointment_id = current_setting('t.winter')::uuid
            and kind = 'confirmation'), 1,
  'and its confirmation is still the only one');
select is(booking.enqueue_confirmation_sms(tests.org_id('Enqueue Clinic'), current_setting('t.winter')::uuid),
  (select id from booking.sms_outbox where appointment_id = current_setting('t.winter')::uuid and kind = 'confirmation'),
  'enqueue_confirmation_sms again returns the existing message');
select throws_ok(
  format('insert into booking.sms_outbox (org_id, kind, recipient, body, appointment_id) values (%L, ''confirmation'', ''+14155552671'', ''dup'', %L)',
         tests.org_id('Enqueue Clinic'), current_setting('t.winter')),
  '23505', null, 'the unique index refuses a second confirmation even for a direct insert');

-- A booking that fails enqueues nothing.
select is((public.book_appointment_atomic(tests.org_id('Enqueue Clinic'), 'Other Person', null, '+14155552673',
  'Cleaning', pg_temp.at_15_utc(pg_temp.next_date(1)) + interval '10 minutes', 30) ->> 'error'), 'SLOT_UNAVAILABLE',
  'an overlapping booking fails');
select is((select count(*)::integer from booking.sms_outbox where recipient = '+14155552673'), 0,
  'and enqueues no SMS');

-- The booking and its SMS commit or roll back together.
select lives_ok($$
  do $inner$
  begin
    perform public.book_appointment_atomic(tests.org_id('Enqueue Clinic'), 'Rolled Back', null, '+14155552674',
      'Cleaning', tests.local_noon(5), 30);
    raise exception 'abort' using errcode = 'P0001';
  exception when sqlstate 'P0001' then null;
  end $inner$ $$, 'a booking rolled back inside a subtransaction');
select is((select count(*)::integer from booking.sms_outbox where recipient = '+14155552674'), 0,
  'takes its confirmation with it');

-- Opted-out patients still book; their confirmation is recorded as suppressed.
do $$
begin
  perform booking.record_sms_opt_out(tests.org_id('Enqueue Clinic'), '+14155552675', true, 'STOP', 'inbound_keyword');
  perform set_config('t.opted', public.book_appointment_atomic(tests.org_id('Enqueue Clinic'),
    'Quiet Patient', null, '+14155552675', 'Cleaning', tests.local_noon(6), 30) ->> 'appointment_id', true);
end $$;
select is((select status from booking.sms_outbox where appointment_id = current_setting('t.opted')::uuid
            and kind = 'confirmation'), 'suppressed',
  'a confirmation to an opted-out number is recorded as suppressed');

-- Other kinds of SMS go through the same enqueue function.
select isnt(booking.enqueue_sms(tests.org_id('Enqueue Clinic'), 'otp', '+14155552671', 'Your code is 1234',
  p_expires_at => now() + interval '10 minutes'), null, 'enqueue_sms adds a one-time code');
do $$ begin perform booking.enqueue_sms(tests.org_id('Enqueue Clinic'), 'otp', '+1 (415) 555-2671', 'Your code is 5678'); end $$;
select is((select count(*)::integer from booking.sms_outbox where kind = 'otp' and recipient = '+14155552671'), 2,
  'several messages of other kinds may exist for one number (normalized to E.164)');
select throws_ok(format('select booking.enqueue_sms(%L, ''otp'', ''12'', ''x'')', tests.org_id('Enqueue Clinic')),
  '22023', null, 'an invalid recipient raises 22023');
select throws_ok(format('select booking.enqueue_confirmation_sms(%L, gen_random_uuid())', tests.org_id('Enqueue Clinic')),
  'P0002', null, 'confirming an unknown appointment raises P0002');

select * from finish();
rollback;
