-- Freed time goes to the waitlist in the transaction that freed it: a
-- cancellation queues offers (outbox kind waitlist_offer) to the first
-- batch of fitting entries, ranked by window fit (the window that closes
-- soonest) then first come; weekdays and time of day are honoured; an
-- unanswered batch expires and the next goes out (public.advance_waitlist);
-- a slot booked by anyone else stops its offers at once (unsent messages
-- canceled); a hold on it takes it, and its release offers it again; a
-- removed staff block is offered; opted-out numbers and numbers at their
-- SMS limit are skipped; quiet hours delay the batch; a slot starting
-- sooner than the offer window is not offered; off means nothing at all.
begin;
select plan(51);

call tests.create_org('Waitlist Clinic');
create temp table ids (name text primary key, id uuid);
grant select, insert on ids to public;
create function pg_temp.id(p_name text) returns uuid language sql as $$ select id from ids where name = p_name $$;
create function pg_temp.org() returns uuid language sql as $$ select tests.org_id('Waitlist Clinic') $$;
create function pg_temp.phone(p_n integer) returns text language sql as $$ select '+1415555130' || p_n $$;
-- The local date p_days from today, and its ISO weekday.
create function pg_temp.day(p_days integer) returns date language sql as $$
  select (now() at time zone 'America/New_York')::date + p_days $$;
-- Offers of a slot, as "<patient n>:<status>" in rank order.
create function pg_temp.offers(p_slot uuid) returns text language sql as $$
  select string_agg(right(c.phone, 1) || ':' || o.status, ' ' order by o.batch, o.rank)
    from booking.waitlist_offers o
    join booking.waitlist_entries e on e.org_id = o.org_id and e.id = o.entry_id
    join booking.contacts c on c.org_id = e.org_id and c.id = e.contact_id
   where o.slot_id = p_slot $$;
create function pg_temp.slot(p_at timestamptz, p_cause text default 'cancelled') returns uuid language sql as $$
  select id from booking.waitlist_slots where org_id = pg_temp.org() and starts_at = p_at and cause = p_cause $$;
create procedure pg_temp.book(p_name text, p_patient integer, p_at timestamptz) language sql as $$
  insert into ids values (p_name, (public.book_appointment_atomic(pg_temp.org(), 'Booked ' || p_patient, null,
    pg_temp.phone(p_patient), 'consultation', p_at, 30) ->> 'appointment_id')::uuid) $$;
create procedure pg_temp.join(p_name text, p_patient integer, p_latest integer, p_weekdays integer[] default null,
                              p_from time default null, p_to time default null) language sql as $$
  insert into ids values (p_name, (public.join_waitlist(pg_temp.org(), 'Waiting ' || p_patient, pg_temp.phone(p_patient),
    'consultation', null, pg_temp.day(0), pg_temp.day(p_latest), p_weekdays, p_from, p_to) ->> 'waitlist_entry_id')::uuid) $$;

-- Off by default: a cancellation frees nothing for the waitlist.
call pg_temp.book('first', 9, tests.local_noon(2));
select is(public.join_waitlist(pg_temp.org(), 'Early Bird', pg_temp.phone(1), 'consultation') ->> 'error',
  'WAITLIST_DISABLED', 'joining a clinic whose waitlist is off: WAITLIST_DISABLED');
select is(public.cancel_appointment(pg_temp.org(), pg_temp.id('first'), 'test') ->> 'success', 'true', 'a cancellation');
select is((select count(*) from booking.waitlist_slots where org_id = pg_temp.org()), 0::bigint,
  'with the waitlist off, nothing is offered');

select is(public.set_waitlist_settings(pg_temp.org(), '{"enabled": true, "batch_size": 2, "quiet_start": "00:00", "quiet_end": "00:00"}')::jsonb -> 'settings',
  '{"enabled": true, "batch_size": 2, "offer_minutes": 15, "quiet_start": "00:00", "quiet_end": "00:00"}'::jsonb,
  'an owner turns the waitlist on: batches of 2, offers open 15 minutes, no quiet hours');

