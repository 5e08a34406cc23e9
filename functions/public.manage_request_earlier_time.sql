-- Manage link (anon; the token is the credential): "tell me if an earlier
-- time opens" for the token's appointment. The contract is the COMMENT at
-- the end of this file.
create or replace function public.manage_request_earlier_time(p_token text, p_wanted boolean)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org_id uuid;
  v_appointment booking.appointments;
  v_answer json;
  v_entry_id uuid;
begin
  -- The token is the credential: no row, nothing revealed.
  select a.* into v_appointment
    from booking.manage_token_appointment(p_token) t
    join booking.appointments a on a.org_id = t.org_id and a.id = t.appointment_id;
  v_org_id := v_appointment.org_id;
  if v_org_id is null then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;
  if p_wanted is null then
    return booking.json_error('INVALID_INPUT', 'Say whether an earlier time is wanted');
  end if;
  if p_wanted then
    if not (booking.waitlist_config(v_org_id)).enabled then
      return booking.json_error('WAITLIST_DISABLED', 'The clinic does not keep a waitlist');
    end if;
    if booking.change_refusal(v_appointment, 'reschedule', 'patient_link') is not null then
      return booking.json_error('CANNOT_MOVE', 'This appointment can no longer be moved online');
    end if;
    v_answer := booking.waitlist_join(v_org_id, null, null, null, null, null, null, null, null, null,
                                      v_appointment.id, 'patient_link');
    if not (v_answer ->> 'success')::boolean then
      return v_answer;
    end if;
  else
    begin
      for v_entry_id in
        select e.id from booking.waitlist_entries e
         where e.org_id = v_org_id and e.appointment_id = v_appointment.id and e.status = 'open'
      loop
        perform booking.waitlist_leave(v_org_id, v_entry_id);
      end loop;
    exception
      when lock_not_available then
        return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry');
    end;
  end if;
  return json_build_object('success', true, 'earlier_time_requested', p_wanted);
end;
$$;

revoke execute on function public.manage_request_earlier_time(text, boolean) from public, anon, authenticated, service_role;
grant execute on function public.manage_request_earlier_time(text, boolean) to anon, authenticated, service_role;
comment on function public.manage_request_earlier_time(text, boolean) is
'Manage link (anon; the token is the credential): the patient asks to be told when an earlier time opens for this appointment, or stops asking.

Arguments: p_token (from <PUBLIC_BASE_URL>/a/<token>); p_wanted (true: join the waitlist for an earlier time: the appointment''s service and calendar, from today to its day; taking an offer moves this appointment, it is never duplicated; false: leave it).
Answer: {"success": true, "earlier_time_requested"}; asking twice keeps one entry. The manage answer (public.manage_appointment) says "earlier_time_requested" and "earlier_time_offerable".
Errors: APPOINTMENT_NOT_FOUND (a wrong, unknown, malformed or expired token), INVALID_INPUT (p_wanted NULL), WAITLIST_DISABLED, CANNOT_MOVE (the patient can no longer reschedule it: cancelled, past, inside the notice, or out of reschedules), and booking.waitlist_join''s codes (APPOINTMENT_NOT_FOUND for an appointment no longer upcoming, TOO_MANY_WAITLIST_ENTRIES); BUSY_RETRY.';
