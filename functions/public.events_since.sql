-- The live feed's replay. The contract is the COMMENT at the end of this
-- file. SECURITY INVOKER: a clinic member reads only their own
-- organization's events (RLS).
--
-- Feed order is (txid, seq): the writing transaction's id, then the rank in
-- it. Only events of transactions older than the oldest one still running
-- are returned (the horizon, pg_snapshot_xmin of this statement's
-- snapshot): those transactions have all ended, so any event that commits
-- later sorts after every event returned here, and a client resuming after
-- the last cursor it received misses nothing and gets nothing twice. A
-- transaction that stays open holds the feed back (not writers) until it
-- ends; its events then come in their place. The caller's own uncommitted
-- events are returned too (a transaction reads its own writes).
create or replace function public.events_since(p_org_id uuid, p_after text default null, p_limit integer default 100)
returns table (id text, type text, payload jsonb, created_at timestamptz)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_after record := booking.event_cursor_position(p_after);
  v_horizon xid8 := pg_snapshot_xmin(pg_current_snapshot());
  v_own xid8 := pg_current_xact_id_if_assigned();
begin
  return query
  select booking.event_cursor(e.txid, e.seq), e.type, e.payload, e.created_at
    from booking.events e
   where e.org_id = p_org_id
     and (e.txid, e.seq) > (v_after.txid, v_after.seq)
     and (e.txid < v_horizon or e.txid = v_own)
   order by e.txid, e.seq
   limit least(greatest(coalesce(p_limit, 100), 1), 1000);
end;
$$;

revoke execute on function public.events_since(uuid, text, integer) from public, anon, authenticated, service_role;
grant execute on function public.events_since(uuid, text, integer) to authenticated, service_role;
comment on function public.events_since(uuid, text, integer) is
'Live feed replay: an organization''s events after a cursor, in feed order.

Arguments: p_org_id; p_after (a cursor, the SSE id ''<txid>-<seq>'', or a whole number given out before migration 0090; NULL: from the start); p_limit (1-1000, default 100).
Answer: rows (id, type, payload, created_at), only of transactions older than the oldest still running. Types: appointment.booked and appointment.<status>, hold.claimed/released/expired/confirmed, sms.queued/status_changed, sms.rate_limited, hot_lead.created. SECURITY INVOKER: members see only their own organization (RLS).
Errors: raises 22P02 for a malformed cursor.';
