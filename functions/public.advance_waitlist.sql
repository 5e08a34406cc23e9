-- The waitlist's clock, called by the shim's sweeper every few seconds
-- (shim/service/hold_sweeper.py). What time decides, slot by slot under
-- the slot's calendar lock (only tried: a busy calendar is left for the
-- next call, so the sweeper never waits for a booking, nor a booking for
-- more than the sweeper's short transaction):
--   1. its offers still open past their end become expired
--      (waitlist.expired);
--   2. its next batch, when due (its open batch ended, quiet hours ended, or
--      the batch its freeing could not send), is sent
--      (booking.waitlist_send_batch), or the slot is marked unfilled.
-- Then open entries past their window, or whose appointment to move is no
-- longer upcoming, become expired (waitlist.expired), skipping entries a
-- claim is deciding. No lock or counter is shared across organizations.
create or replace function public.advance_waitlist()
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_offers integer := 0;
  v_expired integer;
  v_entries integer;
  v_batches integer := 0;
  v_sent integer;
  v_slot record;
begin
  perform booking.assert_service_role();

  for v_slot in
    select s.org_id, s.id, s.calendar_id from booking.waitlist_slots s
     where s.status = 'offering'
       and (s.next_batch_at <= now()
            or exists (select from booking.waitlist_offers o
                        where o.org_id = s.org_id and o.slot_id = s.id and o.status = 'sent' and o.expires_at <= now()))
     order by s.next_batch_at
     limit 500
  loop
    continue when not pg_try_advisory_xact_lock(booking.calendar_lock_key(v_slot.org_id, v_slot.calendar_id));
    begin
      update booking.waitlist_offers set status = 'expired'
       where org_id = v_slot.org_id and slot_id = v_slot.id and status = 'sent' and expires_at <= now();
      get diagnostics v_expired = row_count;
      v_sent := booking.waitlist_send_batch(v_slot.org_id, v_slot.id);
      v_offers := v_offers + v_expired;
      v_batches := v_batches + (v_sent > 0)::integer;
    exception
      when others then
        -- One slot's failure (logged) stops neither the others nor the sweeper.
        raise warning 'advance_waitlist: slot % of organization %: % (%)', v_slot.id, v_slot.org_id, sqlerrm, sqlstate;
    end;
  end loop;

  update booking.waitlist_entries e set status = 'expired', closed_at = now()
    from (select x.org_id, x.id
            from booking.waitlist_entries x
            join booking.organizations o on o.org_id = x.org_id
           where x.status = 'open'
             and (x.latest < (now() at time zone o.timezone)::date
                  or (x.appointment_id is not null and not exists (
                        select from booking.appointments a
                         where a.org_id = x.org_id and a.id = x.appointment_id
                           and a.status in ('scheduled', 'confirmed') and a.scheduled_at > now())))
           limit 5000
             for update of x skip locked) d
   where e.org_id = d.org_id and e.id = d.id;
  get diagnostics v_entries = row_count;

  return json_build_object('offers_expired', v_offers, 'batches_sent', v_batches, 'entries_expired', v_entries);
end;
$$;

revoke execute on function public.advance_waitlist() from public, anon, authenticated, service_role;
grant execute on function public.advance_waitlist() to service_role;
comment on function public.advance_waitlist() is
'Worker API (service_role): the waitlist''s clock, called every few seconds by the service''s sweeper.

Arguments: none.
Answer: {"offers_expired", "batches_sent", "entries_expired"}: offers past their end expired (waitlist.expired), each slot whose next batch is due sent it (after an unanswered batch, after quiet hours) or was marked unfilled, entries past their window (or whose appointment to move is no longer upcoming) expired (waitlist.expired). A busy calendar (its lock is only tried) is left for the next call.
Errors: raises 42501 for other callers.';
