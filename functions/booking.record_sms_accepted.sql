-- A worker reports that the provider accepted a message: its provider
-- ('twilio' or 'console'), the provider's message id and the status the
-- provider answered with (Twilio: queued, or accepted for a messaging
-- service; the console sender: sent).
-- Idempotent and order-proof: a status callback may have arrived first, so
-- the status only moves forward and the id and time are only filled in.
-- Returns the message's status afterwards (NULL for an unknown message).
-- Service callers only (42501 for tenant roles).
create or replace function booking.record_sms_accepted(
  p_org_id uuid,
  p_message_id uuid,
  p_provider text,
  p_provider_message_id text,
  p_provider_status text
) returns text
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_status text := case when booking.sms_status_rank(p_provider_status) between 2 and 6
                        then p_provider_status else 'queued' end;
  v_result text;
begin
  perform booking.assert_service_role();

  update booking.sms_outbox o
     set status = case when booking.sms_status_rank(v_status) > booking.sms_status_rank(o.status)
                       then v_status else o.status end,
         provider = coalesce(o.provider, p_provider),
         provider_message_id = coalesce(o.provider_message_id, p_provider_message_id),
         sent_at = coalesce(o.sent_at, now()),
         delivered_at = case when v_status in ('delivered', 'read')
                             then coalesce(o.delivered_at, now()) else o.delivered_at end,
         error_code = null,
         error_message = null,
         updated_at = now()
   where o.org_id = p_org_id and o.id = p_message_id
  returning o.status into v_result;

  perform booking.sync_confirmation_sms(p_org_id, p_message_id);
  return v_result;
end;
$$;

revoke execute on function booking.record_sms_accepted(uuid, uuid, text, text, text) from public, anon, authenticated, service_role;
grant execute on function booking.record_sms_accepted(uuid, uuid, text, text, text) to service_role;
comment on function booking.record_sms_accepted(uuid, uuid, text, text, text) is
  'Worker API: the provider accepted the message (provider, provider message id, provider status). Never moves the status backwards; updates the appointment''s confirmation columns. Returns the status.';
