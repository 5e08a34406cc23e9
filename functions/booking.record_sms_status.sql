-- Applies a provider status callback (Twilio's MessageStatus) to a message.
--   p_message_id   the outbox id, when the callback URL carried it (the
--                  worker puts it there); else NULL and the message is
--                  found by p_provider_message_id
--   p_provider_message_id  Twilio's MessageSid
--   p_status       queued, accepted, scheduled, sending, sent, delivered,
--                  read, undelivered, failed, canceled
--   p_error_code   Twilio's ErrorCode, if any
-- The status never moves backwards (booking.sms_status_rank): a late
-- "sent" does not overwrite "delivered". delivered_at is set when the
-- message is first reported delivered (or read). Error 21610 records the
-- recipient as opted out. The appointment's confirmation columns follow.
-- Returns {"found": bool, "updated": bool, "status": text}.
-- Service callers only (42501 for tenant roles).
create or replace function booking.record_sms_status(
  p_org_id uuid,
  p_message_id uuid,
  p_provider_message_id text,
  p_status text,
  p_error_code text
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_message booking.sms_outbox%rowtype;
  v_status text := lower(btrim(p_status));
  v_error text := nullif(btrim(p_error_code), '');
  v_advance boolean;
begin
  perform booking.assert_service_role();

  if p_message_id is not null then
    select * into v_message from booking.sms_outbox
     where org_id = p_org_id and id = p_message_id
       and (provider_message_id is null or provider_message_id = p_provider_message_id)
       for update;
  else
    select * into v_message from booking.sms_outbox
     where org_id = p_org_id and provider_message_id = p_provider_message_id
       for update;
  end if;
  if not found then
    return json_build_object('found', false, 'updated', false, 'status', null);
  end if;

  v_advance := coalesce(booking.sms_status_rank(v_status) between 2 and 6
                        and booking.sms_status_rank(v_status) > booking.sms_status_rank(v_message.status),
                        false);
  if v_error = '21610' then
    perform booking.record_sms_opt_out(p_org_id, v_message.recipient, true, null, 'provider_error');
  end if;

  update booking.sms_outbox
     set status = case when v_advance then v_status else status end,
         provider = coalesce(provider, 'twilio'),
         provider_message_id = coalesce(provider_message_id, p_provider_message_id),
         sent_at = coalesce(sent_at, now()),
         delivered_at = case when v_advance and v_status in ('delivered', 'read')
                             then coalesce(delivered_at, now()) else delivered_at end,
         error_code = case when v_advance and v_error is not null then left(v_error, 64)
                           else error_code end,
         updated_at = now()
   where org_id = v_message.org_id and id = v_message.id
  returning status into v_message.status;

  perform booking.sync_confirmation_sms(v_message.org_id, v_message.id);
  return json_build_object('found', true, 'updated', v_advance, 'status', v_message.status);
end;
$$;

revoke execute on function booking.record_sms_status(uuid, uuid, text, text, text) from public, anon, authenticated, service_role;
grant execute on function booking.record_sms_status(uuid, uuid, text, text, text) to service_role;
comment on function booking.record_sms_status(uuid, uuid, text, text, text) is
  'Webhook API: applies a provider status callback (MessageStatus, ErrorCode) to a message found by outbox id or provider message id; never moves the status backwards; sets delivered_at. Returns {"found", "updated", "status"}.';
