-- Joining the waitlist: every bad input has its code (phone and
-- destination rules as booking, service and calendar, the window of local
-- dates, weekdays and time of day, a window in the past, 5 open entries per
-- patient); joining again answers the same entry; who may join, leave and
-- set the waitlist; settings are validated. Ranking by window fit covers
-- DST: a slot at 01:30 on a fall-back day is matched on the clinic's clock
-- and said with its zone.
begin;
select plan(38);

call tests.create_org('Join Clinic');
call tests.create_org('Fall Clinic');
call tests.create_staff_account('desk@join.test', 'Join Clinic', 'front_desk');
call tests.create_staff_account('admin@join.test', 'Join Clinic', 'admin');
create function pg_temp.org() returns uuid language sql as $$ select tests.org_id('Join Clinic') $$;
create function pg_temp.today() returns date language sql as $$ select (now() at time zone 'America/New_York')::date $$;
create function pg_temp.join(p_phone text, p_service text default 'consultation', p_calendar text default null,
                             p_earliest date default null, p_latest date default null, p_weekdays integer[] default null,
                             p_from time default null, p_to time default null, p_name text default 'Wanda Wait')
returns json language sql as $$
  select public.join_waitlist(pg_temp.org(), p_name, p_phone, p_service, p_calendar, p_earliest, p_latest,
                              p_weekdays, p_from, p_to) $$;
grant execute on function pg_temp.org(), pg_temp.today() to public;

-- Settings: validated, and only for owners and admins.
select is(public.set_waitlist_settings(pg_temp.org(), '{"batch_size": 0}') ->> 'field', 'batch_size', 'batch_size 0: INVALID_SETTINGS naming it');
select is(public.set_waitlist_settings(pg_temp.org(), '{"batch_size": 2.5}') ->> 'error', 'INVALID_SETTINGS', 'a fractional batch size is refused');
select is(public.set_waitlist_settings(pg_temp.org(), '{"offer_minutes": 300}') ->> 'field', 'offer_minutes', 'offers over 240 minutes are refused');
select is(public.set_waitlist_settings(pg_temp.org(), '{"quiet_start": "25:00"}') ->> 'field', 'quiet_start', 'a time that is no time is refused');
select is(public.set_waitlist_settings(pg_temp.org(), '{"enabled": "yes"}') ->> 'field', 'enabled', 'enabled must be a boolean');
select is(public.set_waitlist_settings(pg_temp.org(), '{"colour": "red"}') ->> 'field', 'colour', 'an unknown key is refused');
select is(public.set_waitlist_settings(pg_temp.org(), '[1]') ->> 'error', 'INVALID_SETTINGS', 'settings must be an object');
select is(public.set_waitlist_settings(pg_temp.org(), null) ->> 'error', 'INVALID_SETTINGS', 'NULL settings are refused');
select is((select count(*) from booking.waitlist_settings where org_id = pg_temp.org()), 0::bigint, 'nothing was written');
call tests.authenticate_as_account('desk@join.test');
select throws_ok($$ select public.set_waitlist_settings(pg_temp.org(), '{"enabled": true}') $$, '42501', null,
  'front desk cannot turn the waitlist on');
call tests.authenticate_as_account('admin@join.test');
select is(public.set_waitlist_settings(pg_temp.org(), '{"enabled": true, "quiet_start": "00:00", "quiet_end": "00:00"}') -> 'settings' ->> 'enabled',
  'true', 'an admin can');
call tests.authenticate_as_account('desk@join.test');
select is(public.waitlist_overview(pg_temp.org()) -> 'settings' ->> 'batch_size', '3', 'front desk reads the waitlist (default batch of 3)');

-- Joining: the codes, as front desk.
select is(pg_temp.join('not a phone') ->> 'error', 'INVALID_PHONE', 'a phone that is no number: INVALID_PHONE');
select is(pg_temp.join('+1 900 555 0100') ->> 'error', 'PHONE_NOT_ALLOWED', 'a premium-rate number: PHONE_NOT_ALLOWED');
select is(pg_temp.join('+44 20 7946 0018') ->> 'error', 'PHONE_NOT_ALLOWED', 'a number abroad the clinic does not text: PHONE_NOT_ALLOWED');
select is(pg_temp.join('+14155551501', p_name => '  ') ->> 'error', 'INVALID_NAME', 'a blank name: INVALID_NAME');
select is(pg_temp.join('+14155551501', p_service => '') ->> 'error', 'INVALID_SERVICE_TYPE', 'a blank service: INVALID_SERVICE_TYPE');
select is(pg_temp.join('+14155551501', p_calendar => 'nope') ->> 'error', 'CALENDAR_NOT_FOUND', 'an unknown calendar: CALENDAR_NOT_FOUND');
select is(pg_temp.join('+14155551501', p_latest => pg_temp.today() - 1) ->> 'error', 'WINDOW_IN_PAST', 'a window that ended: WINDOW_IN_PAST');
select is(pg_temp.join('+14155551501', p_earliest => pg_temp.today() + 5, p_latest => pg_temp.today() + 2) ->> 'error',
  'INVALID_WINDOW', 'dates backwards: INVALID_WINDOW');
