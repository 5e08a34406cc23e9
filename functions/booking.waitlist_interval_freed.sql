-- An interval of a calendar freed up (p_cause: cancelled, rescheduled,
-- hold_released, block_removed, remainder): when the clinic's waitlist is
-- on and the interval starts after the offer window (offer_minutes from
-- now; of a removed block or a remainder, the part after it), it becomes a slot being
-- offered, and its first batch of offers is queued in the caller's
-- transaction (booking.waitlist_send_batch) under the calendar lock, which
-- the writers of the calendar hold already. It is only tried, never waited
-- for: a writer that does not hold it (the hold sweeper expiring a hold
-- while a booking of that calendar runs) must not wait for a transaction
-- that may be waiting for its own rows. Then the slot is recorded all the
-- same with its batch due now, and public.advance_waitlist sends it
-- seconds later. Called by the triggers
-- of appointments, appointment_holds and calendar_blocks (0115). Returns
-- the slot id, or NULL when nothing is offered.
create or replace function booking.waitlist_interval_freed(
  p_org_id uuid,
  p_calendar_id text,
  p_starts_at timestamptz,
  p_ends_at timestamptz,
  p_cause text
) returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_config booking.waitlist_settings := booking.waitlist_config(p_org_id);
  v_slot_id uuid;
  v_not_before timestamptz := now() + make_interval(mins => v_config.offer_minutes);
begin
  -- A time starting inside the offer window is not offered: it could start
  -- before the offer ends. Of a longer interval (a block, the rest of a
  -- filled one), what starts after the window is.
  if not v_config.enabled or p_ends_at <= v_not_before
     or (p_starts_at < v_not_before and p_cause not in ('block_removed', 'remainder')) then
    return null;
  end if;
  if not exists (select from booking.waitlist_entries e where e.org_id = p_org_id and e.status = 'open') then
    -- Nobody waits: recorded as freed and unfilled (the week's figures),
    -- without looking for anyone.
    insert into booking.waitlist_slots (org_id, calendar_id, starts_at, ends_at, cause, status, closed_at)
    values (p_org_id, p_calendar_id, greatest(p_starts_at, v_not_before), p_ends_at, p_cause, 'unfilled', now())
    returning id into v_slot_id;
    return v_slot_id;
  end if;
  insert into booking.waitlist_slots (org_id, calendar_id, starts_at, ends_at, cause, next_batch_at)
  values (p_org_id, p_calendar_id, greatest(p_starts_at, v_not_before), p_ends_at, p_cause, now())
  returning id into v_slot_id;
  if pg_try_advisory_xact_lock(booking.calendar_lock_key(p_org_id, p_calendar_id)) then
    perform booking.waitlist_send_batch(p_org_id, v_slot_id);
  end if;  -- else next_batch_at = now(): the sweeper's
  return v_slot_id;
end;
$$;

revoke execute on function booking.waitlist_interval_freed(uuid, text, timestamptz, timestamptz, text) from public, anon, authenticated, service_role;
comment on function booking.waitlist_interval_freed(uuid, text, timestamptz, timestamptz, text) is
  'A calendar interval freed up (cancelled, rescheduled, hold_released, block_removed, remainder): with the waitlist on, records a slot being offered and queues its first batch of offers in the same transaction under the calendar lock (only tried: when another transaction has it, the batch is due now for public.advance_waitlist). Returns the slot id or NULL.';
