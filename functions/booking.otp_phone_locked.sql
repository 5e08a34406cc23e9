-- Whether a number is locked against phone-verification codes at an
-- organization (too many wrong codes: booking.record_otp_failure).
create or replace function booking.otp_phone_locked(p_org_id uuid, p_phone text)
returns boolean
language sql
stable
set search_path = ''
as $$
  select exists (select from booking.otp_phone_locks
                  where org_id = p_org_id and phone = p_phone and locked_until > now());
$$;

revoke execute on function booking.otp_phone_locked(uuid, text) from public, anon, authenticated, service_role;
comment on function booking.otp_phone_locked(uuid, text) is
  'True while the number is locked at the organization after too many wrong verification codes (booking.otp_phone_locks).';
