-- The voice platform's side of the contract (issue 26): tool calls that
-- act once however often the platform or the model repeats them, and the
-- platform's own credentials (Bearer tokens, HMAC signatures; several per
-- clinic for rotation).
-- depends: 0103_voice_caller_policy
--
-- * booking.voice_tool_calls: the first answer to each tool call id of an
--   organization. public.begin_voice_tool_call inserts the row in the
--   tool's transaction (a concurrent call with the same id waits on the
--   primary key until that transaction ends, then reads its answer);
--   public.finish_voice_tool_call stores the answer before commit. A
--   transaction that rolls back leaves no row, so a retry runs again.
--   The answer is json, not jsonb: a repeat gets the very text (key order
--   included) the first call got. created_at (indexed) lets old rows be
--   deleted by age.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

create table booking.voice_tool_calls (
  org_id       uuid        not null,
  tool_call_id text        not null,
  tool         text        not null,
  answer       json,
  created_at   timestamptz not null default now(),
  constraint voice_tool_calls_pkey primary key (org_id, tool_call_id),
  constraint voice_tool_calls_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint voice_tool_calls_tool_call_id_check check (length(tool_call_id) between 1 and 256),
  constraint voice_tool_calls_tool_check check (length(tool) between 1 and 64)
);
create index voice_tool_calls_created_at on booking.voice_tool_calls (org_id, created_at);
comment on table booking.voice_tool_calls is 'The first answer to each voice-agent tool call id (the platform''s toolCallId) of an organization: a repeated id answers it again without acting twice. Only needed while a call can still repeat it (minutes); rows older than a day can be deleted.';
alter table booking.voice_tool_calls enable row level security;
revoke all on booking.voice_tool_calls from public, anon, authenticated, service_role;

-- * booking.voice_agent_credentials: more credentials per organization
--   for the voice platform's requests, next to the secret of
--   booking.voice_agents, several at once so they can be rotated:
--   token: a shared secret sent as X-Vapi-Secret or as
--     "Authorization: Bearer <token>", stored as its SHA-256 only;
--   hmac: a key the platform signs the raw body with (x-vapi-signature,
--     HMAC-SHA256, with a timestamp header the signed text is
--     "{timestamp}.{body}"), stored encrypted with SETTINGS_ENCRYPTION_KEY
--     (the service needs it to verify). A signed request names no secret,
--     so its organization is the one whose configured assistant id or
--     called number the platform reports and whose key verifies it.
--   expires_at: the end of a rotated-out credential's grace period.
create table booking.voice_agent_credentials (
  org_id             uuid        not null,
  id                 uuid        not null default gen_random_uuid(),
  kind               text        not null,
  token_sha256       bytea,
  hmac_key_encrypted bytea,
  expires_at         timestamptz,
  created_at         timestamptz not null default now(),
  constraint voice_agent_credentials_pkey primary key (org_id, id),
  constraint voice_agent_credentials_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint voice_agent_credentials_kind_check check (
    (kind = 'token' and length(token_sha256) = 32 and hmac_key_encrypted is null)
    or (kind = 'hmac' and hmac_key_encrypted is not null and token_sha256 is null))
);
-- Requests find the organization by the digest of the token they carry
-- (global lookups, like booking.voice_agents.secret_sha256).
create index voice_agent_credentials_token_sha256 on booking.voice_agent_credentials (token_sha256)
  where token_sha256 is not null;
comment on table booking.voice_agent_credentials is 'Voice-platform credentials per organization besides booking.voice_agents'' secret, several at once for rotation: token (SHA-256 of a secret sent as X-Vapi-Secret or Authorization: Bearer) or hmac (a signing key, encrypted with SETTINGS_ENCRYPTION_KEY); expires_at ends a rotated-out one.';
alter table booking.voice_agent_credentials enable row level security;
revoke all on booking.voice_agent_credentials from public, anon, authenticated, service_role;
grant select (org_id, id, kind, expires_at, created_at) on booking.voice_agent_credentials to authenticated, service_role;
create policy "members can read their organization's voice credentials" on booking.voice_agent_credentials
  for select to authenticated
  using (org_id = any ((select booking.member_org_ids())::uuid[]));
