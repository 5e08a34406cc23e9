-- The offer an offer link's token opens: its organization and id, or no
-- row for a wrong, unknown or malformed token. The token is the credential
-- (192 random bits; only its SHA-256 is stored).
create or replace function booking.waitlist_offer_by_token(p_token text)
returns table (org_id uuid, offer_id uuid)
language sql
stable
set search_path = ''
as $$
  select o.org_id, o.id
    from booking.waitlist_offers o
   where p_token ~ '^[A-Za-z0-9_-]{22,64}$'
     and o.token_sha256 = extensions.digest(p_token, 'sha256')
   limit 1;
$$;

revoke execute on function booking.waitlist_offer_by_token(text) from public, anon, authenticated, service_role;
comment on function booking.waitlist_offer_by_token(text) is
  'The (org_id, offer_id) an offer link token opens; no row for a wrong, unknown or malformed token.';
