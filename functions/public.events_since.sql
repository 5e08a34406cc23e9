-- The live feed's replay: an organization's events after p_after_id, in
-- order, at most p_limit (1-1000, default 100). SECURITY INVOKER: a clinic
-- member reads only their own organization's events (RLS).
create or replace function public.events_since(p_org_id uuid, p_after_id bigint default 0, p_limit integer default 100)
returns table (id bigint, type text, payload jsonb, created_at timestamptz)
language sql
stable
set search_path = ''
as $$
  select e.id, e.type, e.payload, e.created_at
    from booking.events e
   where e.org_id = p_org_id and e.id > coalesce(p_after_id, 0)
   order by e.id
   limit least(greatest(coalesce(p_limit, 100), 1), 1000);
$$;

revoke execute on function public.events_since(uuid, bigint, integer) from public, anon, authenticated, service_role;
grant execute on function public.events_since(uuid, bigint, integer) to authenticated, service_role;
comment on function public.events_since(uuid, bigint, integer) is
  'Live feed replay: events of an organization after an id (appointment.booked, hold.claimed/released/expired/confirmed, sms.queued/status_changed, hot_lead.created), oldest first, at most p_limit (1-1000). Members see only their own organization.';
