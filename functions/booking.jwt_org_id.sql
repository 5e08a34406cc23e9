-- The organization of the API caller: app_metadata.org_id of the verified JWT
-- (request.jwt.claims, as PostgREST sets it). user_metadata is user-editable
-- and never consulted. NULL when there is no claim or it is not a uuid.
create or replace function booking.jwt_org_id()
returns uuid
language plpgsql
stable
set search_path = ''
as $$
declare
  v_claim text := nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,org_id}';
begin
  return v_claim::uuid;
exception
  when invalid_text_representation then
    return null;
end;
$$;

revoke execute on function booking.jwt_org_id() from public, anon, authenticated, service_role;
comment on function booking.jwt_org_id() is
  'app_metadata.org_id of request.jwt.claims (the verified JWT), or NULL.';
