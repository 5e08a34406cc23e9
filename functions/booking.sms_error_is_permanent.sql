-- Whether a failed send must not be retried. Retried: network errors and
-- errors of our own before any HTTP answer (p_http_status NULL), 401 (bad
-- credentials: an operator can fix them), 408, 429 / Twilio 20429 (rate
-- limit), every 5xx. Permanent: every other 4xx, e.g. Twilio 21211
-- (invalid 'To' number) and 21610 (recipient unsubscribed).
create or replace function booking.sms_error_is_permanent(p_http_status integer, p_error_code text)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select case
    when p_error_code in ('21211', '21610') then true
    when p_http_status is null then false
    when p_http_status in (401, 408, 429) or p_error_code = '20429' then false
    when p_http_status >= 500 then false
    else p_http_status >= 400
  end;
$$;

revoke execute on function booking.sms_error_is_permanent(integer, text) from public, anon, authenticated, service_role;
comment on function booking.sms_error_is_permanent(integer, text) is
  'True for errors that retrying cannot fix (4xx such as Twilio 21211, 21610); false for network errors, 401, 408, 429 and 5xx.';
