-- Raises 42501 unless the caller acts for no particular organization:
-- service_role or a privileged database role (booking.is_privileged_caller:
-- an allow-list). Admin and worker functions call it first.
create or replace function booking.assert_service_role()
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if not booking.is_privileged_caller() then
    raise exception 'only service_role may call this function' using errcode = '42501';
  end if;
end;
$$;

revoke execute on function booking.assert_service_role() from public, anon, authenticated, service_role;
comment on function booking.assert_service_role() is
  'Raises 42501 unless the caller is service_role or a privileged database role (allow-list).';
