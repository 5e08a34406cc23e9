-- Raises 42501 for the API roles anon and authenticated: admin functions are
-- for service_role and privileged database roles only (their EXECUTE grant
-- says the same; this check keeps it true if a grant is ever widened).
create or replace function booking.assert_service_role()
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if booking.api_role() in ('anon', 'authenticated') then
    raise exception 'only service_role may call this function' using errcode = '42501';
  end if;
end;
$$;

revoke execute on function booking.assert_service_role() from public;
comment on function booking.assert_service_role() is
  'Raises 42501 unless the caller is service_role or a privileged database role.';
