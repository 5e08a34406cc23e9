-- How many times a message is tried before it is failed: the setting
-- booking.sms_max_attempts, default 12 (about 50 minutes of retries with
-- the default backoff).
create or replace function booking.sms_max_attempts()
returns integer
language sql
stable
set search_path = ''
as $$
  select greatest(1, coalesce(nullif(current_setting('booking.sms_max_attempts', true), ''), '12')::integer);
$$;

revoke execute on function booking.sms_max_attempts() from public, anon, authenticated, service_role;
comment on function booking.sms_max_attempts() is
  'Setting booking.sms_max_attempts (default 12): attempts before a message is failed.';
