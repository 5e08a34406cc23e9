-- Where a live feed without Last-Event-ID starts: the id of the
-- organization's latest event, 0 before its first.
--
-- Contract
--   in:  the organization.
--   out: its latest event id (bigint), 0 when it has none yet.
--   raises 42501 for anon, and for an authenticated caller naming another
--        organization or none (no app_metadata.org_id); 22023 when
--        service_role names no organization; PT404 when the organization
--        does not exist (the REST layer answers 404).
-- Event ids commit in order per organization (assigned at commit, see
-- schema/0014_events.sql), so every event that commits after this call has
-- a larger id than it returned.
create or replace function public.latest_event_id(p_org_id uuid)
returns bigint
language plpgsql
stable
security definer
set search_path = ''
as $$
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
  return coalesce((select c.last_event_id from booking.event_counters c where c.org_id = p_org_id), 0);
end;
$$;

revoke execute on function public.latest_event_id(uuid) from public, anon, authenticated, service_role;
grant execute on function public.latest_event_id(uuid) to authenticated, service_role;
comment on function public.latest_event_id(uuid) is
  'Live feed position: the id of the organization''s latest event (0 before the first); events committed later have larger ids. Members may ask only for their own organization; service_role for any (PT404 when it does not exist).';
