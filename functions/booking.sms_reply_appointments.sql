-- The appointment a reply keyword (Y/C/R) from p_phone is about at an
-- organization, as an array:
--   one element  the appointment the clinic's latest message to the number
--                was about (a confirmation, reminder, reschedule notice or
--                reply naming an appointment, sent within the last 7 days)
--                when it is still upcoming; else the next upcoming one
--   several      ambiguous: messages about several upcoming appointments
--                reached the number within 15 minutes of the latest one
--                (e.g. two bookings confirmed together), latest first, at
--                most three
--   empty        no upcoming appointment
-- Messages never sent (pending, suppressed) are no context: the patient has
-- not read them.
create or replace function booking.sms_reply_appointments(p_org_id uuid, p_phone text)
returns uuid[]
language plpgsql
stable
set search_path = ''
as $$
declare
  v_latest_id uuid;
  v_latest_sent timestamptz;
  v_upcoming uuid[] := array(select a.id from booking.upcoming_appointments_of_phone(p_org_id, p_phone) a);
begin
  select o.appointment_id, o.sent_at into v_latest_id, v_latest_sent
    from booking.sms_outbox o
   where o.org_id = p_org_id and o.recipient = p_phone
     and o.kind in ('confirmation', 'reminder', 'reschedule', 'reply')
     and o.appointment_id is not null
     and o.sent_at > now() - interval '7 days'
   order by o.sent_at desc, o.created_at desc
   limit 1;
  if v_latest_id is null or not v_latest_id = any (v_upcoming) then
    return v_upcoming[1:1];
  end if;
  return array[v_latest_id] || array(
    select distinct o.appointment_id
      from booking.sms_outbox o
     where o.org_id = p_org_id and o.recipient = p_phone
       and o.kind in ('confirmation', 'reminder', 'reschedule', 'reply')
       and o.appointment_id is not null and o.appointment_id <> v_latest_id
       and o.appointment_id = any (v_upcoming)
       and o.sent_at >= v_latest_sent - interval '15 minutes'
     limit 2);
end;
$$;

revoke execute on function booking.sms_reply_appointments(uuid, text) from public, anon, authenticated, service_role;
comment on function booking.sms_reply_appointments(uuid, text) is
  'The appointment a reply keyword from a number is about: [the one the clinic''s latest message (sent within 7 days) named, when still upcoming, else the next upcoming]; several ids when messages about several upcoming appointments arrived within 15 minutes (ambiguous); empty without an upcoming appointment.';
