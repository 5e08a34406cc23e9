-- An offer link (<PUBLIC_BASE_URL>/w/<token>, callable by anon; the token
-- is the credential): what the offer is, for the offer page. The contract
-- is the COMMENT at the end of this file.
create or replace function public.waitlist_offer(p_token text)
returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_org_id uuid;
  v_offer booking.waitlist_offers;
  v_slot booking.waitlist_slots;
  v_org booking.organizations;
  v_status text;
  v_phone text;
  v_moving_at timestamptz;
begin
  select * into v_offer from booking.waitlist_token_offer(p_token);
  v_org_id := v_offer.org_id;
  if v_org_id is null then
    return booking.json_error('OFFER_NOT_FOUND', 'There is no such offer');
  end if;
  select * into v_slot from booking.waitlist_slots where org_id = v_org_id and id = v_offer.slot_id;
  select * into v_org from booking.organizations where org_id = v_org_id;
  v_status := case
    when v_offer.status = 'claimed' then 'claimed'
    when v_offer.status in ('taken', 'withdrawn') or v_slot.status in ('filled', 'taken') then 'taken'
    when v_offer.status = 'declined' then 'declined'
    when v_offer.status = 'expired' or v_offer.expires_at <= now()
         or exists (select from booking.waitlist_entries e
                     where e.org_id = v_org_id and e.id = v_offer.entry_id and e.status <> 'open') then 'expired'
    else 'open' end;
  select a.scheduled_at into v_moving_at
    from booking.waitlist_entries e
    join booking.appointments a on a.org_id = e.org_id and a.id = e.appointment_id
   where e.org_id = v_org_id and e.id = v_offer.entry_id and v_offer.status <> 'claimed';
  v_phone := booking.clinic_phone(v_org_id);
  return json_build_object(
    'success', true,
    'status', v_status,
    'can_claim', v_status = 'open',
    'on_waitlist', exists (select from booking.waitlist_entries e
                            where e.org_id = v_org_id and e.id = v_offer.entry_id and e.status = 'open'),
    'clinic_name', v_org.name,
    'clinic_phone', v_phone,
    'clinic_phone_display', booking.phone_display(v_phone, v_org.phone_region),
    'clinic_address', v_org.address,
    'service_name', booking.service_display_name(v_org_id, v_offer.calendar_id, v_offer.service_type),
    'duration_minutes', v_offer.duration_minutes,
    'scheduled_at', booking.to_iso8601_utc(v_offer.starts_at),
    'local_text', booking.format_local_time(v_org_id, v_offer.starts_at),
    'expires_at', booking.to_iso8601_utc(v_offer.expires_at),
    'expires_local_time', booking.format_local_time(v_org_id, v_offer.expires_at, true),
    'moves_appointment_local_text', booking.format_local_time(v_org_id, v_moving_at),
    'appointment_id', case when v_offer.status = 'claimed' then v_offer.appointment_id end);
end;
$$;

revoke execute on function public.waitlist_offer(text) from public, anon, authenticated, service_role;
grant execute on function public.waitlist_offer(text) to anon, authenticated, service_role;
comment on function public.waitlist_offer(text) is
'Offer link (anon; the token is the credential): a time the clinic offered a waitlisted patient.

Arguments: p_token (from <PUBLIC_BASE_URL>/w/<token>).
Answer: {"success": true, "status" (open: it can be taken now; claimed: this offer booked it; taken: someone else was first; expired: unanswered in time, or the patient left the waitlist; declined: the patient left the waitlist from this offer), "can_claim", "on_waitlist" (the patient''s entry is still open: they stay on the waitlist for other times), "clinic_name", "clinic_phone" (E.164, may be null), "clinic_phone_display", "clinic_address", "service_name", "duration_minutes", "scheduled_at", "local_text" (on the clinic''s clock), "expires_at", "expires_local_time", "moves_appointment_local_text" (the appointment an earlier time would move, else null), "appointment_id" (when claimed)}.
Errors: OFFER_NOT_FOUND for a wrong, unknown or malformed token, and nothing else.';
