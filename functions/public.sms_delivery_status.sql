-- The spec's SMS delivery status over REST: counts per kind and status of
-- the last 24 hours. SECURITY INVOKER: RLS applies.
create or replace function public.sms_delivery_status(p_org_id uuid default null)
returns setof booking.sms_delivery_status
language sql
stable
set search_path = ''
as $$
  select * from booking.sms_delivery_status s
   where p_org_id is null or s.org_id = p_org_id
   order by s.org_id, s.kind, s.status;
$$;

revoke execute on function public.sms_delivery_status(uuid) from public, anon, authenticated, service_role;
grant execute on function public.sms_delivery_status(uuid) to authenticated, service_role;
comment on function public.sms_delivery_status(uuid) is
'Monitoring: SMS of the last 24 hours counted per kind and status.

Arguments: p_org_id (optional filter).
Answer: rows of booking.sms_delivery_status (org_id, kind, status, count).
Errors: none; members see only their own organization (RLS).';
