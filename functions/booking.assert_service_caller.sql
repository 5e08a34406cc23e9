-- Raises 42501 unless the caller acts for no particular organization:
-- service_role or a privileged database role (the SMS worker, a DBA).
-- Tenant roles (anon, authenticated) are refused.
create or replace function booking.assert_service_caller()
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if booking.api_role() in ('anon', 'authenticated') then
    raise exception 'only service_role may call this function'
      using errcode = '42501';
  end if;
end;
$$;

revoke execute on function booking.assert_service_caller() from public;
comment on function booking.assert_service_caller() is
  'Raises 42501 when the caller is a tenant role (anon, authenticated).';
