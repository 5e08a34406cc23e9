-- An interval of a calendar was taken (booked, held, blocked, moved into):
-- every slot being offered that overlaps it stops at once, in the caller's
-- transaction. The slot becomes taken (p_hold_id: by that hold, whose
-- release or expiry offers it again), its open offers are withdrawn, and
-- offer messages not yet sent are canceled with them. A slot a claim is
-- filling is no longer offering, so the claim's own booking leaves it be.
-- Returns how many slots stopped.
create or replace function booking.waitlist_interval_taken(
  p_org_id uuid,
  p_calendar_id text,
  p_starts_at timestamptz,
  p_ends_at timestamptz,
  p_hold_id uuid
) returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_slot_ids uuid[];
begin
  with taken as (
    update booking.waitlist_slots s
       set status = 'taken', closed_at = now(), next_batch_at = null, taken_by_hold_id = p_hold_id
     where s.org_id = p_org_id and s.calendar_id = p_calendar_id and s.status = 'offering'
       and s.starts_at < p_ends_at and s.ends_at > p_starts_at
    returning s.id)
  select array_agg(id) into v_slot_ids from taken;
  if v_slot_ids is null then
    return 0;
  end if;
  with withdrawn as (
    update booking.waitlist_offers o
       set status = 'withdrawn', answered_at = now()
     where o.org_id = p_org_id and o.slot_id = any (v_slot_ids) and o.status = 'sent'
    returning o.message_id)
  update booking.sms_outbox m
     set status = 'canceled', updated_at = now()
    from withdrawn w
   where m.org_id = p_org_id and m.id = w.message_id and m.status = 'pending';
  return cardinality(v_slot_ids);
end;
$$;

revoke execute on function booking.waitlist_interval_taken(uuid, text, timestamptz, timestamptz, uuid) from public, anon, authenticated, service_role;
comment on function booking.waitlist_interval_taken(uuid, text, timestamptz, timestamptz, uuid) is
  'A calendar interval was booked, held, blocked or moved into: overlapping slots being offered become taken (by p_hold_id, when a hold), their open offers withdrawn and unsent offer messages canceled, in the same transaction. Returns the slots stopped.';
