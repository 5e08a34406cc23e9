-- Taking an offer: by its link (public.claim_waitlist_offer, anon) or by
-- an SMS Y when the offer is the latest message the patient got; the first
-- valid claim wins, the winner is booked with the usual confirmation SMS
-- and leaves the waitlist, the others' offers are taken (they stay on the
-- list and are told so), what the booked time leaves of the freed interval
-- is offered again. N leaves the waitlist. "Tell me if an earlier time
-- opens" from the manage link moves the appointment, never duplicates it.
-- Another clinic's token or entry answers as unknown; expired offers say
-- so; the staff overview counts the week's fills.
begin;
select plan(51);

call tests.create_org('Claim Clinic');
call tests.create_org('Other Clinic');
create temp table ids (name text primary key, id uuid);
create temp table answers (name text primary key, r json);
grant select, insert on ids, answers to public;
create function pg_temp.id(p_name text) returns uuid language sql as $$ select id from ids where name = p_name $$;
create function pg_temp.org() returns uuid language sql as $$ select tests.org_id('Claim Clinic') $$;
create function pg_temp.phone(p_n integer) returns text language sql as $$ select '+1415555140' || p_n $$;
create function pg_temp.answer(p_name text) returns json language sql as $$ select r from answers where name = p_name $$;
-- The provider accepted every pending message (the worker's record); the
-- offers' link tokens are kept first, as the patients' phones keep them
-- (a sent body no longer holds its link).
create temp table tokens (n serial, phone text, token text);
grant select on tokens to public;
create procedure pg_temp.deliver() language sql as $$
  insert into tokens (phone, token)
  select recipient, substring(body from '/w/([A-Za-z0-9_-]{32})') from booking.sms_outbox
   where org_id = pg_temp.org() and status = 'pending' and kind = 'waitlist_offer';
  update booking.sms_outbox set status = 'sent', provider = 'console', sent_at = clock_timestamp()
   where org_id = pg_temp.org() and status = 'pending' $$;
-- The link token of the latest offer texted to patient n.
create function pg_temp.token(p_n integer) returns text language sql as $$
  select token from tokens where phone = pg_temp.phone(p_n) order by n desc limit 1 $$;
create function pg_temp.inbound(p_n integer, p_body text) returns json language sql as $$
  select booking.record_inbound_sms(pg_temp.org(), pg_temp.phone(p_n), p_body) $$;
grant execute on function pg_temp.id(text), pg_temp.org(), pg_temp.phone(integer), pg_temp.token(integer),
  pg_temp.inbound(integer, text), pg_temp.answer(text) to public;

select is(public.set_waitlist_settings(pg_temp.org(), '{"enabled": true, "batch_size": 3, "quiet_start": "00:00", "quiet_end": "00:00"}') ->> 'success',
  'true', 'the waitlist is on, batches of 3');
do $$
begin
  perform public.set_waitlist_settings(tests.org_id('Other Clinic'), '{"enabled": true}');
  -- A 60-minute appointment to cancel: its freed hour fits two 30-minute visits.
  insert into ids values ('long', (public.book_appointment_atomic(pg_temp.org(), 'Long Visit', null, pg_temp.phone(9),
    'consultation', tests.local_noon(3), 60) ->> 'appointment_id')::uuid);
  for n in 1..3 loop
    insert into ids values ('e' || n, (public.join_waitlist(pg_temp.org(), 'Waiting ' || n, pg_temp.phone(n),
      'consultation') ->> 'waitlist_entry_id')::uuid);
  end loop;
end $$;
select is(public.cancel_appointment(pg_temp.org(), pg_temp.id('long'), 'test') ->> 'success', 'true',
  'the hour at noon on day 3 is cancelled');
select is((select count(*) from booking.waitlist_offers where org_id = pg_temp.org()), 3::bigint, 'three offers go out');
call pg_temp.deliver();

-- The offer page reads the offer by its token, as anon.
call tests.authenticate_as_anon();
insert into answers values ('view1', public.waitlist_offer(pg_temp.token(1)));
insert into answers values ('bad', public.waitlist_offer('not-a-token'));
insert into answers values ('unknown', public.waitlist_offer(repeat('A', 32)));
call tests.clear_authentication();
select is(pg_temp.answer('view1') ->> 'status', 'open', 'the offer page: open');
select is(pg_temp.answer('view1') ->> 'local_text', booking.format_local_time(pg_temp.org(), tests.local_noon(3)),
  'it says the time on the clinic''s clock');
select is(pg_temp.answer('view1') ->> 'can_claim', 'true', 'and that it can be taken');
select is(pg_temp.answer('bad') ->> 'error', 'OFFER_NOT_FOUND', 'a malformed token: OFFER_NOT_FOUND');
select is(pg_temp.answer('unknown') ->> 'error', 'OFFER_NOT_FOUND', 'an unknown token: OFFER_NOT_FOUND');

-- 2 replies Y (the offer is the latest message it got): 2 wins.
call tests.authenticate_as_service_role();
insert into answers values ('y2', pg_temp.inbound(2, 'Y'));
call tests.clear_authentication();
select is(pg_temp.answer('y2') ->> 'action', 'waitlist_claimed', 'Y to the offer claims it');
insert into ids values ('booked2', (pg_temp.answer('y2') ->> 'appointment_id')::uuid);
select is((select a.scheduled_at || '/' || a.duration_minutes || '/' || c.phone from booking.appointments a
            join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id where a.id = pg_temp.id('booked2')),
  tests.local_noon(3) || '/30/' || pg_temp.phone(2), '2 is booked at noon for the service''s 30 minutes');
select is((select count(*) from booking.sms_outbox where appointment_id = pg_temp.id('booked2') and kind = 'confirmation'
            and body ~ '/a/[A-Za-z0-9_-]{22,}'), 1::bigint, 'with the normal confirmation SMS and its manage link');
select is((select status from booking.waitlist_entries where id = pg_temp.id('e2')), 'booked', '2 leaves the waitlist');
select is((select action || '/' || actor || '/' || reason from booking.appointment_history
            where appointment_id = pg_temp.id('booked2')), 'booked/patient_sms/From the waitlist',
  'its history says it came from the waitlist, by SMS');
select is((select string_agg(status, ',' order by status) from booking.waitlist_offers
            where slot_id = (select slot_id from booking.waitlist_offers where entry_id = pg_temp.id('e2'))),
  'claimed,taken,taken', 'the others'' offers are taken');
select is((select count(*) from booking.events where org_id = pg_temp.org() and type = 'waitlist.claimed'), 1::bigint,
  'one waitlist.claimed event');

-- The losers: by link OFFER_TAKEN, by SMS "just taken"; they stay on the list.
call tests.authenticate_as_anon();
insert into answers values ('link1', public.claim_waitlist_offer(pg_temp.token(1)));
insert into answers values ('view1b', public.waitlist_offer(pg_temp.token(1)));
call tests.clear_authentication();
select is(pg_temp.answer('link1') ->> 'error', 'OFFER_TAKEN', 'the link after the win: OFFER_TAKEN');
select is(pg_temp.answer('view1b') ->> 'status', 'taken', 'the offer page says taken');
call tests.authenticate_as_service_role();
insert into answers values ('y3', pg_temp.inbound(3, 'yes'));
call tests.clear_authentication();
select is(pg_temp.answer('y3') ->> 'action', 'waitlist_taken', 'YES after the win: taken');
select matches((select body from booking.sms_outbox where id = (pg_temp.answer('y3') ->> 'message_id')::uuid),
  '^Claim Clinic: sorry, that time was just taken\. You stay on the waitlist', 'and told so: they stay on the list');
select is((select string_agg(status, ',' order by created_at) from booking.waitlist_entries
            where id in (pg_temp.id('e1'), pg_temp.id('e3'))), 'open,open', '1 and 3 stay on the list');

-- The freed hour's other half is offered again to those left.
select is((select cause || '/' || status from booking.waitlist_slots
            where org_id = pg_temp.org() and starts_at = tests.local_noon(3) + interval '30 minutes'),
  'remainder/offering', 'the other half hour is offered again');
select is((select count(*) from booking.waitlist_offers o join booking.waitlist_slots s on s.id = o.slot_id
            where s.cause = 'remainder' and o.entry_id in (pg_temp.id('e1'), pg_temp.id('e3'))), 2::bigint,
  'to 1 and 3');
call pg_temp.deliver();

-- A claim after the offer ended: OFFER_EXPIRED; the winner's repeat: the same booking.
update booking.waitlist_offers set expires_at = now() - interval '1 second'
 where entry_id = pg_temp.id('e1') and status = 'sent';
call tests.authenticate_as_anon();
insert into answers values ('late1', public.claim_waitlist_offer(pg_temp.token(1)));
call tests.clear_authentication();
select is(pg_temp.answer('late1') ->> 'error', 'OFFER_EXPIRED', 'an offer past its end: OFFER_EXPIRED');
call tests.authenticate_as_anon();
insert into answers values ('link3', public.claim_waitlist_offer(pg_temp.token(3)));
insert into answers values ('link3again', public.claim_waitlist_offer(pg_temp.token(3)));
call tests.clear_authentication();
select is(pg_temp.answer('link3') ->> 'success', 'true', '3 takes the other half hour by its link');
select is(pg_temp.answer('link3again') ->> 'appointment_id', pg_temp.answer('link3') ->> 'appointment_id',
  'claiming again answers the same appointment');
select is((select count(*) from booking.appointments where org_id = pg_temp.org() and status <> 'cancelled'
            and scheduled_at >= tests.local_noon(3) and scheduled_at < tests.local_noon(3) + interval '1 hour'), 2::bigint,
  'the freed hour holds two appointments, no more');

-- N leaves the waitlist.
do $$ begin perform public.cancel_appointment(pg_temp.org(), pg_temp.id('booked2'), 'test'); end $$;
select is((select status from booking.waitlist_offers where entry_id = pg_temp.id('e1') and status = 'sent'), 'sent',
  '2 cancels: 1 is offered that time');
call pg_temp.deliver();
call tests.authenticate_as_service_role();
insert into answers values ('n1', pg_temp.inbound(1, 'N'));
call tests.clear_authentication();
select is(pg_temp.answer('n1') ->> 'action', 'waitlist_left', 'N to the offer leaves the waitlist');
select is((select status from booking.waitlist_entries where id = pg_temp.id('e1')), 'left', '1 has left');
select is((select count(*) from booking.events where org_id = pg_temp.org() and type = 'waitlist.left'), 1::bigint,
  'a waitlist.left event');

-- An earlier time for an existing appointment, from its manage link: moved, not duplicated.
do $$
declare
  v_answer json := public.book_appointment_atomic(pg_temp.org(), 'Later Patient', null, pg_temp.phone(5),
    'consultation', tests.local_noon(10), 30);
begin
  insert into ids values ('later', (v_answer ->> 'appointment_id')::uuid);
  insert into answers values ('manage_token', json_build_object('t',
    substring(booking.manage_link(pg_temp.org(), pg_temp.id('later')) from '/a/(.*)$')));
end $$;
call tests.authenticate_as_anon();
insert into answers values ('summary', public.manage_appointment(pg_temp.answer('manage_token') ->> 't'));
insert into answers values ('earlier', public.manage_request_earlier_time(pg_temp.answer('manage_token') ->> 't', true));
insert into answers values ('earlier_again', public.manage_request_earlier_time(pg_temp.answer('manage_token') ->> 't', true));
call tests.clear_authentication();
select is(pg_temp.answer('summary') ->> 'earlier_time_offerable', 'true', 'the manage page may offer "tell me if an earlier time opens"');
select is(pg_temp.answer('earlier') ->> 'earlier_time_requested', 'true', 'the patient asks for an earlier time');
select is((select count(*) from booking.waitlist_entries where appointment_id = pg_temp.id('later') and status = 'open'),
  1::bigint, 'asking twice keeps one entry');
do $$
begin
  insert into ids values ('day6', (public.book_appointment_atomic(pg_temp.org(), 'Day Six', null, pg_temp.phone(6),
    'consultation', tests.local_noon(6), 30) ->> 'appointment_id')::uuid);
  perform public.cancel_appointment(pg_temp.org(), pg_temp.id('day6'), 'test');
end $$;
call pg_temp.deliver();
call tests.authenticate_as_service_role();
insert into answers values ('y5', pg_temp.inbound(5, 'Y'));
call tests.clear_authentication();
select is(pg_temp.answer('y5') ->> 'appointment_id', pg_temp.id('later')::text, 'Y takes the earlier time for the same appointment');
select is((select scheduled_at from booking.appointments where id = pg_temp.id('later')), tests.local_noon(6),
  'the appointment moved to day 6');
select is((select count(*) from booking.appointments a join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id
            where c.phone = pg_temp.phone(5) and a.status <> 'cancelled'), 1::bigint, 'and was not duplicated');
select is((select count(*) from booking.sms_outbox where appointment_id = pg_temp.id('later') and kind = 'reschedule'),
  1::bigint, 'the patient gets the reschedule SMS');
select is((select cause || '/' || status from booking.waitlist_slots where org_id = pg_temp.org()
            and starts_at = tests.local_noon(10)), 'rescheduled/unfilled',
  'the time it left is freed for the waitlist in turn (nobody fits it now)');

-- Tenants: another clinic sees nothing of these entries or offers.
select is(public.leave_waitlist(tests.org_id('Other Clinic'), pg_temp.id('e3')) ->> 'error', 'WAITLIST_ENTRY_NOT_FOUND',
  'another clinic''s entry id: WAITLIST_ENTRY_NOT_FOUND');
call tests.authenticate_as('Other Clinic');
select throws_ok($$ select public.waitlist_overview(tests.org_id('Claim Clinic')) $$, '42501', null,
  'a member of another clinic cannot read this waitlist');
select is((select count(*) from booking.waitlist_entries), 0::bigint, 'nor any entry by RLS');
call tests.clear_authentication();

-- The staff overview: this week, freed / offered / filled and time to fill.
call tests.authenticate_as('Claim Clinic');
insert into answers values ('overview', public.waitlist_overview(pg_temp.org()));
call tests.clear_authentication();
select is((pg_temp.answer('overview') -> 'weeks' -> 0 ->> 'filled')::integer, 3, 'this week 3 freed times were filled');
select is(pg_temp.answer('overview') -> 'weeks' -> 0 ->> 'median_minutes_to_fill', '0.0',
  'in no time (one transaction here)');
select ok((pg_temp.answer('overview') -> 'weeks' -> 0 ->> 'fill_rate')::numeric between 0 and 1, 'with a fill rate');
do $$
begin
  perform public.upsert_service_type(pg_temp.org(), 'cal-1', 'consultation', 30, 0, true, 'General Consultation');
  perform public.join_waitlist(pg_temp.org(), 'Any Calendar', pg_temp.phone(7), 'Consultation');
end $$;
call tests.authenticate_as('Claim Clinic');
select is((select e ->> 'service_name' from json_array_elements(public.waitlist_overview(pg_temp.org()) -> 'entries') e
            where e ->> 'calendar_id' is null limit 1), 'General Consultation',
  'an any-calendar entry''s service is named as patients read it');
select is(public.waitlist_overview(pg_temp.org())::jsonb -> 'services',
  '[{"service_type": "consultation", "service_name": "General Consultation"}]'::jsonb,
  'the add form''s services: each active one once, as patients read it');
select is(public.waitlist_overview(pg_temp.org())::jsonb #>> '{calendars,0,calendar_id}', 'cal-1', 'and the calendars');
call tests.clear_authentication();

-- Retention: freed times no longer offered and closed entries, past
-- waitlist_retention_days (90), go with their offers; open ones stay.
update booking.waitlist_slots set created_at = now() - interval '100 days' where org_id = pg_temp.org();
update booking.waitlist_entries set created_at = now() - interval '100 days', closed_at = now() - interval '100 days'
 where org_id = pg_temp.org() and status <> 'open';
create temp table kept as
  select (select count(*) from booking.waitlist_slots where org_id = pg_temp.org() and status = 'offering') as offering,
         (select count(*) from booking.waitlist_entries where org_id = pg_temp.org() and status = 'open') as open_entries;
call tests.authenticate_as_service_role();
select ok((public.purge_expired_data() ->> 'waitlist_slots_deleted')::integer > 0, 'the purge removes old freed times');
call tests.clear_authentication();
select is((select count(*) from booking.waitlist_slots where org_id = pg_temp.org()), (select offering from kept),
  'only the ones still being offered stay');
select is((select count(*) from booking.waitlist_entries where org_id = pg_temp.org()), (select open_entries from kept),
  'closed entries went too (their offers with them); open entries stay');
select is((select count(*) from booking.waitlist_offers o where o.org_id = pg_temp.org()
            and not exists (select from booking.waitlist_slots s where s.org_id = o.org_id and s.id = o.slot_id)), 0::bigint,
  'no offer outlives its slot');

select * from finish();
rollback;
