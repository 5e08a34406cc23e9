-- Sign-out ends a dashboard session on the server (issue 21 §4): the access
-- token a browser held is refused from then on, even if its cookie was
-- copied before. Tokens the service issued itself name their session
-- (`sid`, the refresh family: revoked by sign-out); a token of an identity
-- provider (Supabase Auth) cannot be revoked there, so its digest is kept
-- here until it would have expired anyway.
-- depends: 0095_staff_accounts
--
-- * Reference-style (a person's sign-out, not tenant data): no org_id, a
--   reference table under Citus. Written once per sign-out, read by
--   public.dashboard_session_status; rows past their expiry are purged by
--   the sign-out that comes after them.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

create table booking.signed_out_access_tokens (
  token_hash bytea       not null,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  constraint signed_out_access_tokens_pkey primary key (token_hash),
  constraint signed_out_access_tokens_token_hash_check check (length(token_hash) = 32)
);
create index signed_out_access_tokens_expires_at on booking.signed_out_access_tokens (expires_at);

comment on table booking.signed_out_access_tokens is
  'Reference data (a person''s sign-outs; a reference table under Citus): SHA-256 digests of access tokens signed out before they expired, kept until they expire. The tokens themselves are never stored.';

alter table booking.signed_out_access_tokens enable row level security;
revoke all on booking.signed_out_access_tokens from public, anon, authenticated, service_role;
