-- The text of a lifecycle SMS of an appointment, as it stands now:
--   reminder      clinic, service, local date and time with zone, and
--                 "Reply Y to confirm or C to cancel." (inside the cancel
--                 notice when read at p_at: "Reply Y to confirm. To cancel,
--                 please call the clinic at ..."; booking.sms_change_offer)
--   cancellation  clinic, service, the cancelled local date and time, and
--                 "Call us at <the clinic's number> to book again."
--                 (booking.clinic_phone; "Call us to book again." when the
--                 clinic has no number)
--   reschedule    clinic, service, the new local date and time, and what
--                 the patient may still do with p_link (booking.sms_change_offer:
--                 no move offered inside the reschedule notice, no cancel
--                 inside the cancel notice; the clinic's phone instead)
-- p_at: when the patient will read it (a reminder's send time; default now).
-- The service as patients read it (booking.service_display_name), times on
-- the clinic's clock (booking.format_local_time), the number formatted for
-- the clinic's region (booking.phone_display). NULL for an unknown
-- appointment. Never asks the patient to reply STOP or CANCEL (carrier
-- opt-out words: such a reply would unsubscribe the patient instead). At
-- most 1600 characters: names are capped at 200 and services at 100 by
-- their tables.
create or replace function booking.appointment_sms_text(
  p_kind text,
  p_org_id uuid,
  p_appointment_id uuid,
  p_link text default null,
  p_at timestamptz default null
) returns text
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_org booking.organizations;
  v_appointment booking.appointments;
  v_service text;
  v_when text;
begin
  select * into v_org from booking.organizations where org_id = p_org_id;
  select * into v_appointment from booking.appointments where org_id = p_org_id and id = p_appointment_id;
  if v_appointment.id is null then
    return null;
  end if;
  v_service := booking.service_display_name(p_org_id, v_appointment.calendar_id, v_appointment.service_type);
  v_when := booking.format_local_time(p_org_id, v_appointment.scheduled_at);
  return case p_kind
    when 'reminder' then
      v_org.name || ': reminder of your ' || v_service || ' appointment on ' || v_when
      || '. ' || booking.sms_change_offer(p_org_id, p_appointment_id, 'reply', null, p_at)
    when 'cancellation' then
      v_org.name || ': your ' || v_service || ' appointment on ' || v_when
      || ' has been cancelled. Call us'
      || coalesce(' at ' || booking.phone_display(booking.clinic_phone(p_org_id), v_org.phone_region), '')
      || ' to book again.'
    when 'reschedule' then
      v_org.name || ': your ' || v_service || ' appointment has moved to ' || v_when || '. '
      || booking.sms_change_offer(p_org_id, p_appointment_id, 'link', p_link, p_at)
  end;
end;
$$;

revoke execute on function booking.appointment_sms_text(text, uuid, uuid, text, timestamptz) from public, anon, authenticated, service_role;
comment on function booking.appointment_sms_text(text, uuid, uuid, text, timestamptz) is
  'Text of a reminder ("Reply Y to confirm or C to cancel."; no C inside the cancel notice at p_at), cancellation ("Call us at <clinic number> to book again.") or reschedule SMS (only the changes the notices still allow) of an appointment: clinic, service as patients read it, local date/time on the clinic''s clock; never asks for STOP or CANCEL.';
