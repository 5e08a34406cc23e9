-- The lead score of a call, 0 to 100: the sum of the weights of the
-- signals that hold, capped at 100. Weights and limits are the
-- organization's booking.lead_scoring_settings (defaults in brackets):
--   booked               an appointment was booked during the call    [40]
--   long_call            the call lasted more than long_call_seconds  [20, 300 s]
--   new_contact          the caller had no appointment created before
--                        the call started (or is not a known contact) [10]
--   high_value_service   the booked service's value_cents is at least
--                        high_value_cents                             [15, 10000]
--   positive_analysis    the platform's analysis.successEvaluation is
--                        positive by its rubric (pass/fail, 1-10 >= 7,
--                        percentage >= 70, Excellent/Good, Agree, every
--                        checklist item: booking.is_positive_evaluation) [15]
-- A call is a hot lead when the score reaches threshold [70]. Returns the
-- score and the signals, e.g. {"booked": true, "long_call": false, ...}.
create or replace function booking.compute_lead_score(p_org_id uuid, p_call_id uuid)
returns table (score integer, signals jsonb, threshold integer)
language sql
stable
set search_path = ''
as $$
  with settings as (
    select coalesce(s.threshold, d.threshold) as threshold,
           coalesce(s.weight_booked, d.weight_booked) as weight_booked,
           coalesce(s.weight_long_call, d.weight_long_call) as weight_long_call,
           coalesce(s.long_call_seconds, d.long_call_seconds) as long_call_seconds,
           coalesce(s.weight_new_contact, d.weight_new_contact) as weight_new_contact,
           coalesce(s.weight_high_value_service, d.weight_high_value_service) as weight_high_value_service,
           coalesce(s.high_value_cents, d.high_value_cents) as high_value_cents,
           coalesce(s.weight_positive_analysis, d.weight_positive_analysis) as weight_positive_analysis
      from (values (70, 40, 20, 300, 10, 15, 10000, 15))
             as d(threshold, weight_booked, weight_long_call, long_call_seconds, weight_new_contact,
                  weight_high_value_service, high_value_cents, weight_positive_analysis)
      left join booking.lead_scoring_settings s on s.org_id = p_org_id
  ), facts as (
    select c.appointment_id is not null as booked,
           coalesce(c.duration > st.long_call_seconds, false) as long_call,
           not exists (select from booking.appointments a
                        where a.org_id = c.org_id and a.contact_id = c.contact_id
                          and a.created_at < coalesce(c.started_at, c.created_at)) as new_contact,
           coalesce((select t.value_cents >= st.high_value_cents
                       from booking.appointments a
                       join booking.service_types t
                         on t.org_id = a.org_id and t.calendar_id = a.calendar_id
                        and lower(t.service_type) = lower(a.service_type) and t.active
                      where a.org_id = c.org_id and a.id = c.appointment_id), false) as high_value_service,
           coalesce(booking.is_positive_evaluation(c.analysis -> 'successEvaluation'), false)
             as positive_analysis,
           st.*
      from booking.calls c, settings st
     where c.org_id = p_org_id and c.id = p_call_id
  )
  select least(100,
           case when booked then weight_booked else 0 end
         + case when long_call then weight_long_call else 0 end
         + case when new_contact then weight_new_contact else 0 end
         + case when high_value_service then weight_high_value_service else 0 end
         + case when positive_analysis then weight_positive_analysis else 0 end)::integer,
         jsonb_build_object('booked', booked, 'long_call', long_call, 'new_contact', new_contact,
                            'high_value_service', high_value_service, 'positive_analysis', positive_analysis),
         threshold
    from facts;
$$;

revoke execute on function booking.compute_lead_score(uuid, uuid) from public, anon, authenticated, service_role;
comment on function booking.compute_lead_score(uuid, uuid) is
  'Lead score 0-100 of a call = min(100, sum of weights of true signals): booked during the call (default 40), call longer than long_call_seconds (20, 300 s), new contact (10), booked service value >= high_value_cents (15, 10000), analysis.successEvaluation positive by its rubric (booking.is_positive_evaluation: pass/fail, 1-10 >= 7, percentage >= 70, Excellent/Good, Strongly Agree/Agree, every checklist item) (15). Per-organization weights and threshold (default 70) in booking.lead_scoring_settings.';
