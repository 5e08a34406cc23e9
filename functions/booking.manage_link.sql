-- The manage link of an appointment, sent by SMS: <PUBLIC_BASE_URL>/a/<a
-- fresh token> (booking.public_base_url, booking.issue_manage_token).
create or replace function booking.manage_link(p_org_id uuid, p_appointment_id uuid)
returns text
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  return booking.public_base_url() || '/a/' || booking.issue_manage_token(p_org_id, p_appointment_id);
end;
$$;

revoke execute on function booking.manage_link(uuid, uuid) from public, anon, authenticated, service_role;
comment on function booking.manage_link(uuid, uuid) is
  '<booking.public_base_url>/a/<fresh manage token> of an appointment. Raises P0002 for an unknown appointment.';
