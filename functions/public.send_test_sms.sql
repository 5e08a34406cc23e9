-- Settings (an owner or admin of the organization, or service_role): "send
-- me a test SMS". The contract is the COMMENT at the end of this file.
--
-- The message goes through the outbox like every other (booking.enqueue_sms,
-- in this transaction), so it tries the clinic's real path: its Twilio
-- settings, the worker, the status callback. The destination rules of a
-- patient's SMS apply (booking.sms_destination_refusal): the button is not
-- a way to text anywhere. At most TEST_SMS_PER_HOUR per clinic in any 60
-- minutes, counted under the clinic's own advisory lock (never one shared
-- across clinics).
create or replace function public.send_test_sms(p_org_id uuid, p_to text)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  c_per_hour constant integer := 5;
  v_org booking.organizations%rowtype;
  v_phone text;
  v_refusal json;
  v_message_id uuid;
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  v_phone := booking.normalize_phone(p_to, v_org.phone_region);
  if v_phone is null then
    return booking.json_error('INVALID_PHONE', 'The phone number is not a valid number');
  end if;
  v_refusal := booking.sms_destination_refusal(p_org_id, v_phone);
  if v_refusal is not null then
    return v_refusal;
  end if;
  if booking.is_sms_opted_out(p_org_id, v_phone) then
    return booking.json_error('SMS_OPTED_OUT', 'This number opted out of the clinic''s SMS (it can text START)');
  end if;
  perform pg_advisory_xact_lock(hashtextextended('booking.test_sms:' || p_org_id::text, 0));
  if (select count(*) from booking.sms_outbox
       where org_id = p_org_id and kind = 'test_sms'
         and created_at > now() - interval '1 hour') >= c_per_hour then
    return booking.json_error('TEST_SMS_RATE_LIMITED',
      format('At most %s test messages an hour; try again later', c_per_hour));
  end if;
  v_message_id := booking.enqueue_sms(
    p_org_id, 'test_sms', v_phone,
    format('Test message from %s: the clinic''s text messages work.', v_org.name),
    p_expires_at => now() + interval '1 hour');
  return json_build_object('success', true, 'sms_message_id', v_message_id, 'to', v_phone);
end;
$$;

revoke execute on function public.send_test_sms(uuid, text) from public, anon, authenticated, service_role;
grant execute on function public.send_test_sms(uuid, text) to authenticated, service_role;
comment on function public.send_test_sms(uuid, text) is
'Settings (an owner or admin of the organization, or service_role): queues a test SMS from the clinic to a phone number, through the outbox like every message.

Arguments: p_org_id; p_to (the phone to text, read with the clinic''s phone region).
Answer: {"success": true, "sms_message_id" (kind test_sms, due now, not worth sending after an hour), "to" (E.164)}.
Errors: INVALID_ORGANIZATION, INVALID_PHONE, PHONE_NOT_ALLOWED (a number the clinic''s patient SMS may not go to: booking.sms_destination_refusal), SMS_OPTED_OUT, TEST_SMS_RATE_LIMITED (at most 5 per clinic in any hour). Raises 42501 unless the caller is service_role or an owner or admin of the organization.';
