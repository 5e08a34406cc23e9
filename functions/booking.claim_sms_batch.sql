-- A worker takes up to p_limit due messages to send.
--
-- Due: pending messages whose next_attempt_at has come, and claimed
-- messages whose lease ran out (their worker died or hung). Rows locked by
-- another claiming worker are skipped (FOR UPDATE SKIP LOCKED), so two
-- workers never take the same message. Each returned message is now
-- claimed by p_worker until now() + p_lease_seconds (next_attempt_at) and
-- has one more attempt counted.
-- Due messages that must not be sent are settled instead of returned:
-- recipient opted out -> suppressed; a reminder whose appointment is no
-- longer scheduled or confirmed at the start it announces (cancelled,
-- moved, or changed by a write that bypassed booking.sync_reminders) ->
-- canceled APPOINTMENT_CHANGED; past expires_at -> failed EXPIRED;
-- attempts used up (a worker died holding it each time) -> failed
-- LEASE_EXPIRED.
-- Service callers only (42501 for tenant roles).
create or replace function booking.claim_sms_batch(
  p_worker text,
  p_limit integer,
  p_lease_seconds double precision
) returns table (
  org_id uuid,
  id uuid,
  kind text,
  recipient text,
  body text,
  attempts integer
)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_max_attempts integer := booking.sms_max_attempts();
begin
  perform booking.assert_service_role();
  if p_worker is null or p_limit is null or p_limit < 1 or p_lease_seconds is null
     or p_lease_seconds <= 0 then
    raise exception 'claim_sms_batch needs a worker name, a positive limit and a positive lease'
      using errcode = '22023';
  end if;

  return query
  with due as (
    select o.org_id, o.id,
           case when booking.is_sms_opted_out(o.org_id, o.recipient) then 'suppressed'
                when o.kind = 'reminder'
                     and not booking.reminder_is_current(o.org_id, o.appointment_id, o.appointment_scheduled_at) then 'canceled'
                when o.expires_at <= now() then 'failed'
                when o.attempts >= v_max_attempts then 'failed'
                else 'claimed' end as new_status,
           case when booking.is_sms_opted_out(o.org_id, o.recipient) then null
                when o.kind = 'reminder'
                     and not booking.reminder_is_current(o.org_id, o.appointment_id, o.appointment_scheduled_at) then 'APPOINTMENT_CHANGED'
                when o.expires_at <= now() then 'EXPIRED'
                when o.attempts >= v_max_attempts then 'LEASE_EXPIRED' end as new_error
      from booking.sms_outbox o
     where o.status in ('pending', 'claimed') and o.next_attempt_at <= now()
     order by o.next_attempt_at
     limit p_limit
       for update skip locked
  ), settled as (
    update booking.sms_outbox o
       set status = d.new_status,
           attempts = o.attempts + (d.new_status = 'claimed')::integer,
           next_attempt_at = case when d.new_status = 'claimed'
                                  then now() + make_interval(secs => p_lease_seconds)
                                  else o.next_attempt_at end,
           claimed_by = case when d.new_status = 'claimed' then p_worker else o.claimed_by end,
           error_code = coalesce(d.new_error, o.error_code),
           updated_at = now()
      from due d
     where o.org_id = d.org_id and o.id = d.id
    returning o.org_id, o.id, o.kind, o.recipient, o.body, o.attempts, o.status
  )
  select s.org_id, s.id, s.kind, s.recipient, s.body, s.attempts
    from settled s
   where s.status = 'claimed';
end;
$$;

revoke execute on function booking.claim_sms_batch(text, integer, double precision) from public, anon, authenticated, service_role;
grant execute on function booking.claim_sms_batch(text, integer, double precision) to service_role;
comment on function booking.claim_sms_batch(text, integer, double precision) is
  'Worker API: claims up to p_limit due SMS (FOR UPDATE SKIP LOCKED) for p_worker with a lease of p_lease_seconds; settles opted-out (suppressed), reminders of appointments no longer at that start (canceled), expired and exhausted ones instead of returning them.';
