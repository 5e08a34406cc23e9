-- The spec's hot leads report over REST: the last 24 hours, newest first.
-- SECURITY INVOKER: RLS applies.
create or replace function public.hot_leads_generated(p_org_id uuid default null)
returns setof booking.hot_leads_generated
language sql
stable
set search_path = ''
as $$
  select * from booking.hot_leads_generated h
   where p_org_id is null or h.org_id = p_org_id
   order by h.created_at desc;
$$;

revoke execute on function public.hot_leads_generated(uuid) from public, anon, authenticated, service_role;
grant execute on function public.hot_leads_generated(uuid) to authenticated, service_role;
comment on function public.hot_leads_generated(uuid) is
'Monitoring: hot leads of the last 24 hours, newest first.

Arguments: p_org_id (optional filter).
Answer: rows of booking.hot_leads_generated (org_id, lead_name, lead_phone, lead_score, alert_sent_at, created_at).
Errors: none; members see only their own organization (RLS).';
