-- Taking a waitlist offer by its link (anon; the token is the credential).
create or replace function public.claim_waitlist_offer(p_token text)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org_id uuid;
  v_offer_id uuid;
begin
  select o.org_id, o.id into v_org_id, v_offer_id from booking.waitlist_token_offer(p_token) o;
  if v_offer_id is null then
    return booking.json_error('OFFER_NOT_FOUND', 'There is no such offer');
  end if;
  return booking.claim_waitlist_offer_as(v_org_id, v_offer_id, 'patient_link');
end;
$$;

revoke execute on function public.claim_waitlist_offer(text) from public, anon, authenticated, service_role;
grant execute on function public.claim_waitlist_offer(text) to anon, authenticated, service_role;
comment on function public.claim_waitlist_offer(text) is
'Offer link (anon; the token is the credential): the patient takes the offered time. The first valid claim of a slot wins, by link or by an SMS reply Y, decided under the calendar lock with the no-overlap constraint behind it.

Arguments: p_token (from <PUBLIC_BASE_URL>/w/<token>).
Answer: {"success": true, "appointment_id", "scheduled_at", "local_text", "service_name", "moved"} (also for the winner''s repeated claims). In one transaction: the appointment is booked with its confirmation SMS (manage link) and reminders, or, for an earlier time, the patient''s appointment is moved with its reschedule SMS; the patient leaves the waitlist; everyone else''s offers of the time are taken; the event waitlist.claimed; what the booked time leaves of the freed interval is offered again.
Errors: OFFER_TAKEN (someone was first; the patient stays on the waitlist), OFFER_EXPIRED (unanswered in time, the patient left the waitlist, or the time can no longer be booked), OFFER_NOT_FOUND (a wrong, unknown or malformed token: nothing revealed), BUSY_RETRY.';
