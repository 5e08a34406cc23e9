-- Retention: removes what the package keeps only for a while, oldest
-- first, at most p_batch_size rows per table per call, each batch locking
-- only its own rows (FOR UPDATE SKIP LOCKED: two instances purging at once
-- take different rows, and a row a booking holds is left for the next run).
-- Callers repeat while the answer says "more": the service's retention task
-- (shim/service/retention.py) daily, or pg_cron where installed.
--
-- SMS bodies are blanked, not deleted: booking.sms_outbox is the delivery
-- record (status, provider id, times) the monitoring views, hot-lead alerts
-- and the SMS budgets read; only the text names a patient and a time.
-- Every organization's rows are treated alike, by age only.
create or replace function public.purge_expired_data(p_batch_size integer default 1000)
returns json
language plpgsql
volatile
security definer
set search_path = ''
set lock_timeout = '2s'
as $$
declare
  v_now timestamptz := now();
  v_sms integer;
  v_verifications integer;
  v_inbound integer;
  v_texts integer;
  v_holds integer;
  v_waitlist_slots integer;
  v_waitlist_entries integer;
begin
  perform booking.assert_service_role();
  if p_batch_size is null or p_batch_size < 1 or p_batch_size > 10000 then
    return booking.json_error('INVALID_BATCH_SIZE', 'p_batch_size is a whole number from 1 to 10000');
  end if;

  with doomed as (
    select o.org_id, o.id from booking.sms_outbox o
     where o.body_removed_at is null and o.status not in ('pending', 'claimed')
       and o.updated_at < v_now - make_interval(days => booking.retention_days('sms_body_retention_days', 30))
     order by o.updated_at
     limit p_batch_size
     for update skip locked)
  update booking.sms_outbox o set body = '', body_removed_at = v_now
    from doomed d
   where o.org_id = d.org_id and o.id = d.id;
  get diagnostics v_sms = row_count;

  with doomed as (
    select v.org_id, v.id from booking.phone_verifications v
     where v.expires_at < v_now - make_interval(days => booking.retention_days('phone_verification_retention_days', 30))
     order by v.expires_at
     limit p_batch_size
     for update skip locked)
  delete from booking.phone_verifications v
   using doomed d
   where v.org_id = d.org_id and v.id = d.id;
  get diagnostics v_verifications = row_count;

  with doomed as (
    select m.org_id, m.message_sid from booking.inbound_sms_messages m
     where m.received_at < v_now - make_interval(days => booking.retention_days('inbound_sms_retention_days', 90))
     order by m.received_at
     limit p_batch_size
     for update skip locked)
  delete from booking.inbound_sms_messages m
   using doomed d
   where m.org_id = d.org_id and m.message_sid = d.message_sid;
  get diagnostics v_inbound = row_count;

  with doomed as (
    select t.org_id, t.id from booking.inbound_sms_texts t
     where t.received_at < v_now - make_interval(days => booking.retention_days('inbound_sms_retention_days', 90))
     order by t.received_at
     limit p_batch_size
     for update skip locked)
  delete from booking.inbound_sms_texts t
   using doomed d
   where t.org_id = d.org_id and t.id = d.id;
  get diagnostics v_texts = row_count;

  with doomed as (
    select h.org_id, h.id from booking.appointment_holds h
     where h.status <> 'consumed'
       and h.expires_at < v_now - make_interval(days => booking.retention_days('expired_hold_retention_days', 30))
     order by h.expires_at
     limit p_batch_size
     for update skip locked)
  delete from booking.appointment_holds h
   using doomed d
   where h.org_id = d.org_id and h.id = d.id;
  get diagnostics v_holds = row_count;

  -- The waitlist: freed times no longer offered, and closed entries, with
  -- their offers (ids and token digests; the texts are the outbox's).
  with doomed as (
    select s.org_id, s.id from booking.waitlist_slots s
     where s.status <> 'offering'
       and s.created_at < v_now - make_interval(days => booking.retention_days('waitlist_retention_days', 90))
     order by s.created_at
     limit p_batch_size
     for update skip locked)
  delete from booking.waitlist_slots s
   using doomed d
   where s.org_id = d.org_id and s.id = d.id;
  get diagnostics v_waitlist_slots = row_count;

  with doomed as (
    select e.org_id, e.id from booking.waitlist_entries e
     where e.status <> 'open'
       and e.closed_at < v_now - make_interval(days => booking.retention_days('waitlist_retention_days', 90))
       and not exists (select from booking.waitlist_offers o
                        where o.org_id = e.org_id and o.entry_id = e.id and o.status = 'sent')
     order by e.closed_at
     limit p_batch_size
     for update skip locked)
  delete from booking.waitlist_entries e
   using doomed d
   where e.org_id = d.org_id and e.id = d.id;
  get diagnostics v_waitlist_entries = row_count;

  return json_build_object(
    'success', true,
    'sms_bodies_removed', v_sms,
    'phone_verifications_deleted', v_verifications,
    'inbound_sms_deleted', v_inbound,
    'inbound_texts_deleted', v_texts,
    'holds_deleted', v_holds,
    'waitlist_slots_deleted', v_waitlist_slots,
    'waitlist_entries_deleted', v_waitlist_entries,
    'more', greatest(v_sms, v_verifications, v_inbound, v_texts, v_holds, v_waitlist_slots,
                     v_waitlist_entries) >= p_batch_size);
end;
$$;

revoke execute on function public.purge_expired_data(integer) from public, anon, authenticated, service_role;
grant execute on function public.purge_expired_data(integer) to service_role;
comment on function public.purge_expired_data(integer) is
'Worker API (service_role): removes data older than its retention setting, in one batch.

Arguments: p_batch_size (1-10000, default 1000): at most this many rows per table in this call.
Answer: {"success": true, "sms_bodies_removed", "phone_verifications_deleted", "inbound_sms_deleted", "inbound_texts_deleted", "holds_deleted", "waitlist_slots_deleted", "waitlist_entries_deleted", "more"}; more is true when a table had a full batch: call again (each call is a short transaction). Removed, for every organization alike: the body of outbox messages that left the queue (any status but pending and claimed) more than sms_body_retention_days (default 30) ago, blanked with body_removed_at set while the delivery record stays (public.send_confirmation_sms then answers an empty content); phone verifications that expired more than phone_verification_retention_days (30) ago; inbound SMS records and patients'' free-text messages received more than inbound_sms_retention_days (90) ago; holds never consumed (released, expired) whose expiry is more than expired_hold_retention_days (30) ago; waitlist times no longer being offered that freed, and closed waitlist entries (no offer of theirs still open) that closed, more than waitlist_retention_days (90) ago, with their offers. Consumed holds, appointments, contacts and events stay. Settings: public.set_booking_setting.
Errors: INVALID_BATCH_SIZE. Raises 42501 for other callers.';
