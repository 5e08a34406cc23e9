-- Voice agents: how a webhook of the voice platform is tied to one
-- organization. The shared secret (X-Vapi-Secret) is stored only as a
-- SHA-256 digest; an assistant id or called phone number, when configured,
-- must agree with the secret's organization.
-- depends: 0002_core_tables

set local lock_timeout = '5s';
set local statement_timeout = '60s';

create table booking.voice_agents (
  org_id        uuid        not null,
  secret_sha256 bytea       not null,
  assistant_id  text,
  phone_number  text,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  constraint voice_agents_pkey primary key (org_id),
  constraint voice_agents_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint voice_agents_secret_check check (length(secret_sha256) = 32),
  constraint voice_agents_assistant_id_check check (length(assistant_id) between 1 and 128),
  constraint voice_agents_phone_number_check check (phone_number ~ '^\+[1-9][0-9]{1,14}$')
);
-- Webhooks find the organization by the digest of the secret they carry.
-- (Global lookups: in a distributed deployment this is a reference table.)
create index voice_agents_secret_sha256 on booking.voice_agents (secret_sha256);
comment on table booking.voice_agents is 'Voice-agent webhook credentials per organization: SHA-256 of the shared secret, and optionally the assistant id and called number that must agree with it.';

alter table booking.voice_agents enable row level security;
revoke all on booking.voice_agents from public, anon, authenticated, service_role;
grant select (org_id, assistant_id, phone_number, created_at, updated_at) on booking.voice_agents
  to authenticated, service_role;
create policy "members can read their organization's voice agent" on booking.voice_agents
  for select to authenticated
  using (org_id = (select (nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,org_id}')::uuid));
