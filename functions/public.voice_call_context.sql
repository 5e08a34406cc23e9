-- The voice agent's call start (the platform's assistant-request): what
-- the assistant is told about the clinic and the caller before the first
-- word. The contract is the COMMENT at the end of this file.
-- Whether the caller has an upcoming appointment is a yes or no, never a
-- detail, and only as far as the clinic's caller-id policy lets a caller id
-- tell (booking.voice_caller_policy): under verify_changes and
-- trust_attested a lookup by caller id says that and when anyway; under
-- verify_all a caller id proves nothing, so nothing is said. The check
-- counts as a lookup (booking.voice_lookups, per call and per clinic and
-- hour, under the clinic's lookup lock): past the limits the answer is
-- null, so placing many calls reveals no more than lookup_appointments.
create or replace function public.voice_call_context(
  p_org_id uuid,
  p_caller_phone text default null,
  p_call_id text default null
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org booking.organizations%rowtype;
  v_policy booking.voice_caller_policies%rowtype;
  v_phone text;
  v_clinic_phone text;
  v_transfer_phone text;
  v_today date;
  v_has_upcoming boolean;
begin
  perform booking.assert_org_access(p_org_id);
  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('ORGANIZATION_NOT_FOUND', 'There is no such organization');
  end if;
  v_policy := booking.voice_caller_policy(p_org_id);
  v_clinic_phone := booking.clinic_phone(p_org_id);
  -- A person at the clinic: its own contact phone, never the number the
  -- voice agent answers (a transfer there would reach the agent again).
  v_transfer_phone := nullif(v_org.contact_phone,
                             (select v.phone_number from booking.voice_agents v where v.org_id = p_org_id));
  v_today := (now() at time zone v_org.timezone)::date;

  v_phone := booking.normalize_phone(nullif(btrim(p_caller_phone), ''), v_org.phone_region);
  if v_phone is not null and v_policy.caller_id_policy <> 'verify_all' then
    perform pg_advisory_xact_lock(hashtextextended('booking.voice_lookups:' || p_org_id::text, 0));
    if not ((p_call_id is not null
             and (select count(*) from booking.voice_lookups
                   where org_id = p_org_id and call_id = p_call_id) >= v_policy.lookups_per_call)
            or (select count(*) from booking.voice_lookups
                 where org_id = p_org_id and created_at > now() - interval '1 hour') >= v_policy.lookups_per_hour) then
      insert into booking.voice_lookups (org_id, call_id) values (p_org_id, p_call_id);
      v_has_upcoming := exists (select from booking.upcoming_appointments_of_phone(p_org_id, v_phone));
    end if;
  end if;

  return json_build_object(
    'success', true,
    'clinic_name', v_org.name,
    'clinic_phone', v_clinic_phone,
    'clinic_phone_display', booking.phone_display(v_clinic_phone, v_org.phone_region),
    'transfer_phone', v_transfer_phone,
    'timezone', v_org.timezone,
    'timezone_name', booking.timezone_display_name(v_org.timezone),
    'today', to_char(v_today, 'YYYY-MM-DD'),
    'today_text', to_char(v_today, 'FMDay, FMMonth FMDD, YYYY'),
    'hours_summary', booking.weekly_hours_summary(p_org_id),
    'caller_id_policy', v_policy.caller_id_policy,
    'caller_has_upcoming_appointment', v_has_upcoming);
end;
$$;

revoke execute on function public.voice_call_context(uuid, text, text) from public, anon, authenticated, service_role;
grant execute on function public.voice_call_context(uuid, text, text) to authenticated, service_role;
comment on function public.voice_call_context(uuid, text, text) is
'Voice agent: what the assistant is told at the start of a call (the platform''s assistant-request): the clinic and, as far as its caller-id policy lets a caller id tell, whether the caller has an upcoming appointment.

Arguments: p_org_id; p_caller_phone (the platform''s caller id, never the model''s; null when withheld); p_call_id (the platform''s call id: the check counts as a lookup of the call).
Answer: {"success": true, "clinic_name", "clinic_phone" (E.164 patients are told to call, booking.clinic_phone, or null), "clinic_phone_display" (as patients read it), "transfer_phone" (the clinic''s contact phone for a transfer to a person; null when it has none or it is the voice agent''s own number), "timezone", "timezone_name", "today" (YYYY-MM-DD in the clinic''s zone), "today_text" (e.g. Monday, December 7, 2026), "hours_summary" (the default calendar''s weekly hours in words, or null), "caller_id_policy", "caller_has_upcoming_appointment" (true or false under verify_changes and trust_attested; null under verify_all, without a caller id, or past the lookup limits: LOOKUP_RATE_LIMITED''s limits, the check counts as a lookup)}. Never an appointment''s time, service or id.
Errors: ORGANIZATION_NOT_FOUND. Raises 42501 for another organization.';
