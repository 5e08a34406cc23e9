-- The front desk's messages inbox: one conversation per number that texted
-- the clinic (booking.inbound_sms_texts), newest first, with the matched
-- patient's name, the number as the clinic's patients read it
-- (booking.phone_display), the last text and its time on the clinic's
-- clock (booking.format_local_time), its unread count; and the clinic's
-- total unread. The contract is the COMMENT at the end of this file.
create or replace function public.sms_inbox(p_org_id uuid)
returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  c_conversations constant integer := 100;
  v_org booking.organizations;
begin
  perform booking.assert_org_access(p_org_id);
  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  return json_build_object(
    'success', true,
    'unread_total', (select count(*) from booking.inbound_sms_texts u
                      where u.org_id = p_org_id and u.read_at is null),
    'conversations', coalesce((
      select json_agg(json_build_object(
               'text_id', last.id,
               'patient_name', ct.name,
               'phone_display', booking.phone_display(last.sender, v_org.phone_region),
               'last_body', last.body,
               'last_local', booking.format_local_time(p_org_id, last.received_at),
               'unread', (select count(*) from booking.inbound_sms_texts u
                           where u.org_id = p_org_id and u.sender = last.sender and u.read_at is null))
             order by last.received_at desc, last.id)
        from (select * from (select distinct on (t.sender) t.id, t.sender, t.body, t.received_at
                               from booking.inbound_sms_texts t
                              where t.org_id = p_org_id
                              order by t.sender, t.received_at desc, t.id) latest
               order by latest.received_at desc, latest.id
               limit c_conversations) last
        left join booking.contacts ct on ct.org_id = p_org_id and ct.phone = last.sender), '[]'::json));
end;
$$;

revoke execute on function public.sms_inbox(uuid) from public, anon, authenticated, service_role;
grant execute on function public.sms_inbox(uuid) to authenticated, service_role;
comment on function public.sms_inbox(uuid) is
'Staff (any member, front desk included): the clinic''s messages inbox, one conversation per number that texted it, newest first.

Arguments: p_org_id.
Answer: {"success": true, "unread_total" (the clinic''s unread texts), "conversations": [{"text_id" (the latest text: public.sms_thread opens the conversation by it), "patient_name" (the clinic''s patient with that number, or NULL), "phone_display" (the number as the clinic''s patients read it), "last_body", "last_local" (its time on the clinic''s clock), "unread"}]} (at most 100 conversations).
Errors: INVALID_ORGANIZATION. Raises 42501 when an authenticated caller asks for another organization.';
