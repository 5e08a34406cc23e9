-- Sends a slot's next batch of offers, in the caller's transaction: up to
-- batch_size of the best-ranked entries (booking.waitlist_candidates) whose
-- number an SMS can reach (not opted out, allowed by
-- booking.sms_destination_refusal, under its per-recipient limits:
-- booking.recipient_sms_limit)
-- get an offer, open offer_minutes, each with its own link token and an
-- outbox message (kind waitlist_offer, not worth sending after the offer
-- ends). The caller holds the calendar lock.
--   nothing, returns 0   the slot is no longer offering, or a batch is
--                        still open (next_batch_at: when it ends)
--   delayed, returns 0   quiet hours in the clinic's zone: next_batch_at is
--                        when they end (booking.advance_waitlist sends it)
--   unfilled, returns 0  the waitlist is off, or no entry fits any more
--   else                 the number of offers sent; next_batch_at is when
--                        they expire
create or replace function booking.waitlist_send_batch(p_org_id uuid, p_slot_id uuid)
returns integer
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_slot booking.waitlist_slots;
  v_config booking.waitlist_settings := booking.waitlist_config(p_org_id);
  v_open_until timestamptz;
  v_quiet_until timestamptz;
  v_expires_at timestamptz := now() + make_interval(mins => v_config.offer_minutes);
  v_candidate record;
  v_token text;
  v_offer_id uuid;
  v_message_id uuid;
  v_count integer := 0;
begin
  select * into v_slot from booking.waitlist_slots
   where org_id = p_org_id and id = p_slot_id for update;
  if not found or v_slot.status <> 'offering' then
    return 0;
  end if;
  if not v_config.enabled then
    update booking.waitlist_slots set status = 'unfilled', closed_at = now(), next_batch_at = null
     where org_id = p_org_id and id = p_slot_id;
    return 0;
  end if;
  select max(o.expires_at) into v_open_until from booking.waitlist_offers o
   where o.org_id = p_org_id and o.slot_id = p_slot_id and o.status = 'sent' and o.expires_at > now();
  if v_open_until is not null then
    update booking.waitlist_slots set next_batch_at = v_open_until where org_id = p_org_id and id = p_slot_id;
    return 0;
  end if;
  v_quiet_until := booking.waitlist_quiet_until(p_org_id, v_config, now());
  if v_quiet_until is not null then
    update booking.waitlist_slots set next_batch_at = v_quiet_until where org_id = p_org_id and id = p_slot_id;
    return 0;
  end if;

  for v_candidate in select * from booking.waitlist_candidates(p_org_id, p_slot_id) loop
    exit when v_count >= v_config.batch_size;
    -- Only numbers an offer can reach: not opted out, allowed, under limits.
    continue when booking.is_sms_opted_out(p_org_id, v_candidate.phone)
               or booking.sms_destination_refusal(p_org_id, v_candidate.phone) is not null
               or booking.recipient_sms_limit(p_org_id, v_candidate.phone, 'waitlist_offer') is not null;
    v_token := translate(encode(extensions.gen_random_bytes(24), 'base64'), '+/', '-_');
    insert into booking.waitlist_offers (org_id, slot_id, entry_id, calendar_id, starts_at, service_type,
                                         duration_minutes, batch, rank, token_sha256, expires_at)
    values (p_org_id, p_slot_id, v_candidate.entry_id, v_slot.calendar_id, v_candidate.starts_at,
            v_candidate.service_type, v_candidate.duration_minutes, v_slot.batches + 1, v_count + 1,
            extensions.digest(v_token, 'sha256'), v_expires_at)
    returning id into v_offer_id;
    v_message_id := booking.enqueue_sms(p_org_id, 'waitlist_offer', v_candidate.phone,
      booking.waitlist_offer_sms_text(p_org_id, v_slot.calendar_id, v_candidate.service_type,
        v_candidate.starts_at, v_expires_at, booking.public_base_url() || '/w/' || v_token,
        (select a.scheduled_at from booking.appointments a
          where a.org_id = p_org_id and a.id = v_candidate.appointment_id)),
      null, null, v_expires_at);
    update booking.waitlist_offers set message_id = v_message_id where org_id = p_org_id and id = v_offer_id;
    v_count := v_count + 1;
  end loop;

  if v_count = 0 then
    update booking.waitlist_slots set status = 'unfilled', closed_at = now(), next_batch_at = null
     where org_id = p_org_id and id = p_slot_id;
  else
    update booking.waitlist_slots
       set batches = batches + 1, first_offered_at = coalesce(first_offered_at, now()), next_batch_at = v_expires_at
     where org_id = p_org_id and id = p_slot_id;
  end if;
  return v_count;
end;
$$;

revoke execute on function booking.waitlist_send_batch(uuid, uuid) from public, anon, authenticated, service_role;
comment on function booking.waitlist_send_batch(uuid, uuid) is
  'Sends a slot''s next batch of waitlist offers (outbox kind waitlist_offer, a link token each) to the best-ranked fitting entries whose numbers an SMS can reach (opt-out, destination rules, per-recipient limits); waits while a batch is open or quiet hours last (next_batch_at); marks the slot unfilled when none is left. Caller holds the calendar lock. Returns the offers sent.';
