-- Owner/admin (or service_role): invites a person to an organization's
-- staff. The contract is the COMMENT at the end of this file.
--
-- * The token is returned once, to the inviter, who passes it on; with a
--   phone number the link also goes by SMS, queued in the outbox in this
--   transaction (kind staff_invitation), so the invitation and its message
--   exist together or not at all. Only the token's SHA-256 is stored in
--   staff_invitations (the SMS body carries the link, as every manage link
--   does).
-- * A new invitation of the same email (or, without email, the same phone)
--   to the same organization revokes the pending ones: one live link per
--   person.
create or replace function public.invite_staff_member(
  p_org_id uuid,
  p_email text,
  p_phone text,
  p_role text
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_caller_role text := booking.assert_can_manage_staff(p_org_id);
  v_region text;
  v_email text;
  v_phone text;
  v_token text := booking.new_staff_token();
  v_invitation booking.staff_invitations;
  v_organization text;
  v_refusal json;
  v_message_id uuid;
begin
  select phone_region, name into v_region, v_organization
    from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if p_role is null or p_role not in ('owner', 'admin', 'front_desk') then
    return booking.json_error('INVALID_ROLE', 'The role must be owner, admin or front_desk');
  end if;
  if p_role = 'owner' and v_caller_role = 'admin' then
    return booking.json_error('NOT_ALLOWED', 'Only an owner may invite an owner');
  end if;
  if nullif(btrim(p_email), '') is null and nullif(btrim(p_phone), '') is null then
    return booking.json_error('CONTACT_REQUIRED', 'Give an email or a phone number');
  end if;
  if nullif(btrim(p_email), '') is not null then
    v_email := booking.normalize_staff_email(p_email);
    if v_email is null then
      return booking.json_error('INVALID_EMAIL', 'The email is not a valid address');
    end if;
  end if;
  if nullif(btrim(p_phone), '') is not null then
    v_phone := booking.normalize_phone(p_phone, v_region);
    if v_phone is null then
      return booking.json_error('INVALID_PHONE', 'The phone number is not a valid number');
    end if;
    -- The link goes by SMS: the same destinations as a patient's messages.
    v_refusal := booking.sms_destination_refusal(p_org_id, v_phone);
    if v_refusal is not null then
      return v_refusal;
    end if;
  end if;
  if exists (select from booking.staff_accounts a
               join booking.memberships m on m.account_id = a.account_id and m.org_id = p_org_id
              where a.email = v_email) then
    return booking.json_error('ALREADY_MEMBER', 'That person is already a member of this organization');
  end if;

  update booking.staff_invitations set revoked_at = now()
   where org_id = p_org_id and accepted_at is null and revoked_at is null
     and (email = v_email or (v_email is null and email is null and phone = v_phone));
  insert into booking.staff_invitations (org_id, email, phone, role, token_hash, invited_by, expires_at)
  values (p_org_id, v_email, v_phone, p_role, booking.staff_token_hash(v_token),
          booking.caller_account_id(), now() + interval '7 days')
  returning * into v_invitation;
  if v_phone is not null then
    v_message_id := booking.enqueue_sms(
      p_org_id, 'staff_invitation', v_phone,
      format('%s invites you to its dashboard (%s). Choose your password within 7 days: %s/dashboard/invitations/%s',
             v_organization,
             case p_role when 'owner' then 'owner' when 'admin' then 'administrator' else 'front desk' end,
             booking.public_base_url(), v_token),
      p_expires_at => v_invitation.expires_at);
  end if;
  return json_build_object(
    'success', true,
    'invitation_id', v_invitation.invitation_id,
    'invitation_token', v_token,
    'expires_at', booking.to_iso8601_utc(v_invitation.expires_at),
    'sms_message_id', v_message_id);
end;
$$;

revoke execute on function public.invite_staff_member(uuid, text, text, text) from public, anon, authenticated, service_role;
grant execute on function public.invite_staff_member(uuid, text, text, text) to authenticated, service_role;
comment on function public.invite_staff_member(uuid, text, text, text) is
'Owner/admin: invites a person to the organization''s staff with a role; answers the single-use invitation token to pass on.

Caller: service_role, or an account (JWT sub) that is an active owner or admin of p_org_id; an admin may not invite an owner.
Arguments: p_org_id; p_email and/or p_phone (the email becomes the sign-in name; a phone is read in the clinic''s region and gets the link by SMS); p_role (owner, admin, front_desk).
Answer: {"success": true, "invitation_id", "invitation_token" (shown once, only its hash is stored; for accept_staff_invitation), "expires_at" (7 days), "sms_message_id" (the invitation SMS queued in the outbox with the same transaction, null without a phone)}. A pending invitation of the same person to the organization is revoked.
Errors: INVALID_ORGANIZATION, INVALID_ROLE, NOT_ALLOWED (an admin inviting an owner), CONTACT_REQUIRED, INVALID_EMAIL, INVALID_PHONE, PHONE_NOT_ALLOWED (a number the clinic''s SMS may not go to: booking.sms_destination_refusal), ALREADY_MEMBER (the email''s account is a member, also a disabled one: enable it instead). Raises 42501 for other callers (front desk, members of other organizations, anon).';
