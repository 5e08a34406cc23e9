-- Staff (or the voice agent) take an entry off the clinic's waitlist.
create or replace function public.leave_waitlist(p_org_id uuid, p_waitlist_entry_id uuid)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform booking.assert_org_access(p_org_id);
  begin
    if p_waitlist_entry_id is null or not booking.waitlist_leave(p_org_id, p_waitlist_entry_id) then
      return booking.json_error('WAITLIST_ENTRY_NOT_FOUND', 'There is no such waitlist entry');
    end if;
  exception
    when lock_not_available then
      return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry');
  end;
  return json_build_object('success', true, 'waitlist_entry_id', p_waitlist_entry_id,
    'status', (select e.status from booking.waitlist_entries e where e.org_id = p_org_id and e.id = p_waitlist_entry_id));
end;
$$;

revoke execute on function public.leave_waitlist(uuid, uuid) from public, anon, authenticated, service_role;
grant execute on function public.leave_waitlist(uuid, uuid) to authenticated, service_role;
comment on function public.leave_waitlist(uuid, uuid) is
'Takes an entry off the clinic''s waitlist (members, service_role).

Arguments: p_org_id; p_waitlist_entry_id.
Answer: {"success": true, "waitlist_entry_id", "status"} (left, or the status it already had: booked, expired); an open entry''s offers are declined, their unsent messages canceled, and a slot left without an open offer goes to the next patients at once; the event waitlist.left.
Errors: WAITLIST_ENTRY_NOT_FOUND (also for another organization''s entry), BUSY_RETRY. Raises 42501 when the caller may not act for the organization.';
