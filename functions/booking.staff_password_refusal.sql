-- Why a new staff password is refused, as an error code, or NULL when it
-- is acceptable: at least 12 characters; at most 72 bytes, beyond which
-- bcrypt silently ignores the rest.
create or replace function booking.staff_password_refusal(p_password text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_password is null or length(p_password) < 12 then
    return 'PASSWORD_TOO_SHORT';
  elsif octet_length(p_password) > 72 then
    return 'PASSWORD_TOO_LONG';
  end if;
  return null;
end;
$$;

revoke execute on function booking.staff_password_refusal(text) from public, anon, authenticated, service_role;
comment on function booking.staff_password_refusal(text) is
  'PASSWORD_TOO_SHORT (< 12 characters), PASSWORD_TOO_LONG (> 72 bytes, bcrypt''s limit), or NULL when the password is acceptable.';
