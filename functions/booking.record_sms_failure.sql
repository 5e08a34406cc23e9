-- A worker reports that sending a message it claimed failed.
--   p_http_status  the provider's HTTP status; NULL when no answer came
--                  (network error) or the worker could not even try
--   p_error_code   the provider's error code (Twilio: 21211, 20429, ...) or
--                  the worker's (NETWORK, HTTP_500, NOT_CONFIGURED, ...)
-- Permanent errors (booking.sms_error_is_permanent) fail the message;
-- others put it back to pending after booking.sms_retry_delay, until
-- booking.sms_max_attempts attempts were made, then it fails with the last
-- error. Twilio 21610 (recipient unsubscribed) also records the number as
-- opted out of the organization.
-- Only the worker holding the claim may report (after its lease ran out
-- another worker may have taken the message over); otherwise nothing
-- changes. Returns the message's status afterwards.
-- Service callers only (42501 for tenant roles).
create or replace function booking.record_sms_failure(
  p_org_id uuid,
  p_message_id uuid,
  p_worker text,
  p_http_status integer,
  p_error_code text,
  p_error_message text
) returns text
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_message booking.sms_outbox%rowtype;
  v_retry boolean;
begin
  perform booking.assert_service_role();

  select * into v_message from booking.sms_outbox
   where org_id = p_org_id and id = p_message_id
     for update;
  if not found then
    return null;
  end if;
  if v_message.status <> 'claimed' or v_message.claimed_by is distinct from p_worker then
    return v_message.status;
  end if;

  if p_error_code = '21610' then
    perform booking.record_sms_opt_out(p_org_id, v_message.recipient, true, null, 'provider_error');
  end if;
  v_retry := not booking.sms_error_is_permanent(p_http_status, p_error_code)
             and v_message.attempts < booking.sms_max_attempts()
             and (v_message.expires_at is null or v_message.expires_at > now());

  update booking.sms_outbox
     set status = case when v_retry then 'pending' else 'failed' end,
         next_attempt_at = case when v_retry then now() + booking.sms_retry_delay(v_message.attempts)
                                else next_attempt_at end,
         error_code = left(coalesce(p_error_code, 'HTTP_' || p_http_status::text, 'UNKNOWN'), 64),
         error_message = left(p_error_message, 1000),
         updated_at = now()
   where org_id = p_org_id and id = p_message_id
  returning status into v_message.status;
  return v_message.status;
end;
$$;

revoke execute on function booking.record_sms_failure(uuid, uuid, text, integer, text, text) from public, anon, authenticated, service_role;
grant execute on function booking.record_sms_failure(uuid, uuid, text, integer, text, text) to service_role;
comment on function booking.record_sms_failure(uuid, uuid, text, integer, text, text) is
  'Worker API: a send failed (HTTP status or NULL, error code, message). Permanent errors fail the message; others retry with exponential backoff up to booking.sms_max_attempts. 21610 records an opt-out. Returns the status.';
