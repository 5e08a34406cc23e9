-- The dashboard's live feed in words: the organization's newest events
-- with what a sentence needs (the patient's name through the event's
-- appointment or, for an inbound text or a waitlist event, its contact; the SMS kind and status, the actor) and their times on the
-- clinic's clock (booking.format_local_time), so the page never shows a
-- raw event name or the browser's zone. The page re-reads it after each
-- event; the event's id is the stream's (the SSE id). The contract is the
-- COMMENT at the end of this file.
create or replace function public.dashboard_feed(p_org_id uuid, p_limit integer default 50)
returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_timezone text;
begin
  perform booking.assert_org_access(p_org_id);
  select o.timezone into v_timezone from booking.organizations o where o.org_id = p_org_id;
  return json_build_object(
    'success', true,
    'timezone', v_timezone,
    'timezone_name', booking.timezone_display_name(v_timezone),
    'events', coalesce((
      select json_agg(json_build_object(
               'id', booking.event_cursor(e.txid, e.seq),
               'type', e.type,
               'local_time', booking.format_local_time(p_org_id, e.created_at, true),
               'patient_name', ct.name,
               'appointment_id', a.id,
               'scheduled_local', booking.format_local_time(p_org_id, (e.payload ->> 'scheduled_at')::timestamptz),
               'kind', e.payload ->> 'kind',
               'status', e.payload ->> 'status',
               'actor', e.payload ->> 'actor',
               'lead_name', e.payload ->> 'lead_name',
               'waitlist_offer', e.payload ? 'waitlist_offer_id') order by e.txid desc, e.seq desc)
        from (select * from booking.events ev
               where ev.org_id = p_org_id
               order by ev.txid desc, ev.seq desc
               limit least(greatest(coalesce(p_limit, 50), 1), 200)) e
        left join booking.appointments a
          on a.org_id = p_org_id and a.id = (e.payload ->> 'appointment_id')::uuid
        left join booking.waitlist_entries we
          on we.org_id = p_org_id and we.id = (e.payload ->> 'waitlist_entry_id')::uuid
        left join booking.contacts ct
          on ct.org_id = p_org_id
         and ct.id = coalesce(a.contact_id, (e.payload ->> 'contact_id')::uuid, we.contact_id)), '[]'::json));
end;
$$;

revoke execute on function public.dashboard_feed(uuid, integer) from public, anon, authenticated, service_role;
grant execute on function public.dashboard_feed(uuid, integer) to authenticated, service_role;
comment on function public.dashboard_feed(uuid, integer) is
'Staff: the newest live-feed events, with what a sentence needs, on the clinic''s clock.

Arguments: p_org_id; p_limit (1-200, default 50).
Answer: {"success": true, "timezone", "timezone_name", "events": [{"id" (the stream''s event id, ''<txid>-<seq>''), "type", "local_time" (when it happened, on the clinic''s clock: "2:30 PM" or "14:30"), "patient_name" (the event''s appointment''s patient, an inbound text''s matched patient, or a waitlist event''s patient) and "appointment_id" (the event''s appointment, if any), "scheduled_local" (its start then, in words), "kind" and "status" (an SMS''s kind and status, a hold''s or appointment''s status), "actor" (who changed an appointment), "lead_name" (a hot lead), "waitlist_offer" (a waitlist event about an offer, not an entry: waitlist.expired says which)}]}, newest first.
Errors: none. Raises 42501 when an authenticated caller asks for another organization.';
