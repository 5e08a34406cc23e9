-- The appointment a manage-link token opens: (org_id, appointment_id), or
-- no row for anything that is not a live token (wrong, unknown, malformed,
-- NULL, or expired: booking.manage_link_lifetime after the appointment
-- ended). The token-gated functions' caller check: the token is the
-- credential.
create or replace function booking.manage_token_appointment(
  p_token text,
  out org_id uuid,
  out appointment_id uuid
)
returns setof record
language sql
stable
set search_path = ''
as $$
  select t.org_id, t.appointment_id
    from booking.appointment_manage_tokens t
    join booking.appointments a on a.org_id = t.org_id and a.id = t.appointment_id
   where p_token ~ '^[A-Za-z0-9_-]{22,64}$'
     and t.token_sha256 = extensions.digest(p_token, 'sha256')
     and a.ends_at + booking.manage_link_lifetime() > now()
   limit 1;
$$;

revoke execute on function booking.manage_token_appointment(text) from public, anon, authenticated, service_role;
comment on function booking.manage_token_appointment(text) is
  'The (org_id, appointment_id) of a live manage-link token; no row for a wrong, unknown, malformed or expired (manage_link_lifetime after the appointment ended) token.';
