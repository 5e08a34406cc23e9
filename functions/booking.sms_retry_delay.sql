-- How long to wait before the next attempt after a failed attempt number
-- p_attempts (1 = the first try failed): exponential backoff from
-- booking.sms_retry_base (default 5s), doubling, capped at
-- booking.sms_retry_cap (default 10min), with "equal jitter": between half
-- and all of that, so workers that failed together do not retry together.
create or replace function booking.sms_retry_delay(p_attempts integer)
returns interval
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_base interval := coalesce(nullif(current_setting('booking.sms_retry_base', true), ''), '5s')::interval;
  v_cap interval := coalesce(nullif(current_setting('booking.sms_retry_cap', true), ''), '10min')::interval;
  v_delay interval;
begin
  v_delay := least(v_cap, v_base * power(2, least(greatest(p_attempts, 1) - 1, 30)));
  return v_delay / 2 + v_delay / 2 * random();
end;
$$;

revoke execute on function booking.sms_retry_delay(integer) from public, anon, authenticated, service_role;
comment on function booking.sms_retry_delay(integer) is
  'Backoff after failed attempt n: min(cap, base * 2^(n-1)) with equal jitter; settings booking.sms_retry_base (5s), booking.sms_retry_cap (10min).';
