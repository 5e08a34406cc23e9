-- The contract is the COMMENT at the end of this file.
-- Members may also read booking.appointment_history directly (RLS: their
-- own organization's rows).
create or replace function public.appointment_history(p_org_id uuid, p_appointment_id uuid)
returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform booking.assert_org_access(p_org_id);
  if not exists (select from booking.appointments where org_id = p_org_id and id = p_appointment_id) then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;
  return json_build_object(
    'success', true,
    'appointment_id', p_appointment_id,
    'history', coalesce((
      select json_agg(json_build_object(
               'action', h.action,
               'actor', h.actor,
               'occurred_at', booking.to_iso8601_utc(h.occurred_at),
               'from_status', h.from_status,
               'to_status', h.to_status,
               'from_scheduled_at', booking.to_iso8601_utc(h.from_scheduled_at),
               'to_scheduled_at', booking.to_iso8601_utc(h.to_scheduled_at),
               'reason', h.reason,
               'late', h.late,
               'patient_notified', h.patient_notified) order by h.occurred_at, h.id)
        from booking.appointment_history h
       where h.org_id = p_org_id and h.appointment_id = p_appointment_id), '[]'::json));
end;
$$;

revoke execute on function public.appointment_history(uuid, uuid) from public, anon, authenticated, service_role;
grant execute on function public.appointment_history(uuid, uuid) to authenticated, service_role;
comment on function public.appointment_history(uuid, uuid) is
'One appointment''s changes after its booking, oldest first.

Arguments: p_org_id; p_appointment_id.
Answer: {"success": true, "appointment_id", "history": [{"action", "actor", "occurred_at", "from_status", "to_status", "from_scheduled_at", "to_scheduled_at", "reason", "late", "patient_notified"}]}; late marks a staff change inside the patient notice; patient_notified, for a cancellation, whether the patient was texted about it (false: staff chose not to).
Errors: APPOINTMENT_NOT_FOUND (also for another organization''s appointment). Raises 42501 when an authenticated caller asks for another organization.';
