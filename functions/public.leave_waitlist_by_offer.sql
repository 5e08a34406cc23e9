-- Leaving the waitlist from an offer's link (anon; the token is the
-- credential).
create or replace function public.leave_waitlist_by_offer(p_token text)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org_id uuid;
  v_offer booking.waitlist_offers;
begin
  select * into v_offer from booking.waitlist_token_offer(p_token);
  v_org_id := v_offer.org_id;
  if v_org_id is null then
    return booking.json_error('OFFER_NOT_FOUND', 'There is no such offer');
  end if;
  begin
    perform booking.waitlist_leave(v_org_id, v_offer.entry_id);
  exception
    when lock_not_available then
      return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry');
  end;
  return json_build_object('success', true,
    'status', (select e.status from booking.waitlist_entries e where e.org_id = v_org_id and e.id = v_offer.entry_id));
end;
$$;

revoke execute on function public.leave_waitlist_by_offer(text) from public, anon, authenticated, service_role;
grant execute on function public.leave_waitlist_by_offer(text) to anon, authenticated, service_role;
comment on function public.leave_waitlist_by_offer(text) is
'Offer link (anon; the token is the credential): the patient leaves the waitlist.

Arguments: p_token (from <PUBLIC_BASE_URL>/w/<token>).
Answer: {"success": true, "status"} (left, or booked/expired when the entry had already closed: nothing changes). The entry''s open offers are declined and their times go to the next patients at once; the event waitlist.left.
Errors: OFFER_NOT_FOUND for a wrong, unknown or malformed token; BUSY_RETRY.';
