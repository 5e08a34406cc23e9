-- The live feed listener's fallback poll (shim/events/listener.py), for
-- events whose writer sent no wake-up after its commit (psql, raw SQL) or
-- that were held back by an older open transaction: for each organization
-- given, the cursor of its latest event in feed order up to the horizon,
-- exactly as public.events_since would end ('0-0' when it has none). The
-- listener wakes only the streams whose position differs.
-- One index probe per organization. Service callers only (42501 otherwise).
create or replace function booking.latest_event_cursors(p_orgs uuid[])
returns table (org_id uuid, cursor text)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_horizon xid8 := pg_snapshot_xmin(pg_current_snapshot());
begin
  perform booking.assert_service_role();
  return query
  select o.org_id,
         coalesce((select booking.event_cursor(e.txid, e.seq)
                     from booking.events e
                    where e.org_id = o.org_id and e.txid < v_horizon
                    order by e.txid desc, e.seq desc
                    limit 1), '0-0')
    from (select distinct u.org_id from unnest(p_orgs) as u(org_id)) o;
end;
$$;

revoke execute on function booking.latest_event_cursors(uuid[]) from public, anon, authenticated, service_role;
grant execute on function booking.latest_event_cursors(uuid[]) to service_role;
comment on function booking.latest_event_cursors(uuid[]) is
  'Live feed listener poll: per organization, the cursor of its latest event up to the horizon (''0-0'' for none). Service callers only.';
