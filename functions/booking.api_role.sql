-- The role the caller acts as: the role switched to with SET ROLE (what
-- PostgREST does per request), or the session's login role when none was
-- switched to. SECURITY DEFINER functions cannot use current_user for this.
-- Unlike request.jwt.claims, the role setting cannot be forged: changing it
-- requires membership of the role.
create or replace function booking.api_role()
returns text
language plpgsql
stable
set search_path = ''
as $$
begin
  return case when current_setting('role') = 'none' then session_user::text
              else current_setting('role') end;
end;
$$;

revoke execute on function booking.api_role() from public, anon, authenticated, service_role;
comment on function booking.api_role() is
  'Role the caller acts as: the SET ROLE role, else the session user.';
