-- A worker gives back a message it claimed but did not send (it is
-- shutting down): pending again at once, the attempt not counted, and the
-- other workers are woken (after the commit, booking.notify_after_commit). Only the claiming worker may release.
-- Returns true when the message was released.
-- Service callers only (42501 for tenant roles).
create or replace function booking.release_sms(p_org_id uuid, p_message_id uuid, p_worker text)
returns boolean
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform booking.assert_service_role();

  update booking.sms_outbox
     set status = 'pending',
         attempts = greatest(attempts - 1, 0),
         next_attempt_at = now(),
         updated_at = now()
   where org_id = p_org_id and id = p_message_id
     and status = 'claimed' and claimed_by = p_worker;
  if not found then
    return false;
  end if;
  perform booking.notify_after_commit('booking_sms_outbox');
  return true;
end;
$$;

revoke execute on function booking.release_sms(uuid, uuid, text) from public, anon, authenticated, service_role;
grant execute on function booking.release_sms(uuid, uuid, text) to service_role;
comment on function booking.release_sms(uuid, uuid, text) is
  'Worker API: returns an unsent claimed message to pending (attempt not counted) and wakes the workers.';
