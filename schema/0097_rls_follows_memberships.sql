-- RLS follows memberships (issue 21): a member reads the rows of the
-- organizations booking.member_org_ids names: its active memberships by JWT
-- sub, or, for an identity the membership table does not know, its JWT's
-- app_metadata.org_id (as before). Disabling a membership takes effect on
-- the member's next statement, whatever its token says.
-- depends: 0096_signed_out_access_tokens
--
-- The functions come after the migrations (functions/): the policies call
-- booking.member_org_ids, created here first as a stub the function file
-- replaces, so this migration applies on its own.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

create or replace function booking.member_org_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return '{}'::uuid[];  -- replaced by functions/booking.member_org_ids.sql
end;
$$;
revoke execute on function booking.member_org_ids() from public, anon, authenticated, service_role;
grant execute on function booking.member_org_ids() to authenticated;

alter policy "members can read their organization's appointment history" on booking.appointment_history
  using (org_id = any ((select booking.member_org_ids())::uuid[]));
alter policy "members can read their organization's appointments" on booking.appointments
  using (org_id = any ((select booking.member_org_ids())::uuid[]));
alter policy "members can read their organization's calendars" on booking.calendars
  using (org_id = any ((select booking.member_org_ids())::uuid[]));
alter policy "members can read their organization's calls" on booking.calls
  using (org_id = any ((select booking.member_org_ids())::uuid[]));
alter policy "members can read their organization's contacts" on booking.contacts
  using (org_id = any ((select booking.member_org_ids())::uuid[]));
alter policy "members can read their organization's date overrides" on booking.calendar_date_overrides
  using (org_id = any ((select booking.member_org_ids())::uuid[]));
alter policy "members can read their organization's events" on booking.events
  using (org_id = any ((select booking.member_org_ids())::uuid[]));
alter policy "members can read their organization's holds" on booking.appointment_holds
  using (org_id = any ((select booking.member_org_ids())::uuid[]));
alter policy "members can read their organization's hot leads" on booking.hot_leads
  using (org_id = any ((select booking.member_org_ids())::uuid[]));
alter policy "members can read their organization's integration settings" on booking.integration_settings
  using (org_id = any ((select booking.member_org_ids())::uuid[]));
alter policy "members can read their organization's lead scoring" on booking.lead_scoring_settings
  using (org_id = any ((select booking.member_org_ids())::uuid[]));
alter policy "members can read their organization's leads" on booking.leads
  using (org_id = any ((select booking.member_org_ids())::uuid[]));
alter policy "members can read their organization's outgoing sms" on booking.sms_outbox
  using (org_id = any ((select booking.member_org_ids())::uuid[]));
alter policy "members can read their organization's override hours" on booking.calendar_override_hours
  using (org_id = any ((select booking.member_org_ids())::uuid[]));
alter policy "members can read their organization's service types" on booking.service_types
  using (org_id = any ((select booking.member_org_ids())::uuid[]));
alter policy "members can read their organization's sms opt-outs" on booking.sms_opt_outs
  using (org_id = any ((select booking.member_org_ids())::uuid[]));
alter policy "members can read their organization's voice agent" on booking.voice_agents
  using (org_id = any ((select booking.member_org_ids())::uuid[]));
alter policy "members can read their organization's weekly hours" on booking.calendar_weekly_hours
  using (org_id = any ((select booking.member_org_ids())::uuid[]));
alter policy "members can read their own organization" on booking.organizations
  using (org_id = any ((select booking.member_org_ids())::uuid[]));
