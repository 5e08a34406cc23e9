-- Whether one more patient SMS of kind p_kind, due now, to p_recipient
-- (E.164) would exceed the organization's per-recipient limits
-- (booking.sms_limits; no row: the defaults):
--   recipient_sms_per_hour / recipient_sms_per_day (6 / 15): patient SMS
--     (confirmation, reminder, cancellation, reschedule, reply, staff_reply,
--     waitlist_offer)
--     the number
--     received from the organization in the last 60 minutes / 24 hours
--   auto_replies_per_hour (4): for a reply, the replies among them in the
--     last 60 minutes
-- Counted: messages not suppressed, by their creation time; reminders,
-- queued at booking for later, by the time they were sent. One-time codes
-- (their own budgets in send_otp), hot-lead alerts to the clinic and staff
-- messages are neither counted nor limited here.
-- Returns the name of the limit reached, or NULL. The caller's transaction
-- holds a lock of this organization and number until it ends, so
-- concurrent messages to one number are counted one after the other
-- (other organizations and numbers are never waited for).
create or replace function booking.recipient_sms_limit(p_org_id uuid, p_recipient text, p_kind text)
returns text
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_per_hour integer;
  v_per_day integer;
  v_replies integer;
  v_hour integer;
  v_day integer;
  v_replies_hour integer;
begin
  perform pg_advisory_xact_lock(hashtextextended('booking.sms_recipient:' || p_org_id::text || ':' || p_recipient, 0));
  select coalesce(l.recipient_sms_per_hour, 6), coalesce(l.recipient_sms_per_day, 15),
         coalesce(l.auto_replies_per_hour, 4)
    into v_per_hour, v_per_day, v_replies
    from (select 1) one left join booking.sms_limits l on l.org_id = p_org_id;
  select count(*) filter (where m.counted_at > now() - interval '1 hour'),
         count(*),
         count(*) filter (where m.kind = 'reply' and m.counted_at > now() - interval '1 hour')
    into v_hour, v_day, v_replies_hour
    from (select o.kind, case when o.kind = 'reminder' then o.sent_at else o.created_at end as counted_at
            from booking.sms_outbox o
           where o.org_id = p_org_id and o.recipient = p_recipient
             and o.kind in ('confirmation', 'reminder', 'cancellation', 'reschedule', 'reply', 'staff_reply', 'waitlist_offer')
             and o.status <> 'suppressed') m
   where m.counted_at > now() - interval '24 hours';
  return case when v_hour >= v_per_hour then 'recipient_sms_per_hour'
              when v_day >= v_per_day then 'recipient_sms_per_day'
              when p_kind = 'reply' and v_replies_hour >= v_replies then 'auto_replies_per_hour' end;
end;
$$;

revoke execute on function booking.recipient_sms_limit(uuid, text, text) from public, anon, authenticated, service_role;
comment on function booking.recipient_sms_limit(uuid, text, text) is
  'The per-recipient limit (recipient_sms_per_hour, recipient_sms_per_day, auto_replies_per_hour) one more patient SMS to a number would exceed, or NULL; takes the lock of the organization and number for the caller''s transaction.';
