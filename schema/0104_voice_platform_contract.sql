-- The voice platform's side of the contract (issue 26): tool calls that
-- act once however often the platform or the model repeats them.
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
