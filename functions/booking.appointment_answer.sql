-- The success answer of book_appointment_atomic, for a new booking and for
-- a repeated call alike.
create or replace function booking.appointment_answer(p_appointment booking.appointments)
returns json
language plpgsql
stable
set search_path = ''
as $$
begin
  return json_build_object(
    'success', true,
    'appointment_id', p_appointment.id,
    'contact_id', p_appointment.contact_id,
    'scheduled_at', booking.to_iso8601_utc(p_appointment.scheduled_at),
    'created_at', booking.to_iso8601_utc(p_appointment.created_at));
end;
$$;

revoke execute on function booking.appointment_answer(booking.appointments) from public, anon, authenticated, service_role;
comment on function booking.appointment_answer(booking.appointments) is
  'The success answer of a booking.

Args: p_appointment, the booked row. Answer: {"success": true, "appointment_id", "contact_id", "scheduled_at", "created_at"} (ISO-8601, UTC). Codes: none.';
