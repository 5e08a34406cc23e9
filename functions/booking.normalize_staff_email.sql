-- A staff account's sign-in name: booking.normalize_email, then lower-cased
-- whole (people type their address in any case, and one address must not
-- make two accounts). NULL when it is not a valid address.
create or replace function booking.normalize_staff_email(p_email text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  return lower(booking.normalize_email(p_email));
end;
$$;

revoke execute on function booking.normalize_staff_email(text) from public, anon, authenticated, service_role;
comment on function booking.normalize_staff_email(text) is
  'Trimmed, lower-cased e-mail of a staff account, or NULL when invalid.';
