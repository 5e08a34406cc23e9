-- Where a live feed stream starts: the cursor it reads after.
-- The contract is the COMMENT at the end of this file.
-- A p_last_event_id beyond the latest event (a cursor of another database
-- or organization, or a made-up one) gives the latest, so a stream never
-- waits for events that never come. "Latest" is up to the horizon
-- (public.events_since): events of transactions that committed just before,
-- while an older one was still running, come after it, so a stream started
-- "now" may begin with them.
create or replace function public.event_feed_start(p_org_id uuid, p_last_event_id text default null)
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_after record;
  v_latest_txid xid8 := '0';
  v_latest_seq bigint := 0;
  v_horizon xid8 := pg_snapshot_xmin(pg_current_snapshot());
  v_own xid8 := pg_current_xact_id_if_assigned();
begin
  perform booking.assert_org_access(p_org_id);
  if p_org_id is null then
    if booking.api_role() = 'authenticated' then
      raise exception 'no organization to read events of'
        using errcode = '42501',
              hint = 'The JWT claim app_metadata.org_id names the organization of a member.';
    end if;
    raise exception 'p_org_id is required'
      using errcode = '22023',
            hint = 'service_role names the organization (the live feed: ?org_id=).';
  end if;
  if not exists (select from booking.organizations where org_id = p_org_id) then
    raise exception 'organization % does not exist', p_org_id using errcode = 'PT404';
  end if;
  v_after := booking.event_cursor_position(p_last_event_id);
  select e.txid, e.seq into v_latest_txid, v_latest_seq
    from booking.events e
   where e.org_id = p_org_id and (e.txid < v_horizon or e.txid = v_own)
   order by e.txid desc, e.seq desc
   limit 1;
  if not found then
    v_latest_txid := '0';
    v_latest_seq := 0;
  end if;
  if p_last_event_id is not null and (v_after.txid, v_after.seq) <= (v_latest_txid, v_latest_seq) then
    return booking.event_cursor(v_after.txid, v_after.seq);
  end if;
  return booking.event_cursor(v_latest_txid, v_latest_seq);
end;
$$;

revoke execute on function public.event_feed_start(uuid, text) from public, anon, authenticated, service_role;
grant execute on function public.event_feed_start(uuid, text) to authenticated, service_role;
comment on function public.event_feed_start(uuid, text) is
'Live feed: the cursor a stream starts after.

Arguments: p_org_id (members: their own organization; NULL for a member without one raises 42501); p_last_event_id (optional: the client''s Last-Event-ID).
Answer: a cursor text: the organization''s latest event (''0-0'' before the first), or p_last_event_id unless it lies beyond that.
Errors: raises 42501 for another organization, 22023 when service_role names none, PT404 for an organization that does not exist, 22P02 for a malformed Last-Event-ID.';
