-- The offer an offer link's token opens, or no row for a wrong, unknown or
-- malformed token. The token is the credential (192 random bits; only its
-- SHA-256 is stored), as booking.manage_token_appointment's.
create or replace function booking.waitlist_token_offer(p_token text)
returns setof booking.waitlist_offers
language sql
stable
set search_path = ''
as $$
  select o.*
    from booking.waitlist_offers o
   where p_token ~ '^[A-Za-z0-9_-]{22,64}$'
     and o.token_sha256 = extensions.digest(p_token, 'sha256')
   limit 1;
$$;

revoke execute on function booking.waitlist_token_offer(text) from public, anon, authenticated, service_role;
comment on function booking.waitlist_token_offer(text) is
  'The waitlist offer an offer link token opens; no row for a wrong, unknown or malformed token.';
