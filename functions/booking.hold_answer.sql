-- The success answer of claim_slot_atomic, for a new hold and for the same
-- call claiming the same slot again.
create or replace function booking.hold_answer(p_hold booking.appointment_holds)
returns json
language plpgsql
stable
set search_path = ''
as $$
begin
  return json_build_object(
    'success', true,
    'hold_id', p_hold.id,
    'contact_id', p_hold.contact_id,
    'scheduled_at', booking.to_iso8601_utc(p_hold.scheduled_at),
    'expires_at', booking.to_iso8601_utc(p_hold.expires_at));
end;
$$;

revoke execute on function booking.hold_answer(booking.appointment_holds) from public, anon, authenticated, service_role;
comment on function booking.hold_answer(booking.appointment_holds) is
  'The success answer of a hold.

Args: p_hold, the held row. Answer: {"success": true, "hold_id", "contact_id", "scheduled_at", "expires_at"} (ISO-8601, UTC). Codes: none.';
