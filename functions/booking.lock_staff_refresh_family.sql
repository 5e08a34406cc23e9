-- Locks every token row of the family of p_token_hash (FOR UPDATE, in key
-- order) and returns the family, or NULL for an unknown token. Refresh,
-- reuse detection and sign-out all take a family's locks this way, so two
-- of them on one session (the victim and a thief presenting different
-- tokens at once) wait for each other instead of deadlocking.
create or replace function booking.lock_staff_refresh_family(p_token_hash bytea)
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_family_id uuid;
begin
  select family_id into v_family_id from booking.staff_refresh_tokens where token_hash = p_token_hash;
  if v_family_id is not null then
    perform from booking.staff_refresh_tokens where family_id = v_family_id order by token_hash for update;
  end if;
  return v_family_id;
end;
$$;

revoke execute on function booking.lock_staff_refresh_family(bytea) from public, anon, authenticated, service_role;
comment on function booking.lock_staff_refresh_family(bytea) is
  'Locks the rows of a refresh token''s family in key order; returns the family id, or NULL for an unknown token.';