call pg_temp.book('nobody', 9, tests.local_noon(1));
select is(public.cancel_appointment(pg_temp.org(), pg_temp.id('nobody'), 'test') ->> 'success', 'true', 'a cancellation while nobody waits');
select is((select status from booking.waitlist_slots where id = pg_temp.slot(tests.local_noon(1))), 'unfilled',
  'is counted as freed, and unfilled at once');

-- The waitlist, in joining order: 1 (any day), 2 (only day 3: its window
-- closes soonest), 3 (never on day 3's weekday), 4 (mornings only), 5 (any day).
call pg_temp.book('slot3', 9, tests.local_noon(3));
call pg_temp.join('e1', 1, 27);
call pg_temp.join('e2', 2, 3);
call pg_temp.join('e3', 3, 27, array[extract(isodow from pg_temp.day(4))::integer]);
call pg_temp.join('e4', 4, 27, null, '08:00', '10:00');
call pg_temp.join('e5', 5, 27);
update booking.waitlist_entries set created_at = now() - make_interval(mins => 10 - right(c.phone, 1)::integer)
  from booking.contacts c where c.org_id = waitlist_entries.org_id and c.id = waitlist_entries.contact_id;
select is((select count(*) from booking.waitlist_entries where org_id = pg_temp.org() and status = 'open'), 5::bigint,
  'five patients wait');

-- The cancellation's own transaction queues the first batch.
select is(public.cancel_appointment(pg_temp.org(), pg_temp.id('slot3'), 'test') ->> 'success', 'true', 'day 3''s appointment is cancelled');
insert into ids values ('s3', pg_temp.slot(tests.local_noon(3)));
select is((select starts_at from booking.waitlist_slots where id = pg_temp.id('s3')), tests.local_noon(3),
  'its time is a slot being offered');
select is(pg_temp.offers(pg_temp.id('s3')), '2:sent 1:sent',
  'the first batch: 2 (the window that closes soonest), then 1 (first come); 3 and 4 do not fit');
select is((select count(*) from booking.sms_outbox m join booking.waitlist_offers o on o.message_id = m.id
            where o.slot_id = pg_temp.id('s3') and m.kind = 'waitlist_offer' and m.status = 'pending'), 2::bigint,
  'each offer is an SMS in the outbox, in the same transaction');
select matches((select m.body from booking.sms_outbox m join booking.waitlist_offers o on o.message_id = m.id
                 where o.slot_id = pg_temp.id('s3') and m.recipient = pg_temp.phone(2)),
  '^Waitlist Clinic: a consultation time opened on [A-Z][a-z]+day, [A-Z][a-z]+ [0-9]+, [0-9]{4} at 12:00 PM E[SD]T\. Reply Y to take it or use http://localhost:8000/w/[A-Za-z0-9_-]{32}\. Offer ends at [0-9]+:[0-9]{2} [AP]M\. Reply N to leave the waitlist\.$',
  'the offer says the clinic, the service, the local time, Y or the link, when it ends, and N');
select is((select m.expires_at from booking.sms_outbox m join booking.waitlist_offers o on o.message_id = m.id
            where o.slot_id = pg_temp.id('s3') and m.recipient = pg_temp.phone(2)), now() + interval '15 minutes',
  'the message is not worth sending after the offer ends');
select is((select count(*) from booking.events where org_id = pg_temp.org() and type = 'waitlist.offered'), 2::bigint,
  'two waitlist.offered events');

-- Unanswered: the batch expires and the next goes out (5; 3 and 4 still do not fit).
update booking.waitlist_offers set expires_at = now() - interval '1 second' where slot_id = pg_temp.id('s3');
update booking.waitlist_slots set next_batch_at = now() - interval '1 second' where id = pg_temp.id('s3');
call tests.authenticate_as_service_role();
select ok((public.advance_waitlist() ->> 'offers_expired')::integer >= 2,
  'the sweeper expires the unanswered offers (this clinic''s two, and any other''s due)');
call tests.clear_authentication();
select is(pg_temp.offers(pg_temp.id('s3')), '2:expired 1:expired 5:sent', 'and sends the next batch: 5');
select is((select count(*) from booking.events where org_id = pg_temp.org() and type = 'waitlist.expired'), 2::bigint,
  'two waitlist.expired events');
select is((select batches from booking.waitlist_slots where id = pg_temp.id('s3')), 2, 'the slot is in its second batch');

-- Booked directly by someone else: its offers stop at once.
call pg_temp.book('direct', 8, tests.local_noon(3));
select is((select status from booking.waitlist_slots where id = pg_temp.id('s3')), 'taken', 'a direct booking takes the slot');
select is(pg_temp.offers(pg_temp.id('s3')), '2:expired 1:expired 5:withdrawn', 'the open offer is withdrawn');
select is((select m.status from booking.sms_outbox m join booking.waitlist_offers o on o.message_id = m.id
            where o.slot_id = pg_temp.id('s3') and m.recipient = pg_temp.phone(5)), 'canceled',
  'and its SMS, not sent yet, is canceled in the same transaction');

-- A hold on a slot being offered takes it; its release offers it again.
call pg_temp.book('slot5', 9, tests.local_noon(5));
select is(public.cancel_appointment(pg_temp.org(), pg_temp.id('slot5'), 'test') ->> 'success', 'true', 'day 5 is cancelled');
insert into ids values ('s5', pg_temp.slot(tests.local_noon(5)));
select is(pg_temp.offers(pg_temp.id('s5')), '1:sent 5:sent', 'and offered to 1 and 5 (2''s window has closed by day 5)');
call tests.authenticate_as_service_role();
insert into ids values ('hold', (public.claim_slot_atomic(pg_temp.org(), 'cal-1', tests.local_noon(5), 'CA-wait-1',
  'Caller Seven', pg_temp.phone(7), 10, 'consultation') ->> 'hold_id')::uuid);
call tests.clear_authentication();
select isnt(pg_temp.id('hold'), null, 'a caller holds the same time');
select is((select status || '/' || (taken_by_hold_id = pg_temp.id('hold'))::text from booking.waitlist_slots
            where id = pg_temp.id('s5')), 'taken/true', 'the hold takes the slot being offered');
call tests.authenticate_as_service_role();
select is(public.release_hold(pg_temp.id('hold'), pg_temp.org()) ->> 'success', 'true', 'the caller lets the hold go');
call tests.clear_authentication();
select is((select cause || '/' || status from booking.waitlist_slots where org_id = pg_temp.org()
            and starts_at = tests.local_noon(5) and id <> pg_temp.id('s5')), 'hold_released/offering',
  'the released hold offers the time again');
select is(pg_temp.offers(pg_temp.slot(tests.local_noon(5), 'hold_released')), '1:sent 5:sent', 'to the same patients, with new offers');

-- A removed staff block is offered; an opted-out number is skipped.
select is(public.leave_waitlist(pg_temp.org(), pg_temp.id('e5')) ->> 'status', 'left', 'staff take 5 off the waitlist');
insert into ids values ('block', (public.block_calendar_time(pg_temp.org(), 'cal-1', tests.local_noon(4),
  tests.local_noon(4) + interval '1 hour', 'Meeting') ->> 'block_id')::uuid);
select isnt(pg_temp.id('block'), null, 'staff block day 4 at noon for an hour');
do $$ begin perform booking.record_sms_opt_out(pg_temp.org(), pg_temp.phone(1), true, 'STOP', 'inbound_keyword'); end $$;
select is(public.remove_calendar_block(pg_temp.org(), pg_temp.id('block')) ->> 'success', 'true', 'and remove the block');
select isnt(pg_temp.slot(tests.local_noon(4), 'block_removed'), null,
  'the freed hour is a slot being offered');
select is(pg_temp.offers(pg_temp.slot(tests.local_noon(4), 'block_removed')), '3:sent',
  'offered to 3, whose weekday it is; 1 opted out of SMS, 4 wants mornings, 5 left');
select is((select starts_at from booking.waitlist_offers where slot_id = pg_temp.slot(tests.local_noon(4), 'block_removed')), tests.local_noon(4),
  'at the first start of the freed hour');
do $$ begin perform booking.record_sms_opt_out(pg_temp.org(), pg_temp.phone(1), false, 'START', 'inbound_keyword'); end $$;

-- Per-recipient limits: a number at its hourly limit is skipped.
select is(public.set_sms_limits(pg_temp.org(), p_recipient_sms_per_hour => 1) ->> 'success', 'true',
  'the clinic allows one SMS per number per hour');
call pg_temp.book('slot8', 9, tests.local_noon(8));
select is(public.cancel_appointment(pg_temp.org(), pg_temp.id('slot8'), 'test') ->> 'success', 'true', 'day 8 is cancelled');
select is(pg_temp.offers(pg_temp.slot(tests.local_noon(8))), null,
  '1 already had SMS this hour: nobody fits under the limits, so nothing is offered');
select is((select status from booking.waitlist_slots where id = pg_temp.slot(tests.local_noon(8))), 'unfilled', 'and the slot is unfilled');
select is(public.set_sms_limits(pg_temp.org(), p_recipient_sms_per_hour => 50) ->> 'success', 'true', 'limits raised');

-- Quiet hours: the batch waits until they end.
select is(public.set_waitlist_settings(pg_temp.org(), jsonb_build_object(
    'quiet_start', to_char((now() at time zone 'America/New_York') - interval '1 hour', 'HH24:MI'),
    'quiet_end', to_char((now() at time zone 'America/New_York') + interval '1 hour', 'HH24:MI'))) ->> 'success',
  'true', 'quiet hours from an hour ago to an hour from now');
call pg_temp.book('slot9', 9, tests.local_noon(9));
select is(public.cancel_appointment(pg_temp.org(), pg_temp.id('slot9'), 'test') ->> 'success', 'true', 'day 9 is cancelled');
select is((select count(*) from booking.waitlist_offers where slot_id = pg_temp.slot(tests.local_noon(9))), 0::bigint,
  'during quiet hours no offer is sent');
select is((select date_trunc('minute', next_batch_at) from booking.waitlist_slots where id = pg_temp.slot(tests.local_noon(9))),
  date_trunc('minute', now() + interval '1 hour'), 'the batch is due when they end');

-- Too soon to offer: a slot starting inside the offer window.
select is(public.set_waitlist_settings(pg_temp.org(), '{"quiet_start": "00:00", "quiet_end": "00:00"}') ->> 'success', 'true', 'no quiet hours');
call pg_temp.book('soon', 9, tests.within_local_day(date_trunc('minute', now()) + interval '10 minutes', 30));
select is(public.cancel_appointment(pg_temp.org(), pg_temp.id('soon'), 'test') ->> 'success', 'true', 'an appointment in 10 minutes is cancelled');
select is((select count(*) from booking.waitlist_slots where org_id = pg_temp.org()
            and ends_at = (select ends_at from booking.appointments where id = pg_temp.id('soon'))), 0::bigint,
  'a time starting sooner than the 15-minute offer window is not offered');

-- A waiting patient who books that service for a day of their window by
-- other means is no longer waiting for it.
call pg_temp.join('e6', 6, 27);
insert into ids values ('e6other', (public.join_waitlist(pg_temp.org(), 'Waiting 6', pg_temp.phone(6), 'checkup')
  ->> 'waitlist_entry_id')::uuid);
call pg_temp.book('booked6', 6, tests.local_noon(20));
select is((select status from booking.waitlist_entries where id = pg_temp.id('e6')), 'booked',
  'booking the service by phone satisfies the patient''s waiting for it');
select is((select status from booking.waitlist_entries where id = pg_temp.id('e6other')), 'open',
  'their waiting for another service stays');

-- Entries expire once their window has passed.
update booking.waitlist_entries set earliest = pg_temp.day(-3), latest = pg_temp.day(-1) where id = pg_temp.id('e4');
call tests.authenticate_as_service_role();
select ok((public.advance_waitlist() ->> 'entries_expired')::integer >= 1, 'the sweeper expires entries past their window');
call tests.clear_authentication();
select is((select status from booking.waitlist_entries where id = pg_temp.id('e4')), 'expired', '4''s window ended yesterday: expired');
select is((select count(*) from booking.events where org_id = pg_temp.org() and type = 'waitlist.expired'
            and payload ->> 'waitlist_entry_id' = pg_temp.id('e4')::text and payload ? 'contact_id'), 1::bigint,
  'with a waitlist.expired event naming the entry');

select * from finish();
rollback;
