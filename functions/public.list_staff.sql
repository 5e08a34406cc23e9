-- Owner/admin (or service_role): the staff page's data. The contract is
-- the COMMENT at the end of this file.
create or replace function public.list_staff(p_org_id uuid)
returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform booking.assert_can_manage_staff(p_org_id);
  if not exists (select from booking.organizations where org_id = p_org_id) then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  return json_build_object(
    'success', true,
    'org_id', p_org_id,
    'members', coalesce((
      select json_agg(json_build_object(
               'account_id', m.account_id,
               'email', a.email,
               'phone', a.phone,
               'role', m.role,
               'disabled', m.disabled_at is not null or a.disabled_at is not null,
               'member_since', booking.to_iso8601_utc(m.created_at))
             order by m.role = 'front_desk', m.role = 'admin', a.email, m.account_id)
        from booking.memberships m
        left join booking.staff_accounts a on a.account_id = m.account_id
       where m.org_id = p_org_id), '[]'::json),
    'invitations', coalesce((
      select json_agg(json_build_object(
               'invitation_id', i.invitation_id,
               'email', i.email,
               'phone', i.phone,
               'role', i.role,
               'invited_by', i.invited_by,
               'created_at', booking.to_iso8601_utc(i.created_at),
               'expires_at', booking.to_iso8601_utc(i.expires_at))
             order by i.created_at, i.invitation_id)
        from booking.staff_invitations i
       where i.org_id = p_org_id and i.accepted_at is null and i.revoked_at is null
         and i.expires_at > now()), '[]'::json));
end;
$$;

revoke execute on function public.list_staff(uuid) from public, anon, authenticated, service_role;
grant execute on function public.list_staff(uuid) to authenticated, service_role;
comment on function public.list_staff(uuid) is
'Owner/admin: the organization''s staff and its pending invitations.

Caller: service_role, or an account (JWT sub) that is an active owner or admin of p_org_id.
Arguments: p_org_id.
Answer: {"success": true, "org_id", "members": [{"account_id", "email" (NULL for an identity-provider user without a staff account), "phone", "role", "disabled", "member_since"}] (owners first), "invitations": [{"invitation_id", "email", "phone", "role", "invited_by", "created_at", "expires_at"}] (pending: neither accepted, replaced nor expired)}.
Errors: INVALID_ORGANIZATION. Raises 42501 for other callers (front desk, members of other organizations, anon).';
