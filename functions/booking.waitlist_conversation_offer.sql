-- The waitlist offer a reply from p_phone answers: the offer whose message
-- is the latest message the clinic sent the number (within 7 days), by the
-- reply-context rule of booking.sms_reply_appointments; NULL when the
-- latest message is anything else (or none was sent). Messages never sent
-- are no context: the patient has not read them.
create or replace function booking.waitlist_conversation_offer(p_org_id uuid, p_phone text)
returns uuid
language sql
stable
set search_path = ''
as $$
  select w.id
    from (select m.id, m.kind
            from booking.sms_outbox m
           where m.org_id = p_org_id and m.recipient = p_phone
             and m.sent_at > now() - interval '7 days'
           order by m.sent_at desc, m.created_at desc
           limit 1) latest
    join booking.waitlist_offers w on w.org_id = p_org_id and w.message_id = latest.id
   where latest.kind = 'waitlist_offer';
$$;

revoke execute on function booking.waitlist_conversation_offer(uuid, text) from public, anon, authenticated, service_role;
comment on function booking.waitlist_conversation_offer(uuid, text) is
  'The waitlist offer a reply from a number answers: the one whose message is the latest the clinic sent it (within 7 days); NULL otherwise.';
