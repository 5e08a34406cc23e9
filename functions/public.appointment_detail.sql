-- The front desk's appointment page: one appointment with what staff may
-- do now (the rules the actions enforce: booking.change_refusal for
-- cancel/reschedule/confirm, booking.attendance_refusal for check-in and
-- outcomes), its history with who did it (the member's email when the
-- account is this service's), the SMS sent for it with their delivery
-- status, and its reminders; every time on the clinic's clock
-- (booking.format_local_time). The contract is the COMMENT at the end of
-- this file.
create or replace function public.appointment_detail(p_org_id uuid, p_appointment_id uuid)
returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_org booking.organizations;
  v_a booking.appointments;
begin
  perform booking.assert_org_access(p_org_id);
  select * into v_a from booking.appointments where org_id = p_org_id and id = p_appointment_id;
  if not found then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;
  select * into v_org from booking.organizations where org_id = p_org_id;
  return json_build_object(
    'success', true,
    'appointment', (
      select json_build_object(
        'appointment_id', v_a.id,
        'contact_id', v_a.contact_id,
        'patient_name', ct.name,
        'patient_phone', ct.phone,
        'service_name', booking.service_display_name(p_org_id, v_a.calendar_id, v_a.service_type),
        'calendar_id', v_a.calendar_id,
        'calendar_name', c.name,
        'timezone', v_org.timezone,
        'timezone_name', booking.timezone_display_name(v_org.timezone),
        'local_date', (v_a.scheduled_at at time zone v_org.timezone)::date,
        'local_text', booking.format_local_time(p_org_id, v_a.scheduled_at),
        'duration_minutes', v_a.duration_minutes,
        'status', v_a.status,
        'arrived', v_a.checked_in_at is not null,
        'patient_confirmed_local', booking.format_local_time(p_org_id, v_a.patient_confirmed_at),
        'booked_local', booking.format_local_time(p_org_id, v_a.created_at),
        'booked_by_staff', v_a.booked_by_staff,
        'cancelled_by', v_a.cancelled_by,
        'cancellation_reason', v_a.cancellation_reason,
        'can_confirm', v_a.patient_confirmed_at is null and booking.change_refusal(v_a, 'confirm', 'staff') is null,
        'can_cancel', booking.change_refusal(v_a, 'cancel', 'staff') is null,
        'can_reschedule', booking.change_refusal(v_a, 'reschedule', 'staff') is null,
        'can_check_in', v_a.checked_in_at is null and booking.attendance_refusal(v_a, 'arrived', v_org.timezone) is null,
        'can_complete', v_a.status <> 'completed' and booking.attendance_refusal(v_a, 'completed', v_org.timezone) is null,
        'can_no_show', v_a.status <> 'no_show' and booking.attendance_refusal(v_a, 'no_show', v_org.timezone) is null,
        'can_clear', (v_a.checked_in_at is not null or v_a.status in ('completed', 'no_show'))
                     and booking.attendance_refusal(v_a, 'expected', v_org.timezone) is null)
        from booking.contacts ct, booking.calendars c
       where ct.org_id = p_org_id and ct.id = v_a.contact_id
         and c.org_id = p_org_id and c.calendar_id = v_a.calendar_id),
    'history', coalesce((
      select json_agg(json_build_object(
               'action', h.action,
               'actor', h.actor,
               'member_email', sa.email,
               'local_text', booking.format_local_time(p_org_id, h.occurred_at),
               'from_status', h.from_status,
               'to_status', h.to_status,
               'from_local_text', booking.format_local_time(p_org_id, h.from_scheduled_at),
               'to_local_text', booking.format_local_time(p_org_id, h.to_scheduled_at),
               'reason', h.reason,
               'late', h.late,
               'patient_notified', h.patient_notified) order by h.occurred_at, h.id)
        from booking.appointment_history h
        left join booking.staff_accounts sa on sa.account_id = h.actor_account_id
       where h.org_id = p_org_id and h.appointment_id = p_appointment_id), '[]'::json),
    'messages', coalesce((
      select json_agg(json_build_object(
               'kind', m.kind,
               'status', m.status,
               'local_text', booking.format_local_time(p_org_id, m.created_at),
               'delivered_local', booking.format_local_time(p_org_id, m.delivered_at),
               'error_code', m.error_code) order by m.created_at, m.id)
        from booking.sms_outbox m
       where m.org_id = p_org_id and m.appointment_id = p_appointment_id and m.kind <> 'reminder'), '[]'::json),
    'reminders', coalesce((
      select json_agg(json_build_object(
               'status', m.status,
               'offset_minutes', m.reminder_offset_minutes,
               'due_local', booking.format_local_time(p_org_id, m.next_attempt_at),
               'sent_local', booking.format_local_time(p_org_id, coalesce(m.delivered_at, m.sent_at)),
               'for_current_start', m.appointment_scheduled_at = v_a.scheduled_at) order by m.created_at, m.id)
        from booking.sms_outbox m
       where m.org_id = p_org_id and m.appointment_id = p_appointment_id and m.kind = 'reminder'), '[]'::json),
    -- The patient's own texts to the clinic (the newest 10, newest first);
    -- the whole conversation is public.sms_thread of the newest one.
    'patient_texts', coalesce((
      select json_agg(json_build_object(
               'text_id', t.id,
               'body', t.body,
               'local_text', booking.format_local_time(p_org_id, t.received_at),
               'unread', t.read_at is null) order by t.received_at desc, t.id)
        from (select t.* from booking.inbound_sms_texts t
                join booking.contacts ct on ct.org_id = t.org_id and ct.phone = t.sender
               where t.org_id = p_org_id and ct.id = v_a.contact_id
               order by t.received_at desc limit 10) t), '[]'::json));
end;
$$;

revoke execute on function public.appointment_detail(uuid, uuid) from public, anon, authenticated, service_role;
grant execute on function public.appointment_detail(uuid, uuid) to authenticated, service_role;
comment on function public.appointment_detail(uuid, uuid) is
'Staff: one appointment, its history, its SMS and reminders, on the clinic''s clock (the front desk''s appointment page).

Arguments: p_org_id; p_appointment_id.
Answer: {"success": true, "appointment": {"appointment_id", "contact_id", "patient_name", "patient_phone", "service_name", "calendar_id", "calendar_name", "timezone", "timezone_name", "local_date", "local_text", "duration_minutes", "status", "arrived", "patient_confirmed_local", "booked_local", "booked_by_staff", "cancelled_by", "cancellation_reason", "can_confirm", "can_cancel", "can_reschedule", "can_check_in", "can_complete", "can_no_show", "can_clear"}, "history": [{"action", "actor", "member_email" (a staff change by an account of this service; NULL otherwise), "local_text", "from_status", "to_status", "from_local_text", "to_local_text", "reason", "late", "patient_notified"}], "messages": [{"kind", "status", "local_text", "delivered_local", "error_code"}] (every SMS for the appointment but reminders, oldest first), "reminders": [{"status", "offset_minutes", "due_local", "sent_local", "for_current_start"}], "patient_texts": [{"text_id", "body", "local_text", "unread"}] (the patient''s own texts to the clinic, the newest 10 first; public.sms_thread of the first is the whole conversation)}. The can_* flags are the rules the actions enforce (public.confirm_appointment_for_patient, cancel_appointment, reschedule_appointment, set_appointment_attendance).
Errors: APPOINTMENT_NOT_FOUND (also for another organization''s appointment). Raises 42501 when an authenticated caller asks for another organization.';
