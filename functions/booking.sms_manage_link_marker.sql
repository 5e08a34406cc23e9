-- What a manage link in a stored SMS body becomes once the provider has
-- accepted the message (booking.redact_sent_manage_links): the token then
-- exists only as its SHA-256 (booking.appointment_manage_tokens).
create or replace function booking.sms_manage_link_marker()
returns text
language sql
immutable
set search_path = ''
as $$
  select '[manage link]';
$$;

revoke execute on function booking.sms_manage_link_marker() from public, anon, authenticated, service_role;
comment on function booking.sms_manage_link_marker() is
  'The marker ''[manage link]'' that replaces a manage link in a stored SMS body once the provider accepted the message.';
