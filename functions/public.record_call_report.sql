-- Stores a voice platform's end-of-call report, scores the lead and, for a
-- hot lead, records the alert and enqueues the owner's SMS.
-- The contract is the COMMENT at the end of this file.
-- Reports delivered twice or out of order are stored once per call id:
-- fields already known are kept, missing ones filled in; the score is
-- recomputed; the alert is created at most once per call. A hold the call
-- still has is released (the caller hung up before confirming).
create or replace function public.record_call_report(p_org_id uuid, p_report jsonb)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_message jsonb := case when jsonb_typeof(p_report -> 'message') = 'object' then p_report -> 'message'
                          else p_report end;
  v_org booking.organizations%rowtype;
  v_provider_call_id text;
  v_started_at timestamptz;
  v_ended_at timestamptz;
  v_caller_phone text;
  v_contact_id uuid;
  v_appointment_id uuid;
  v_call booking.calls%rowtype;
  v_score record;
  v_hot_lead_id uuid;
  v_alert_phone text;
  v_message_id uuid;
  v_alert text;
  v_lead_name text;
begin
  perform booking.assert_service_role();
  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if p_report is null or jsonb_typeof(v_message) <> 'object'
     or coalesce(v_message ->> 'type', 'end-of-call-report') <> 'end-of-call-report' then
    return booking.json_error('INVALID_REPORT', 'Expected an end-of-call-report message object');
  end if;
  v_provider_call_id := btrim(coalesce(v_message #>> '{call,id}', v_message ->> 'callId'));
  if v_provider_call_id is null or length(v_provider_call_id) not between 1 and 128 then
    return booking.json_error('MISSING_CALL_ID', 'The report has no call.id');
  end if;
  begin
    v_started_at := booking.parse_report_timestamp(coalesce(v_message -> 'startedAt', v_message #> '{call,startedAt}'));
    v_ended_at := booking.parse_report_timestamp(coalesce(v_message -> 'endedAt', v_message #> '{call,endedAt}'));
  exception when data_exception then
    return booking.json_error('INVALID_TIMESTAMP', 'startedAt and endedAt must be ISO-8601 timestamps');
  end;
  -- A report whose call ends before it starts (also against what an
  -- earlier report of the call stored) is refused whole.
  if v_ended_at < coalesce(v_started_at, (select started_at from booking.calls
                                            where org_id = p_org_id and provider_call_id = v_provider_call_id))
     or v_started_at > (select ended_at from booking.calls
                         where org_id = p_org_id and provider_call_id = v_provider_call_id) then
    return booking.json_error('INVALID_REPORT', 'endedAt is before startedAt');
  end if;

  v_caller_phone := booking.normalize_phone(
    coalesce(v_message #>> '{customer,number}', v_message #>> '{call,customer,number}'), v_org.phone_region);
  select id into v_contact_id from booking.contacts where org_id = p_org_id and phone = v_caller_phone;
  select h.appointment_id into v_appointment_id
    from booking.appointment_holds h
   where h.org_id = p_org_id and h.call_sid = v_provider_call_id and h.status = 'consumed'
   order by h.updated_at desc limit 1;
  if v_contact_id is null and v_appointment_id is not null then
    select contact_id into v_contact_id from booking.appointments
     where org_id = p_org_id and id = v_appointment_id;
  end if;

  insert into booking.calls as c (org_id, provider_call_id, caller_phone, contact_id, started_at, ended_at,
                                  ended_reason, summary, transcript, analysis, appointment_id)
  values (p_org_id, v_provider_call_id, v_caller_phone, v_contact_id, v_started_at, v_ended_at,
          left(v_message ->> 'endedReason', 200),
          coalesce(v_message #>> '{analysis,summary}', v_message ->> 'summary'),
          coalesce(v_message #>> '{artifact,transcript}', v_message ->> 'transcript'),
          case when jsonb_typeof(v_message -> 'analysis') = 'object' then v_message -> 'analysis' end,
          v_appointment_id)
  on conflict (org_id, provider_call_id) do update
     set caller_phone = coalesce(c.caller_phone, excluded.caller_phone),
         contact_id = coalesce(c.contact_id, excluded.contact_id),
         started_at = coalesce(c.started_at, excluded.started_at),
         ended_at = coalesce(c.ended_at, excluded.ended_at),
         ended_reason = coalesce(c.ended_reason, excluded.ended_reason),
         summary = coalesce(c.summary, excluded.summary),
         transcript = coalesce(c.transcript, excluded.transcript),
         analysis = coalesce(c.analysis, excluded.analysis),
         appointment_id = coalesce(c.appointment_id, excluded.appointment_id),
         updated_at = now()
  returning * into v_call;

  -- The call is over: a slot it still holds is free again.
  update booking.appointment_holds set status = 'released', updated_at = now()
   where org_id = p_org_id and call_sid = v_provider_call_id and status = 'active';

  select * into v_score from booking.compute_lead_score(p_org_id, v_call.id);
  update booking.calls set lead_score = v_score.score, lead_score_signals = v_score.signals
   where org_id = p_org_id and id = v_call.id;

  if v_score.score >= v_score.threshold then
    v_lead_name := coalesce((select name from booking.contacts where org_id = p_org_id and id = v_call.contact_id),
                            nullif(left(btrim(v_message #>> '{analysis,structuredData,name}'), 200), ''),
                            'Unknown caller');
    select hot_lead_alert_phone into v_alert_phone from booking.integration_settings where org_id = p_org_id;
    insert into booking.hot_leads (org_id, call_id, contact_id, lead_name, lead_phone, lead_score, not_sent_reason)
    values (p_org_id, v_call.id, v_call.contact_id, v_lead_name, v_call.caller_phone, v_score.score,
            case when v_alert_phone is null then 'NO_ALERT_PHONE' end)
    on conflict (org_id, call_id) do nothing
    returning id into v_hot_lead_id;

    if v_hot_lead_id is null then
      v_alert := 'already_recorded';
    elsif v_alert_phone is null then
      v_alert := 'no_alert_phone';
    else
      v_message_id := booking.enqueue_sms(p_org_id, 'hot_lead_alert', v_alert_phone,
        left('Hot lead (score ' || v_score.score || '): ' || v_lead_name
             || coalesce(' ' || v_call.caller_phone, '')
             || case when v_call.appointment_id is not null then ', booked ' || (
                  select a.service_type || ' on ' || booking.format_local_time(a.org_id, a.scheduled_at)
                    from booking.appointments a where a.org_id = p_org_id and a.id = v_call.appointment_id)
                else ', not booked' end
             || coalesce('. ' || v_call.summary, '.'), 1600),
        v_call.appointment_id, v_provider_call_id);
      update booking.hot_leads set sms_message_id = v_message_id, not_sent_reason = null
       where org_id = p_org_id and id = v_hot_lead_id;
      v_alert := (select case when status = 'suppressed' then 'suppressed' else 'queued' end
                    from booking.sms_outbox where org_id = p_org_id and id = v_message_id);
    end if;
    update booking.leads set status = 'hot', updated_at = now()
     where org_id = p_org_id and contact_id = v_call.contact_id and status <> 'converted';
  end if;

  return json_build_object('success', true, 'call_id', v_call.id, 'provider_call_id', v_provider_call_id,
    'duration', v_call.duration, 'lead_score', v_score.score, 'signals', v_score.signals,
    'hot_lead', v_score.score >= v_score.threshold, 'alert', v_alert);
end;
$$;

revoke execute on function public.record_call_report(uuid, jsonb) from public, anon, authenticated, service_role;
grant execute on function public.record_call_report(uuid, jsonb) to service_role;
comment on function public.record_call_report(uuid, jsonb) is
'Webhook API (service_role): stores an end-of-call report, scores the lead and alerts the owner of a hot lead.

Arguments: p_org_id (resolved by the webhook, never from the report); p_report (the voice platform''s end-of-call-report message, or {"message": ...} around it: call.id, customer.number, startedAt, endedAt, endedReason, artifact.transcript, analysis.summary/structuredData/successEvaluation).
Answer: {"success": true, "call_id", "provider_call_id", "duration", "lead_score", "signals", "hot_lead", "alert"}, alert one of queued, suppressed (owner opted out), no_alert_phone, already_recorded, or null (not hot). Once per call id, whatever the order or number of deliveries (duration from startedAt/endedAt; the appointment booked through the call''s hold linked; a hold the call still has released); at or above the threshold one hot lead per call and one SMS to integration_settings.hot_lead_alert_phone (none configured: alert NO_ALERT_PHONE).
Errors: INVALID_ORGANIZATION, INVALID_REPORT (also endedAt before startedAt), MISSING_CALL_ID, INVALID_TIMESTAMP; nothing is stored. Raises 42501 for other callers.';