select is(pg_temp.join('+14155551501', p_latest => pg_temp.today() + 120) ->> 'error', 'INVALID_WINDOW', 'over 91 days: INVALID_WINDOW');
select is(pg_temp.join('+14155551501', p_weekdays => array[0, 8]) ->> 'error', 'INVALID_WINDOW', 'weekday 8: INVALID_WINDOW');
select is(pg_temp.join('+14155551501', p_weekdays => array[1, null]) ->> 'error', 'INVALID_WINDOW', 'a NULL weekday: INVALID_WINDOW');
select is(pg_temp.join('+14155551501', p_from => '12:00', p_to => '09:00') ->> 'error', 'INVALID_WINDOW', 'a time of day backwards: INVALID_WINDOW');
select is(pg_temp.join('+14155551501', p_from => '12:00') ->> 'error', 'INVALID_WINDOW', 'a time of day without its end: INVALID_WINDOW');
select is(public.join_waitlist(pg_temp.org(), null, null, null, p_appointment_id => gen_random_uuid()) ->> 'error',
  'APPOINTMENT_NOT_FOUND', 'an earlier time for an unknown appointment: APPOINTMENT_NOT_FOUND');

select is(pg_temp.join('(415) 555-1501', p_earliest => pg_temp.today() - 3, p_weekdays => array[5, 1, 1]) ->> 'earliest',
  pg_temp.today()::text, 'a window that began counts from today');
select is(pg_temp.join('+14155551501', p_weekdays => array[2]) ->> 'already_on_list', 'true',
  'the same patient and service again: the same entry, its window replaced');
select is((select weekdays from booking.waitlist_entries where org_id = pg_temp.org()), array[2],
  'with the new weekdays');
select is((select joined_by || '/' || latest::text from booking.waitlist_entries where org_id = pg_temp.org()),
  'staff/' || (pg_temp.today() + 27)::text, 'staff joined it; the window runs 4 weeks by default');
select is(pg_temp.join('+14155551501', 'checkup') ->> 'already_on_list', 'false', 'another service is another entry');
select lives_ok($$ select pg_temp.join('+14155551501', 'service ' || n) from generate_series(1, 3) n $$, 'up to 5 open entries');
select is(pg_temp.join('+14155551501', 'one too many') ->> 'error', 'TOO_MANY_WAITLIST_ENTRIES', 'a sixth: TOO_MANY_WAITLIST_ENTRIES');
call tests.clear_authentication();

-- Anon and other clinics have no way in.
call tests.authenticate_as_anon();
select throws_ok($$ select public.join_waitlist(pg_temp.org(), 'A', '+14155551502', 'consultation') $$, '42501', null,
  'anon cannot join a waitlist directly');
call tests.clear_authentication();
call tests.authenticate_as('Fall Clinic');
select throws_ok($$ select public.join_waitlist(pg_temp.org(), 'A', '+14155551502', 'consultation') $$, '42501', null,
  'a member of another clinic cannot join this one''s');
call tests.clear_authentication();

-- DST: on the next fall-back day, 01:30 happens twice; the slot the
-- calendar offers at 01:30 is matched by a 01:00-02:00 window and said
-- with its zone.
select is(public.set_waitlist_settings(tests.org_id('Fall Clinic'), '{"enabled": true, "quiet_start": "00:00", "quiet_end": "00:00"}') ->> 'success',
  'true', 'the fall clinic keeps a waitlist');
create temp table fall as
  select d as day, ((d + time '01:30') at time zone 'America/New_York') as at
    from (select min(d)::date as d
            from generate_series(pg_temp.today() + 1, pg_temp.today() + 366, interval '1 day') d
           where extract(month from d) = 11 and extract(isodow from d) = 7 and extract(day from d) <= 7) x;
grant select on fall to public;
do $$
declare
  v_appointment uuid;
begin
  v_appointment := (public.book_appointment_atomic(tests.org_id('Fall Clinic'), 'Night Owl', null, '+14155551601',
    'consultation', (select at from fall), 30) ->> 'appointment_id')::uuid;
  perform public.join_waitlist(tests.org_id('Fall Clinic'), 'Night Wait', '+14155551602', 'consultation', null,
    (select day from fall), (select day from fall), null, '01:00', '02:00');
  perform public.cancel_appointment(tests.org_id('Fall Clinic'), v_appointment, 'test');
end $$;
select is((select starts_at from booking.waitlist_offers where org_id = tests.org_id('Fall Clinic')), (select at from fall),
  'the 01:30 slot of the fall-back day is offered to the 01:00-02:00 window');
select matches((select body from booking.sms_outbox where org_id = tests.org_id('Fall Clinic') and kind = 'waitlist_offer'),
  ' at 1:30 AM E[SD]T\. ', 'the offer says 1:30 AM with the zone of that half hour');

select * from finish();
rollback;
