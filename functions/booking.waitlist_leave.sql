-- A patient leaves the waitlist (staff removed the entry, the patient
-- replied N or used a link): the open entry becomes left (waitlist.left),
-- its open offers declined and their unsent messages canceled, and a slot
-- left with no open offer sends its next batch at once. Leaving again
-- changes nothing. Returns false for an unknown entry.
--
-- Locking: the calendar locks of the entry's open offers first, in one
-- order (booking.lock_calendar: raises 55P03 when one stays busy), then the
-- rows, as a claim takes them: a leave and a claim never wait for each
-- other in a circle.
create or replace function booking.waitlist_leave(p_org_id uuid, p_entry_id uuid)
returns boolean
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_slot record;
  v_slot_ids uuid[];
  v_calendar_id text;
begin
  for v_calendar_id in
    select distinct o.calendar_id from booking.waitlist_offers o
     where o.org_id = p_org_id and o.entry_id = p_entry_id and o.status = 'sent'
     order by o.calendar_id
  loop
    perform booking.lock_calendar(p_org_id, v_calendar_id);
  end loop;
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
    perform booking.waitlist_send_batch(p_org_id, v_slot.id);
  end loop;
  return true;
end;
$$;

revoke execute on function booking.waitlist_leave(uuid, uuid) from public, anon, authenticated, service_role;
comment on function booking.waitlist_leave(uuid, uuid) is
  'Internal: an open waitlist entry is left (waitlist.left), its open offers declined (unsent messages canceled), and a slot left without an open offer sends its next batch now; the calendars'' locks first (55P03 when busy). Idempotent; false for an unknown entry.';
