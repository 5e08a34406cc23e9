-- A patient got an appointment (booked by phone, by staff, or by claiming
-- an offer): their open waitlist entries for that service whose window
-- holds its date are satisfied and close as booked, so they are not
-- offered another time for what they now have. Entries for an earlier time
-- of an existing appointment stay (that is another wish). Their offers
-- still out end with their batch (a claim of them answers OFFER_EXPIRED).
-- Called by the appointments trigger (0115). Returns how many closed.
create or replace function booking.waitlist_patient_booked(
  p_org_id uuid,
  p_contact_id uuid,
  p_service_type text,
  p_scheduled_at timestamptz
) returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_closed integer;
begin
  update booking.waitlist_entries e set status = 'booked', closed_at = now()
    from booking.organizations o
   where e.org_id = p_org_id and e.contact_id = p_contact_id and e.status = 'open'
     and e.appointment_id is null and lower(e.service_type) = lower(p_service_type)
     and o.org_id = e.org_id
     and (p_scheduled_at at time zone o.timezone)::date between e.earliest and e.latest;
  get diagnostics v_closed = row_count;
  return v_closed;
end;
$$;

revoke execute on function booking.waitlist_patient_booked(uuid, uuid, text, timestamptz) from public, anon, authenticated, service_role;
comment on function booking.waitlist_patient_booked(uuid, uuid, text, timestamptz) is
  'A patient got an appointment: their open waitlist entries for that service whose window holds its date close as booked (entries for an earlier time of an appointment stay). Returns how many closed.';
