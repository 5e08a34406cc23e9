-- Service (service_role): a staff member's sign-in with email and password.
-- The contract is the COMMENT at the end of this file.
--
-- * No enumeration: an unknown email costs one bcrypt comparison against a
--   hash no account has, and answers exactly as a wrong password; a
--   disabled account answers so too, after its password was checked.
-- * Lockout: each account counts its own wrong passwords (one UPDATE of
--   its row, so concurrent guesses all count); no lock is shared across
--   accounts or organizations, and the bcrypt comparison runs before the
--   row is locked. A locked account is answered without checking the
--   password, so guessing stops while locked.
-- * Business answers, not exceptions: the counter must commit.
create or replace function public.staff_sign_in(p_email text, p_password text)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_account booking.staff_accounts;
  v_matches boolean;
begin
  perform booking.assert_service_role();
  select * into v_account from booking.staff_accounts
   where email = booking.normalize_staff_email(p_email);
  if not found then
    perform extensions.crypt(coalesce(p_password, ''),
      '$2a$12$3VYj2onbjclzUiiV6ek7W.MVx9DJ8RE4S3pUt1Ii.0Jo2ziMDxE62');
    return booking.json_error('INVALID_CREDENTIALS', 'The email or password is wrong');
  end if;
  if v_account.locked_until > now() then
    return json_build_object('success', false, 'error', 'ACCOUNT_LOCKED',
      'message', 'ACCOUNT_LOCKED: Too many wrong passwords; try again later',
      'locked_until', booking.to_iso8601_utc(v_account.locked_until),
      'created_at', booking.to_iso8601_utc(now()));
  end if;

  v_matches := booking.constant_time_equals(
    convert_to(extensions.crypt(coalesce(p_password, ''), v_account.password_hash), 'UTF8'),
    convert_to(v_account.password_hash, 'UTF8'));
  if not v_matches then
    -- The fifth wrong password within 15 minutes of the first locks the
    -- account for 15 minutes and starts a new count.
    update booking.staff_accounts a
       set (failed_sign_ins, failed_sign_ins_since, locked_until) = (
             select case when c.failures >= 5 then 0 else c.failures end,
                    case when c.failures >= 5 then null else c.since end,
                    case when c.failures >= 5 then now() + interval '15 minutes' else a.locked_until end
               from (select case when a.failed_sign_ins_since > now() - interval '15 minutes'
                                 then a.failed_sign_ins + 1 else 1 end as failures,
                            case when a.failed_sign_ins_since > now() - interval '15 minutes'
                                 then a.failed_sign_ins_since else now() end as since) c)
     where a.account_id = v_account.account_id;
    return booking.json_error('INVALID_CREDENTIALS', 'The email or password is wrong');
  end if;
  if v_account.disabled_at is not null then
    return booking.json_error('INVALID_CREDENTIALS', 'The email or password is wrong');
  end if;

  update booking.staff_accounts a
     set failed_sign_ins = 0, failed_sign_ins_since = null, locked_until = null
   where a.account_id = v_account.account_id
     and (a.failed_sign_ins <> 0 or a.locked_until is not null);
  return booking.issue_staff_session(v_account.account_id, gen_random_uuid());
end;
$$;

revoke execute on function public.staff_sign_in(text, text) from public, anon, authenticated, service_role;
grant execute on function public.staff_sign_in(text, text) to service_role;
comment on function public.staff_sign_in(text, text) is
'Service (service_role): signs a staff member in with email and password and starts a session.

Arguments: p_email (any case, trimmed); p_password.
Answer: {"success": true, "account_id", "session_id" (this sign-in: the refresh family, named `sid` in the service''s access tokens), "memberships": [{"org_id", "role", "organization_name"}] (active memberships only; may be empty), "refresh_token" (shown once, only its hash is stored), "refresh_expires_at" (12 hours)}.
Errors: INVALID_CREDENTIALS (unknown email, wrong password and disabled account answer alike), ACCOUNT_LOCKED with "locked_until" (5 wrong passwords within 15 minutes lock the account for 15 minutes; the password is not checked while locked). Raises 42501 for other callers.';
