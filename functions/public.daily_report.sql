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
'Monitoring: appointments created and confirmations sent per local day of the last 7 days.

Arguments: p_org_id (optional filter).
Answer: rows of booking.daily_report (org_id, date, appointments_created, confirmations_sent, confirmation_rate in %), newest day first. confirmations_sent counts the day''s new appointments whose confirmation SMS reached the provider (appointments.confirmation_sms_sent), cancelled ones included; confirmation_rate is its share of appointments_created. Neither counts patients confirming (appointments.patient_confirmed_at).
Errors: none; members see only their own organization (RLS).';
