-- Raises 42501 unless the caller may change the organization's settings at
-- p_least's level:
--   service_role and privileged database roles (a DBA in psql): always;
--   authenticated: an active membership of the organization with role
--     'owner' (p_least 'owner'), or 'owner' or 'admin' (p_least 'admin');
--     front desk never, nor an identity without a membership (a token that
--     only claims app_metadata.org_id: settings need a member the clinic
--     has named, booking.caller_membership_role);
--   any other role: never.
-- Called first, before the organization is looked up, so a refusal says
-- nothing about other organizations.
create or replace function booking.assert_org_role(p_org_id uuid, p_least text)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
  v_role text;
begin
  if booking.api_role() = 'authenticated' then
    v_role := booking.caller_membership_role(p_org_id);
    if v_role = 'owner' or (v_role = 'admin' and p_least = 'admin') then
      return;
    end if;
  elsif booking.is_privileged_caller() then
    return;
  end if;
  raise exception 'only an organization''s % may change this', p_least
    using errcode = '42501',
          hint = 'Settings are for the clinic''s owners and administrators (front desk: appointments, patients, messages).';
end;
$$;

revoke execute on function booking.assert_org_role(uuid, text) from public, anon, authenticated, service_role;
comment on function booking.assert_org_role(uuid, text) is
  'Raises 42501 unless the caller is service_role (or privileged) or an active owner/admin of the organization (p_least: owner or admin).';
