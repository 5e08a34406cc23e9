-- An outbox status in one word, for staff reading a conversation:
-- waiting (pending), sending (claimed, queued, accepted, scheduled,
-- sending), sent (Twilio sent it; no delivery report yet), delivered
-- (delivered, read), failed (undelivered, failed), not_sent (canceled,
-- suppressed: never sent). NULL for NULL or an unknown status.
create or replace function booking.sms_delivery_word(p_status text)
returns text
language sql
immutable
strict
set search_path = ''
as $$
  select case
    when p_status = 'pending' then 'waiting'
    when p_status in ('claimed', 'queued', 'accepted', 'scheduled', 'sending') then 'sending'
    when p_status = 'sent' then 'sent'
    when p_status in ('delivered', 'read') then 'delivered'
    when p_status in ('undelivered', 'failed') then 'failed'
    when p_status in ('canceled', 'suppressed') then 'not_sent'
  end;
$$;

revoke execute on function booking.sms_delivery_word(text) from public, anon, authenticated, service_role;
comment on function booking.sms_delivery_word(text) is
  'An SMS status in one word: waiting, sending, sent, delivered, failed or not_sent; NULL for an unknown status.';
