-- What an inbound SMS from p_phone (E.164) does at an organization; see
-- booking.record_inbound_sms, which checks the caller and duplicates first.
create or replace function booking.apply_inbound_sms(
  p_org booking.organizations,
  p_phone text,
  p_body text
) returns json
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_org_id uuid := p_org.org_id;
  v_org booking.organizations := p_org;
  v_phone text := p_phone;
  v_action text := booking.sms_keyword_action(p_body);
  v_reply_keyword text := booking.sms_reply_keyword(p_body);
  v_appointment_id uuid;
  v_summary json;
  v_answer json;
  v_call_us text;
  v_text text;
  v_message_id uuid;
begin
  if v_action in ('opt_out', 'opt_in') then
    perform booking.record_sms_opt_out(v_org_id, v_phone, v_action = 'opt_out',
                                       upper(btrim(p_body, E' \t\r\n')), 'inbound_keyword');
  elsif v_action = 'help' then
    return json_build_object('action', 'help', 'reply', coalesce(
      (select sms_help_reply from booking.integration_settings where org_id = v_org_id),
      v_org.name || ': appointment messages. Reply STOP to opt out, START to opt back in. Msg&data rates may apply.'));
  end if;
  if v_action = 'opt_out' or (v_action = 'opt_in' and v_reply_keyword is null) then
    return json_build_object('action', v_action, 'reply', null);
  end if;

  select a.id into v_appointment_id
    from booking.upcoming_appointments_of_phone(v_org_id, v_phone) a limit 1;
  if v_appointment_id is null then
    v_message_id := booking.enqueue_sms(v_org_id, 'reply', v_phone,
      v_org.name || ': we have no upcoming appointment for this number. To book, please call the clinic'
      || coalesce(' at ' || booking.phone_display(booking.clinic_phone(v_org_id), v_org.phone_region), '') || '.');
    return json_build_object('action', case when v_reply_keyword is null then coalesce(v_action, 'none')
                                            else coalesce(v_action, 'no_appointment') end,
                             'reply', null, 'appointment_id', null, 'message_id', v_message_id);
  elsif v_reply_keyword is null then
    return json_build_object('action', 'none', 'reply', null);  -- a message for the clinic's staff
  end if;

  v_summary := booking.appointment_summary(v_org_id, v_appointment_id);
  v_call_us := 'Please call the clinic' || coalesce(' at ' || (v_summary ->> 'clinic_phone_display'), '') || '.';
  if v_reply_keyword = 'confirm' then
    perform booking.confirm_appointment_as_patient(v_org_id, v_appointment_id, 'patient_sms');
    v_text := v_org.name || ': thank you, your ' || (v_summary ->> 'service_name') || ' on '
      || (v_summary ->> 'local_text') || ' is confirmed. Reply C to cancel or R to reschedule.';
  elsif v_reply_keyword = 'cancel' then
    v_answer := booking.cancel_appointment_as(v_org_id, v_appointment_id, 'patient_sms',
                                              'Cancelled by SMS reply');
    if (v_answer ->> 'success')::boolean then
      -- The cancellation SMS booking.cancel_appointment_as queued is the reply.
      return json_build_object('action', 'cancel', 'reply', null,
                               'appointment_id', v_appointment_id, 'message_id', null);
    end if;
    v_reply_keyword := 'cancel_refused';
    v_text := v_org.name || ': your appointment on ' || (v_summary ->> 'local_text')
      || case when v_answer ->> 'error' = 'TOO_LATE_TO_CHANGE'
              then ' is too soon to cancel by text. ' else ' could not be cancelled by text. ' end
      || v_call_us;
  else
    v_text := v_org.name || ': to see, reschedule or cancel your appointment on '
      || (v_summary ->> 'local_text') || ', open ' || booking.manage_link(v_org_id, v_appointment_id);
  end if;
  v_message_id := booking.enqueue_sms(v_org_id, 'reply', v_phone, v_text, v_appointment_id);
  return json_build_object('action', v_reply_keyword, 'reply', null,
                           'appointment_id', v_appointment_id, 'message_id', v_message_id);
end;
$$;

revoke execute on function booking.apply_inbound_sms(booking.organizations, text, text) from public, anon, authenticated, service_role;
comment on function booking.apply_inbound_sms(booking.organizations, text, text) is
  'The effect of an inbound SMS from an E.164 number (booking.record_inbound_sms, which checks the caller and duplicates): carrier keywords, reply keywords Y/YES/C/R, help text; replies queued in the outbox.';
