-- Serialises the uses of one staff session (the refresh-token family of
-- p_token_hash) and returns the family, or NULL for an unknown token.
-- Refresh, reuse detection and sign-out all take it, so two of them on one
-- session (two tabs, or the victim and a thief presenting tokens at once)
-- run one after the other: the second reads what the first committed.
--
-- A transaction-scoped advisory lock keyed by the family, not row locks:
-- a use inserts the family's next token, which the snapshot of a use
-- already waiting does not see, so no order of row locks covers the family
-- (two uses locking "all its rows" in key order deadlocked). The key is one
-- session's: no lock is shared across sessions, accounts or clinics.
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
    perform pg_catalog.pg_advisory_xact_lock(
      pg_catalog.hashtextextended('booking.staff_session:' || v_family_id::text, 0));
  end if;
  return v_family_id;
end;
$$;

revoke execute on function booking.lock_staff_refresh_family(bytea) from public, anon, authenticated, service_role;
comment on function booking.lock_staff_refresh_family(bytea) is
  'Serialises the uses of a refresh token''s session (an advisory lock keyed by its family); returns the family id, or NULL for an unknown token.';
