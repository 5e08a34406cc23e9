-- The sentence of a patient SMS that says how to change or cancel an
-- appointment, offering only what the rules will still allow 15 minutes
-- after the patient reads it (at p_at, default now: time to read and
-- answer): a cancel inside the calendar's cancel notice, a move inside its
-- reschedule notice (or past the patient's reschedule limit) are not
-- offered; the clinic's phone is (booking.sms_call_clinic).
--   p_style 'link'   (confirmation, reschedule notice; p_link the manage
--                    link): "To reschedule or cancel: <link>", "To cancel:
--                    <link> To reschedule, please call ...", "To reschedule:
--                    <link> To cancel, please call ...", or "To change or
--                    cancel it, please call ..."
--   p_style 'reply'  (reminder): "Reply Y to confirm or C to cancel." or
--                    "Reply Y to confirm. To cancel, please call ..."
--   p_style 'after_confirm' (the answer to Y): "Reply C to cancel or R to
--                    reschedule.", "Reply C to cancel. To reschedule, please
--                    call ...", "Reply R to reschedule. To cancel, please
--                    call ...", or "To change or cancel it, please call ..."
-- Never a carrier word (STOP, CANCEL).
create or replace function booking.sms_change_offer(
  p_org_id uuid,
  p_appointment_id uuid,
  p_style text,
  p_link text default null,
  p_at timestamptz default null
) returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_appointment booking.appointments;
  v_calendar booking.calendars;
  -- Offered only when still allowed a while after the text is read.
  v_at timestamptz := coalesce(p_at, now()) + interval '15 minutes';
  v_cancel boolean;
  v_move boolean;
  v_call text := booking.sms_call_clinic(p_org_id);
begin
  select * into v_appointment from booking.appointments where org_id = p_org_id and id = p_appointment_id;
  select * into v_calendar from booking.calendars
   where org_id = p_org_id and calendar_id = v_appointment.calendar_id;
  v_call := lower(left(v_call, 1)) || substr(v_call, 2);  -- "please call the clinic at ..."
  v_cancel := v_appointment.scheduled_at >= v_at + make_interval(mins => v_calendar.cancel_notice_minutes);
  v_move := v_appointment.scheduled_at >= v_at + make_interval(mins => v_calendar.reschedule_notice_minutes)
            and v_appointment.patient_reschedule_count < booking.patient_reschedule_limit();
  if p_style = 'reply' then
    return case when v_cancel then 'Reply Y to confirm or C to cancel.'
                else 'Reply Y to confirm. To cancel, ' || v_call end;
  elsif p_style = 'after_confirm' then
    return case when v_cancel and v_move then 'Reply C to cancel or R to reschedule.'
                when v_cancel then 'Reply C to cancel. To reschedule, ' || v_call
                when v_move then 'Reply R to reschedule. To cancel, ' || v_call
                else 'To change or cancel it, ' || v_call end;
  end if;
  return case when p_link is null then 'To change or cancel it, ' || v_call
              when v_cancel and v_move then 'To reschedule or cancel: ' || p_link
              when v_cancel then 'To cancel: ' || p_link || ' To reschedule, ' || v_call
              when v_move then 'To reschedule: ' || p_link || ' To cancel, ' || v_call
              else 'To change or cancel it, ' || v_call end;
end;
$$;

revoke execute on function booking.sms_change_offer(uuid, uuid, text, text, timestamptz) from public, anon, authenticated, service_role;
comment on function booking.sms_change_offer(uuid, uuid, text, text, timestamptz) is
  'How a patient SMS offers to change or cancel an appointment (style link, reply or after_confirm), offering only what the notice periods and reschedule limit still allow 15 minutes after p_at (default now) and the clinic''s phone for the rest.';
