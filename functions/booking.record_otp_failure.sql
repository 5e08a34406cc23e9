-- Counts one wrong one-time code (a hold's or a phone verification's)
-- for a number at an organization (booking.otp_phone_locks). The count runs over a day from
-- the first failure; the 10th failure of a day locks the number: 1 day
-- for its first lock, then 2, 4, 8, ... days, at most 30 (a lock does not
-- wear off by waiting a day and trying again). Returns the failures still
-- allowed before the next lock (0 when it just locked).
create or replace function booking.record_otp_failure(p_org_id uuid, p_phone text)
returns integer
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_lock booking.otp_phone_locks%rowtype;
begin
  insert into booking.otp_phone_locks as l (org_id, phone, window_start, failures)
  values (p_org_id, p_phone, now(), 1)
  on conflict (org_id, phone) do update
     set window_start = case when l.window_start <= now() - interval '1 day' then now() else l.window_start end,
         failures = case when l.window_start <= now() - interval '1 day' then 1 else l.failures + 1 end,
         updated_at = now()
  returning * into v_lock;
  if v_lock.failures >= 10 then
    update booking.otp_phone_locks
       set locks = locks + 1, failures = 0, window_start = now(), updated_at = now(),
           locked_until = now() + least(interval '30 days', interval '1 day' * power(2, least(locks, 5)))
     where org_id = p_org_id and phone = p_phone;
    return 0;
  end if;
  return 10 - v_lock.failures;
end;
$$;

revoke execute on function booking.record_otp_failure(uuid, text) from public, anon, authenticated, service_role;
comment on function booking.record_otp_failure(uuid, text) is
  'Counts a wrong verification code for a number; the 10th in a day locks it (1, 2, 4, ... days, at most 30). Returns the failures left before the next lock.';
