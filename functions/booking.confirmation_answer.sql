-- The success answer of confirm_held_slot, for a confirmation and for a
-- repeated one with the right code.
create or replace function booking.confirmation_answer(p_appointment booking.appointments)
returns json
language plpgsql
stable
set search_path = ''
as $$
begin
  return json_build_object('success', true, 'appointment_id', p_appointment.id,
    'contact_id', p_appointment.contact_id,
    'scheduled_at', booking.to_iso8601_utc(p_appointment.scheduled_at));
end;
$$;

revoke execute on function booking.confirmation_answer(booking.appointments) from public, anon, authenticated, service_role;
comment on function booking.confirmation_answer(booking.appointments) is
  'The success answer of a confirmed hold.

Args: p_appointment, the appointment the hold became. Answer: {"success": true, "appointment_id", "contact_id", "scheduled_at"} (ISO-8601, UTC). Codes: none.';
