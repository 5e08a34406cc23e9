-- The front desk's conversation with one number: the patient's texts
-- (booking.inbound_sms_texts) and every SMS the clinic sent that number
-- (booking.sms_outbox, any kind, a one-time code's text withheld), in time
-- order on the clinic's clock. Opening it marks that number's texts read.
-- The conversation is named by one of its texts' id, never by the number.
-- The contract is the COMMENT at the end of this file.
create or replace function public.sms_thread(p_org_id uuid, p_text_id uuid)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org booking.organizations;
  v_sender text;
  v_latest uuid;
begin
  perform booking.assert_org_access(p_org_id);
  select t.sender into v_sender from booking.inbound_sms_texts t
   where t.org_id = p_org_id and t.id = p_text_id;
  if not found then
    return booking.json_error('TEXT_NOT_FOUND', 'There is no such text');
  end if;
  select * into v_org from booking.organizations where org_id = p_org_id;
  update booking.inbound_sms_texts set read_at = now()
   where org_id = p_org_id and sender = v_sender and read_at is null;
  select t.id into v_latest from booking.inbound_sms_texts t
   where t.org_id = p_org_id and t.sender = v_sender
   order by t.received_at desc, t.id limit 1;
  return json_build_object(
    'success', true,
    'text_id', v_latest,
    'patient_name', (select ct.name from booking.contacts ct where ct.org_id = p_org_id and ct.phone = v_sender),
    'contact_id', (select ct.id from booking.contacts ct where ct.org_id = p_org_id and ct.phone = v_sender),
    'phone_display', booking.phone_display(v_sender, v_org.phone_region),
    'messages', coalesce((
      select json_agg(json_build_object(
               'direction', m.direction,
               'kind', m.kind,
               'body', m.body,
               'status', m.status,
               'local_text', booking.format_local_time(p_org_id, m.at),
               'staff_email', m.staff_email) order by m.at, m.direction, m.id)
        from (select 'in' as direction, null::text as kind, t.body, null::text as status,
                     t.received_at as at, t.id, null::text as staff_email
                from booking.inbound_sms_texts t
               where t.org_id = p_org_id and t.sender = v_sender
              union all
              select 'out', o.kind, case when o.kind = 'otp' then null else o.body end,
                     booking.sms_delivery_word(o.status), o.created_at, o.id, sa.email
                from booking.sms_outbox o
                left join booking.staff_accounts sa on sa.account_id = o.staff_account_id
               where o.org_id = p_org_id and o.recipient = v_sender) m), '[]'::json));
end;
$$;

revoke execute on function public.sms_thread(uuid, uuid) from public, anon, authenticated, service_role;
grant execute on function public.sms_thread(uuid, uuid) to authenticated, service_role;
comment on function public.sms_thread(uuid, uuid) is
'Staff (any member, front desk included): the clinic''s conversation with the number that sent a text, oldest first; marks that number''s texts read.

Arguments: p_org_id; p_text_id (any text of the conversation, booking.inbound_sms_texts.id).
Answer: {"success": true, "text_id" (the conversation''s latest text), "patient_name" and "contact_id" (the clinic''s patient with that number, or NULL), "phone_display" (the number as the clinic''s patients read it), "messages": [{"direction" (in: the patient''s text; out: the clinic''s SMS), "kind" (out: the outbox kind), "body" (NULL for a one-time code), "status" (out: waiting, sending, sent, delivered, failed or not_sent), "local_text" (on the clinic''s clock), "staff_email" (a staff_reply: who wrote it)}]}.
Errors: TEXT_NOT_FOUND (also another organization''s text). Raises 42501 when an authenticated caller asks for another organization.';
