-- Anyone holding an invitation token (anon: the invitee has no account
-- yet; service_role): joins the organization. The contract is the COMMENT
-- at the end of this file.
--
-- * The token is the caller check. The invitation row is locked (FOR
--   UPDATE), so a token accepted twice at once is accepted once.
-- * An existing account with the invitation's email gets the membership and
--   keeps its password: the token proves the inviter meant that address,
--   not that its holder knows the account's password. An email typed by
--   the invitee (a phone-only invitation) proves nothing, so it may not
--   name an existing account (EMAIL_IN_USE).
create or replace function public.accept_staff_invitation(
  p_token text,
  p_password text,
  p_email text default null
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_invitation booking.staff_invitations;
  v_email text;
  v_account_id uuid;
  v_existing boolean := false;
  v_refusal text;
begin
  select * into v_invitation from booking.staff_invitations
   where token_hash = booking.staff_token_hash(p_token)
   for update;
  if not found or v_invitation.revoked_at is not null then
    return booking.json_error('INVALID_INVITATION', 'The invitation link is not valid');
  end if;
  if v_invitation.accepted_at is not null then
    return booking.json_error('INVITATION_USED', 'The invitation was already accepted');
  end if;
  if v_invitation.expires_at <= now() then
    return booking.json_error('INVITATION_EXPIRED', 'The invitation has expired; ask for a new one');
  end if;

  v_email := coalesce(v_invitation.email, booking.normalize_staff_email(p_email));
  if v_email is null then
    return booking.json_error('INVALID_EMAIL', 'Give a valid email address to sign in with');
  end if;
  select account_id into v_account_id from booking.staff_accounts where email = v_email;
  if found then
    if v_invitation.email is null then
      return booking.json_error('EMAIL_IN_USE', 'An account with that email exists; ask to be invited by email');
    end if;
    v_existing := true;
  else
    v_refusal := booking.staff_password_refusal(p_password);
    if v_refusal is not null then
      return booking.json_error(v_refusal, 'The password must be 12 characters (at most 72 bytes)');
    end if;
    insert into booking.staff_accounts (email, phone, password_hash)
    values (v_email, v_invitation.phone, booking.hash_staff_password(p_password))
    on conflict (email) do nothing
    returning account_id into v_account_id;
    if v_account_id is null then
      -- The same address was signed up a moment ago by another invitation.
      if v_invitation.email is null then
        return booking.json_error('EMAIL_IN_USE', 'An account with that email exists; ask to be invited by email');
      end if;
      select account_id into v_account_id from booking.staff_accounts where email = v_email;
      v_existing := true;
    end if;
  end if;

  insert into booking.memberships (org_id, account_id, role)
  values (v_invitation.org_id, v_account_id, v_invitation.role)
  on conflict (org_id, account_id) do nothing;
  if not found then
    return booking.json_error('ALREADY_MEMBER', 'You are already a member of this organization');
  end if;
  update booking.staff_invitations
     set accepted_at = now(), accepted_by = v_account_id
   where org_id = v_invitation.org_id and invitation_id = v_invitation.invitation_id;
  return json_build_object(
    'success', true,
    'account_id', v_account_id,
    'org_id', v_invitation.org_id,
    'role', v_invitation.role,
    'email', v_email,
    'existing_account', v_existing,
    'password_set', not v_existing);
end;
$$;

revoke execute on function public.accept_staff_invitation(text, text, text) from public, anon, authenticated, service_role;
grant execute on function public.accept_staff_invitation(text, text, text) to anon, service_role;
comment on function public.accept_staff_invitation(text, text, text) is
'Invitee (anon, with the token): accepts an invitation; creates the staff account with its password, or adds the membership to the existing account.

Arguments: p_token (from invite_staff_member); p_password (12 characters to 72 bytes; used only when a new account is created); p_email (only for an invitation by phone alone: the sign-in name to use; ignored otherwise).
Answer: {"success": true, "account_id", "org_id", "role", "email", "existing_account", "password_set"}: existing_account true when an account with the invitation''s email already existed; its password is then left as it was (password_set false).
Errors: INVALID_INVITATION (unknown token, or replaced by a newer invitation), INVITATION_USED (single use), INVITATION_EXPIRED (after 7 days), INVALID_EMAIL, EMAIL_IN_USE (a phone-only invitation naming an existing account''s email), PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG, ALREADY_MEMBER.';
