-- A patient leaves the waitlist (staff removed the entry, the patient
-- replied N or used a link): the open entry becomes left (waitlist.left),
-- its open offers declined and their unsent messages canceled, and a slot
-- left with no open offer sends its next batch at once (under its calendar
-- lock; busy: booking.advance_waitlist sends it seconds later). Leaving
-- again changes nothing. Returns false for an unknown entry.
create or replace function booking.waitlist_leave(p_org_id uuid, p_entry_id uuid)
returns boolean
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_slot record;
  v_slot_ids uuid[];
begin
  update booking.waitlist_entries set status = 'left', closed_at = now()
   where org_id = p_org_id and id = p_entry_id and status = 'open';
  if not found then
    return exists (select from booking.waitlist_entries where org_id = p_org_id and id = p_entry_id);
  end if;
  with declined as (
    update booking.waitlist_offers o set status = 'declined', answered_at = now()
     where o.org_id = p_org_id and o.entry_id = p_entry_id and o.status = 'sent'
    returning o.slot_id, o.message_id),
  canceled as (
    update booking.sms_outbox m set status = 'canceled', updated_at = now()
      from declined d
     where m.org_id = p_org_id and m.id = d.message_id and m.status = 'pending')
  select array_agg(distinct d.slot_id) into v_slot_ids from declined d;
  for v_slot in
    select s.id, s.calendar_id from booking.waitlist_slots s
     where s.org_id = p_org_id and s.id = any (coalesce(v_slot_ids, '{}')) and s.status = 'offering'
       and not exists (select from booking.waitlist_offers o
                        where o.org_id = p_org_id and o.slot_id = s.id and o.status = 'sent'
                          and o.expires_at > now())
  loop
    update booking.waitlist_slots set next_batch_at = now() where org_id = p_org_id and id = v_slot.id;
    begin
      perform booking.lock_calendar(p_org_id, v_slot.calendar_id);
      perform booking.waitlist_send_batch(p_org_id, v_slot.id);
    exception
      when lock_not_available then
        null;
    end;
  end loop;
  return true;
end;
$$;

revoke execute on function booking.waitlist_leave(uuid, uuid) from public, anon, authenticated, service_role;
comment on function booking.waitlist_leave(uuid, uuid) is
  'Internal: an open waitlist entry is left (waitlist.left), its open offers declined (unsent messages canceled), and a slot left without an open offer sends its next batch now. Idempotent; false for an unknown entry.';
