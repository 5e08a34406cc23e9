-- Owes a notification to be sent once the caller's transaction commits,
-- instead of pg_notify in it: a notifying transaction takes PostgreSQL's
-- cluster-wide notify lock at commit and holds it through the WAL flush,
-- serialising the commits of every organization.
--
-- The wake-ups owed are kept in the transaction-local setting
-- booking.after_commit, one line per notification: "<channel> <payload>",
-- each line once (a transaction that books ten appointments of one clinic
-- owes one). The process that commits reads the setting before COMMIT and
-- sends the notifications after it, in a transaction of its own (shim:
-- shim/database/after_commit.py). Rolled back (also a rolled-back
-- savepoint), the lines go with the changes that owed them. Writers that
-- send nothing (psql, raw SQL) are caught by the listeners' polls.
--
-- Bounded: once the lines pass 4000 characters, a channel's further
-- payloads become the one line "<channel> *" (wake every listener of it).
create or replace function booking.notify_after_commit(p_channel text, p_payload text default '')
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_owed text := coalesce(current_setting('booking.after_commit', true), '');
  v_line text := p_channel || ' ' || coalesce(p_payload, '') || E'\n';
begin
  if position(E'\n' || v_line in E'\n' || v_owed) > 0
     or position(E'\n' || p_channel || E' *\n' in E'\n' || v_owed) > 0 then
    return;
  end if;
  if length(v_owed) >= 4000 then
    v_line := p_channel || E' *\n';
  end if;
  perform set_config('booking.after_commit', v_owed || v_line, true);
end;
$$;

revoke execute on function booking.notify_after_commit(text, text) from public, anon, authenticated, service_role;
comment on function booking.notify_after_commit(text, text) is
  'Owes a NOTIFY (channel, payload) to be sent by the committing process after the transaction commits (transaction-local setting booking.after_commit, one line each, bounded); never notifies in the transaction itself.';
