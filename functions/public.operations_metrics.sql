-- What /metrics reads from the database at scrape time (shim/service/
-- metrics.py): the SMS outbox's queue, over the partial index of pending and
-- claimed messages (sms_outbox_due), for all organizations at once. A read:
-- no lock, no counter, nothing per organization.
create or replace function public.operations_metrics()
returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_answer json;
begin
  perform booking.assert_service_role();
  select json_build_object(
    'sms_outbox_due', count(*) filter (where o.status = 'pending' and o.next_attempt_at <= now()),
    'sms_outbox_claimed', count(*) filter (where o.status = 'claimed'),
    'sms_outbox_scheduled', count(*) filter (where o.status = 'pending' and o.next_attempt_at > now()),
    'sms_outbox_oldest_due_seconds', coalesce(extract(epoch from
      now() - min(o.next_attempt_at) filter (where o.status = 'pending' and o.next_attempt_at <= now())), 0))
    into v_answer
    from booking.sms_outbox o
   where o.status in ('pending', 'claimed');
  return v_answer;
end;
$$;

revoke execute on function public.operations_metrics() from public, anon, authenticated, service_role;
grant execute on function public.operations_metrics() to service_role;
comment on function public.operations_metrics() is
'Monitoring (service_role): the SMS outbox''s queue, for all organizations together.

Arguments: none.
Answer: {"sms_outbox_due": messages waiting to be sent now, "sms_outbox_claimed": being sent by a worker, "sms_outbox_scheduled": pending for later (reminders, retries after a backoff), "sms_outbox_oldest_due_seconds": how long the oldest due message has waited (0 when none)}.
Errors: raises 42501 for other callers.';
