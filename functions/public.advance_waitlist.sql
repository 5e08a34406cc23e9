-- The waitlist's clock, called by the shim's sweeper every few seconds
-- (shim/service/hold_sweeper.py). Everything time decides, in order:
--   1. offers still open past their end become expired (waitlist.expired);
--   2. each slot whose next batch is due (its open batch ended, quiet hours
--      ended, or a batch that could not have its calendar's lock) sends it
--      (booking.waitlist_send_batch, under that calendar's lock; a busy
--      calendar is left for the next call), or is marked unfilled;
--   3. open entries past their window, or whose appointment to move is no
--      longer upcoming, become expired (waitlist.expired).
-- Each slot is its own subtransaction, so one failure stops nothing else;
-- no lock or counter is shared across organizations.
create or replace function public.advance_waitlist()
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_offers integer;
  v_entries integer;
  v_batches integer := 0;
  v_sent integer;
  v_slot record;
begin
  perform booking.assert_service_role();

  update booking.waitlist_offers set status = 'expired'
   where status = 'sent' and expires_at <= now();
  get diagnostics v_offers = row_count;

  for v_slot in
    select s.org_id, s.id, s.calendar_id from booking.waitlist_slots s
     where s.status = 'offering' and s.next_batch_at <= now()
     order by s.next_batch_at
     limit 500
  loop
    begin
      perform booking.lock_calendar(v_slot.org_id, v_slot.calendar_id);
      v_sent := booking.waitlist_send_batch(v_slot.org_id, v_slot.id);
      v_batches := v_batches + (v_sent > 0)::integer;
    exception
      when lock_not_available then
        null;  -- the next call
    end;
  end loop;

  update booking.waitlist_entries e set status = 'expired', closed_at = now()
    from booking.organizations o
   where o.org_id = e.org_id and e.status = 'open'
     and (e.latest < (now() at time zone o.timezone)::date
          or (e.appointment_id is not null and not exists (
                select from booking.appointments a
                 where a.org_id = e.org_id and a.id = e.appointment_id
                   and a.status in ('scheduled', 'confirmed') and a.scheduled_at > now())));
  get diagnostics v_entries = row_count;

  return json_build_object('offers_expired', v_offers, 'batches_sent', v_batches, 'entries_expired', v_entries);
end;
$$;

revoke execute on function public.advance_waitlist() from public, anon, authenticated, service_role;
grant execute on function public.advance_waitlist() to service_role;
comment on function public.advance_waitlist() is
'Worker API (service_role): the waitlist''s clock, called every few seconds by the service''s sweeper.

Arguments: none.
Answer: {"offers_expired", "batches_sent", "entries_expired"}: offers past their end expired (waitlist.expired), each slot whose next batch is due sent it (after an unanswered batch, after quiet hours) or was marked unfilled, entries past their window (or whose appointment to move is no longer upcoming) expired (waitlist.expired). A busy calendar is left for the next call.
Errors: raises 42501 for other callers.';
