-- The organization an inbound SMS from p_from belongs to, among the
-- organizations p_org_ids whose Twilio number (or messaging service) it
-- was sent to: the one that last texted that number (the latest message
-- the provider accepted, hot-lead alerts aside), or the only candidate;
-- NULL when several share the number and none has texted the sender.
create or replace function booking.sms_conversation_org(p_org_ids uuid[], p_from text)
returns uuid
language sql
stable
set search_path = ''
as $$
  select coalesce(
    (select o.org_id
       from booking.organizations o
       cross join lateral (
         select max(m.sent_at) as last_sent
           from booking.sms_outbox m
          where m.org_id = o.org_id
            and m.recipient = booking.normalize_phone(p_from, o.phone_region)
            and m.kind <> 'hot_lead_alert' and m.sent_at is not null) s
      where o.org_id = any (p_org_ids) and s.last_sent is not null
      order by s.last_sent desc, o.org_id
      limit 1),
    case when cardinality(p_org_ids) = 1 then p_org_ids[1] end);
$$;

revoke execute on function booking.sms_conversation_org(uuid[], text) from public, anon, authenticated, service_role;
comment on function booking.sms_conversation_org(uuid[], text) is
  'Among the organizations sharing the number an SMS came to, the one that last texted the sender (else the only one; NULL when ambiguous).';
