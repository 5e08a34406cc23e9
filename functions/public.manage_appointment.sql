-- Manage link (callable by anon; the token is the credential): the
-- appointment a token opens, booking.appointment_summary's answer.
-- The contract is the COMMENT at the end of this file.
create or replace function public.manage_appointment(p_token text)
returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_org_id uuid;
  v_appointment_id uuid;
begin
  -- The token is the credential: no row, nothing revealed.
  select t.org_id, t.appointment_id into v_org_id, v_appointment_id
    from booking.manage_token_appointment(p_token) t;
  if v_appointment_id is null then
    -- A real token past its lifetime: say so, and how to reach the clinic.
    select t.org_id into v_org_id
      from booking.appointment_manage_tokens t
     where p_token ~ '^[A-Za-z0-9_-]{22,64}$' and t.token_sha256 = extensions.digest(p_token, 'sha256')
     limit 1;
    if v_org_id is not null then
      return (booking.json_error('LINK_EXPIRED', 'This link has expired')::jsonb || jsonb_build_object(
        'clinic_name', (select o.name from booking.organizations o where o.org_id = v_org_id),
        'clinic_phone', booking.clinic_phone(v_org_id),
        'clinic_phone_display', (select booking.phone_display(booking.clinic_phone(o.org_id), o.phone_region)
                                   from booking.organizations o where o.org_id = v_org_id)))::json;
    end if;
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;
  return booking.appointment_summary(v_org_id, v_appointment_id);
end;
$$;

revoke execute on function public.manage_appointment(text) from public, anon, authenticated, service_role;
grant execute on function public.manage_appointment(text) to anon, authenticated, service_role;
comment on function public.manage_appointment(text) is
'Manage link (anon; the token is the credential): the token''s appointment.

Arguments: p_token.
Answer: {"success": true, "appointment_id", "status", "service_type", "service_name" (as patients read it), "duration_minutes", "scheduled_at", "timezone", "timezone_name" (e.g. "Eastern Time"), "local_date", "local_time", "local_text" (on the clinic''s clock), "clinic_name", "clinic_phone" (E.164: the clinic''s number, else the voice agent''s, else the SMS sender''s; may be null), "clinic_phone_display" (formatted for the clinic''s region), "clinic_address", "patient_confirmed", "can_cancel", "can_reschedule", "cancel_blocked_reason", "reschedule_blocked_reason", "reschedules_remaining", "calendar_id", "earlier_time_requested" (the patient waits for an earlier time of it), "earlier_time_offerable" (the clinic keeps a waitlist and the patient may still move it: public.manage_request_earlier_time)} (booking.appointment_summary); a cancelled or past appointment stays readable with can_* false.
Errors: LINK_EXPIRED for a token whose appointment ended more than the package setting manage_link_days (default 30) ago, with "clinic_name", "clinic_phone" (E.164) and "clinic_phone_display" (both may be null); APPOINTMENT_NOT_FOUND for a wrong, unknown or malformed token, and nothing else.';
