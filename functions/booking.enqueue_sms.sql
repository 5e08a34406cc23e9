-- Puts an SMS in the outbox, in the caller's transaction, and owes the
-- workers a wake-up on channel booking_sms_outbox, sent after the commit by
-- the process that commits (booking.notify_after_commit; no NOTIFY in the
-- business transaction): the message exists exactly when the business
-- change that caused it commits. The one way anything is added to
-- booking.sms_outbox.
--
--   p_kind        confirmation, otp, hot_lead_alert, reminder, cancellation,
--                 reschedule, reply, staff_invitation, test_sms,
--                 staff_reply or waitlist_offer (booking.sms_outbox.kind)
--   p_recipient   phone number, read with the organization's phone region;
--                 one already in E.164 form is taken as written (every caller
--                 passes a number normalized where it entered: contacts.phone,
--                 the one-time code's, the alert phone), which spares a
--                 booking two of its three readings of the patient's number
--   p_expires_at  optional: not worth sending after this instant
--   p_send_at     optional: due at this instant (default now); only a
--                 message due now owes the workers a wake-up
--   p_appointment_scheduled_at, p_reminder_offset_minutes
--                 a reminder's start and offset (booking.sync_reminders)
-- Returns the message id. A confirmation for an appointment that already
-- has one is not added again: the existing message's id is returned.
-- A recipient who opted out of the organization's SMS gets a message with
-- status suppressed, which is never sent; so does a patient-bound message
-- (any kind but hot_lead_alert) to a number booking.sms_destination_refusal
-- refuses (error_code PHONE_NOT_ALLOWED), a backstop: the functions that
-- take a patient's number refuse it before anything is held or queued.
-- A patient SMS due now (confirmation, reminder, cancellation, reschedule,
-- reply, staff_reply, waitlist_offer) beyond the organization's per-recipient limits
-- (booking.recipient_sms_limit) is recorded suppressed with error_code
-- RECIPIENT_RATE_LIMITED, and the refusal is a row of
-- booking.sms_rate_limit_hits (an sms.rate_limited event).
-- Raises 22023 for a recipient that is not a valid phone number (also when
-- the organization is unknown: it has no phone region) and 23503 for an
-- unknown appointment.
create or replace function booking.enqueue_sms(
  p_org_id uuid,
  p_kind text,
  p_recipient text,
  p_body text,
  p_appointment_id uuid default null,
  p_call_id text default null,
  p_expires_at timestamptz default null,
  p_send_at timestamptz default null,
  p_appointment_scheduled_at timestamptz default null,
  p_reminder_offset_minutes integer default null
) returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_region text;
  v_recipient text;
  v_status text;
  v_error_code text;
  v_limit text;
  v_id uuid;
begin
  select phone_region into v_region from booking.organizations where org_id = p_org_id;
  if found and p_recipient ~ '^\+[1-9][0-9]{1,14}$' then
    v_recipient := p_recipient;
  else
    v_recipient := booking.normalize_phone(p_recipient, v_region);
  end if;
  if v_recipient is null then
    raise exception 'SMS recipient % is not a valid phone number', p_recipient
      using errcode = '22023';
  end if;
  v_status := case when booking.is_sms_opted_out(p_org_id, v_recipient) then 'suppressed'
                   else 'pending' end;
  if p_kind <> 'hot_lead_alert' and booking.sms_destination_refusal(p_org_id, v_recipient) is not null then
    v_status := 'suppressed';
    v_error_code := 'PHONE_NOT_ALLOWED';
  end if;
  if v_status = 'pending' and (p_send_at is null or p_send_at <= now())
     and p_kind in ('confirmation', 'reminder', 'cancellation', 'reschedule', 'reply', 'staff_reply',
                    'waitlist_offer')
     and not (p_kind = 'confirmation' and exists (
       select from booking.sms_outbox where org_id = p_org_id and appointment_id = p_appointment_id
                                        and kind = 'confirmation')) then
    v_limit := booking.recipient_sms_limit(p_org_id, v_recipient, p_kind);
    if v_limit is not null then
      v_status := 'suppressed';
      v_error_code := 'RECIPIENT_RATE_LIMITED';
    end if;
  end if;

  insert into booking.sms_outbox (org_id, kind, recipient, body, appointment_id, call_id,
                                  status, expires_at, error_code, next_attempt_at,
                                  appointment_scheduled_at, reminder_offset_minutes)
  values (p_org_id, p_kind, v_recipient, p_body, p_appointment_id, p_call_id,
          v_status, p_expires_at, v_error_code, coalesce(p_send_at, now()),
          p_appointment_scheduled_at, p_reminder_offset_minutes)
  on conflict (appointment_id, org_id) where kind = 'confirmation' do nothing
  returning id into v_id;

  if v_id is null then
    select id into v_id from booking.sms_outbox
     where org_id = p_org_id and appointment_id = p_appointment_id and kind = 'confirmation';
    return v_id;
  end if;

  if v_limit is not null then
    -- Recorded, never dropped: the message (suppressed) and the refusal
    -- (an sms.rate_limited event).
    insert into booking.sms_rate_limit_hits (org_id, limit_name, limit_value, message_id)
    values (p_org_id, v_limit,
            (select case v_limit when 'recipient_sms_per_hour' then coalesce(l.recipient_sms_per_hour, 6)
                                 when 'recipient_sms_per_day' then coalesce(l.recipient_sms_per_day, 15)
                                 else coalesce(l.auto_replies_per_hour, 4) end
               from (select 1) one left join booking.sms_limits l on l.org_id = p_org_id),
            v_id);
  end if;
  if v_status = 'pending' and (p_send_at is null or p_send_at <= now()) then
    perform booking.notify_after_commit('booking_sms_outbox');
  end if;
  return v_id;
end;
$$;

revoke execute on function booking.enqueue_sms(uuid, text, text, text, uuid, text, timestamptz, timestamptz, timestamptz, integer) from public, anon, authenticated, service_role;
comment on function booking.enqueue_sms(uuid, text, text, text, uuid, text, timestamptz, timestamptz, timestamptz, integer) is
  'Adds an SMS to booking.sms_outbox in the caller''s transaction, due at p_send_at (default now), and, when due now, owes booking_sms_outbox a wake-up after commit; suppressed when the recipient opted out or (patient-bound kinds) booking.sms_destination_refusal refuses the number, or (patient SMS due now) RECIPIENT_RATE_LIMITED beyond the per-recipient limits (booking.recipient_sms_limit; an sms.rate_limited event); one confirmation per appointment. Returns the message id.';
