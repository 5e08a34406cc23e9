-- The spec's three monitoring reports as views. security_invoker: the
-- caller's privileges and RLS apply, so a clinic member sees only their own
-- organization and service_role sees all. Callable over REST through
-- public.daily_report(), public.sms_delivery_status(), public.hot_leads_generated().
-- depends: 0012_calls_and_hot_leads

set local lock_timeout = '5s';
set local statement_timeout = '60s';

create view booking.daily_report
  with (security_invoker = true)
as
select a.org_id,
       (a.created_at at time zone o.timezone)::date as date,
       count(*) as appointments_created,
       count(*) filter (where a.confirmation_sms_sent) as confirmations_sent,
       round(100.0 * count(*) filter (where a.confirmation_sms_sent) / count(*), 2) as confirmation_rate
  from booking.appointments a
  join booking.organizations o on o.org_id = a.org_id
 where a.created_at > now() - interval '7 days'
 group by a.org_id, (a.created_at at time zone o.timezone)::date;
comment on view booking.daily_report is 'Per organization and local day (the clinic''s time zone), the last 7 days: appointments created, confirmations sent, confirmation rate in percent.';

create view booking.sms_delivery_status
  with (security_invoker = true)
as
select o.org_id, o.kind, o.status, count(*) as count
  from booking.sms_outbox o
 where o.created_at > now() - interval '24 hours'
 group by o.org_id, o.kind, o.status;
comment on view booking.sms_delivery_status is 'Per organization, kind (confirmation, otp, hot_lead_alert) and status: SMS created in the last 24 hours.';

create view booking.hot_leads_generated
  with (security_invoker = true)
as
select h.org_id, h.lead_name, h.lead_phone, h.lead_score, h.alert_sent_at, h.created_at
  from booking.hot_lead_alerts h
 where h.created_at > now() - interval '24 hours';
comment on view booking.hot_leads_generated is 'Hot leads of the last 24 hours with the time their alert SMS was sent.';

revoke all on booking.daily_report, booking.sms_delivery_status, booking.hot_leads_generated
  from public, anon, authenticated, service_role;
grant select on booking.daily_report, booking.sms_delivery_status, booking.hot_leads_generated
  to authenticated, service_role;
