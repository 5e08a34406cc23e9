-- A patient's SMS answer to a waitlist offer (booking.apply_inbound_sms,
-- when the offer is the latest message the number got):
--   take   (Y, YES) booking.claim_waitlist_offer_as as patient_sms: the
--          winner's confirmation (or reschedule) SMS is the reply; a loser
--          is told the time was just taken and that they stay on the list;
--          an ended offer says so (and whether they stay on the list)
--   leave  (N, NO) the patient leaves the waitlist (booking.waitlist_leave)
--          and is told so
-- Replies go through the outbox (kind reply). Returns the webhook's answer:
-- {"action": "waitlist_claimed" | "waitlist_taken" | "waitlist_expired" |
-- "waitlist_busy" | "waitlist_left", "reply": null, "appointment_id",
-- "message_id"}.
create or replace function booking.answer_waitlist_offer_sms(
  p_org booking.organizations,
  p_phone text,
  p_offer_id uuid,
  p_word text
) returns json
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_org_id uuid := p_org.org_id;
  v_entry_id uuid := (select o.entry_id from booking.waitlist_offers o
                       where o.org_id = p_org.org_id and o.id = p_offer_id);
  v_answer json;
  v_action text;
  v_text text;
  v_stays text;
begin
  if p_word = 'leave' then
    begin
      perform booking.waitlist_leave(v_org_id, v_entry_id);
      v_action := 'waitlist_left';
      v_text := p_org.name || ': you have left the waitlist. We will not text you about open times. '
        || booking.sms_call_clinic(v_org_id);
    exception
      when lock_not_available then
        v_action := 'waitlist_busy';
        v_text := p_org.name || ': we could not take your answer just now. Please reply N again.';
    end;
  else
    v_answer := booking.claim_waitlist_offer_as(v_org_id, p_offer_id, 'patient_sms');
    if (v_answer ->> 'success')::boolean then
      -- The confirmation (or reschedule) SMS the claim queued is the reply.
      return json_build_object('action', 'waitlist_claimed', 'reply', null,
                               'appointment_id', v_answer ->> 'appointment_id', 'message_id', null);
    end if;
    v_stays := case when exists (select from booking.waitlist_entries e
                                  where e.org_id = v_org_id and e.id = v_entry_id and e.status = 'open')
                    then ' You stay on the waitlist, and we will text you when another time opens.' else '' end;
    v_action := case v_answer ->> 'error' when 'OFFER_TAKEN' then 'waitlist_taken'
                                          when 'BUSY_RETRY' then 'waitlist_busy'
                                          else 'waitlist_expired' end;
    v_text := p_org.name || case v_action
      when 'waitlist_taken' then ': sorry, that time was just taken.' || v_stays
      when 'waitlist_busy' then ': we could not take your answer just now. Please reply Y again.'
      else ': that offer has ended.' || v_stays end;
  end if;
  return json_build_object('action', v_action, 'reply', null, 'appointment_id', null,
                           'message_id', booking.enqueue_sms(v_org_id, 'reply', p_phone, v_text));
end;
$$;

revoke execute on function booking.answer_waitlist_offer_sms(booking.organizations, text, uuid, text) from public, anon, authenticated, service_role;
comment on function booking.answer_waitlist_offer_sms(booking.organizations, text, uuid, text) is
  'A patient''s SMS answer to the waitlist offer of the conversation: take (Y/YES: claims it; the confirmation is the winner''s reply, a loser is told it was just taken and stays on the list) or leave (N/NO: leaves the waitlist); replies through the outbox.';
