-- The staff account the API caller is: the `sub` claim of its verified JWT
-- (request.jwt.claims, as PostgREST sets it) when it acts as
-- authenticated; NULL for any other role or a sub that is not a uuid. On
-- Supabase the sub is the Supabase Auth user's id, which memberships use
-- as account_id.
create or replace function booking.caller_account_id()
returns uuid
language plpgsql
stable
set search_path = ''
as $$
begin
  if booking.api_role() <> 'authenticated' then
    return null;
  end if;
  return (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')::uuid;
exception
  when invalid_text_representation then
    return null;
end;
$$;

revoke execute on function booking.caller_account_id() from public, anon, authenticated, service_role;
comment on function booking.caller_account_id() is
  'Account id of an authenticated caller (the JWT sub), or NULL.';
