-- The spec's daily report over REST: booking.daily_report rows, newest day
-- first, optionally for one organization. SECURITY INVOKER: RLS limits a
-- clinic member to their own organization.
create or replace function public.daily_report(p_org_id uuid default null)
returns setof booking.daily_report
language sql
stable
set search_path = ''
as $$
  select * from booking.daily_report r
   where p_org_id is null or r.org_id = p_org_id
   order by r.date desc, r.org_id;
$$;

revoke execute on function public.daily_report(uuid) from public, anon, authenticated, service_role;
grant execute on function public.daily_report(uuid) to authenticated, service_role;
comment on function public.daily_report(uuid) is
  'Monitoring: per organization and local day of the last 7 days, appointments_created, confirmations_sent, confirmation_rate (%). Members see only their organization; p_org_id filters.';
