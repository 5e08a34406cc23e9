-- The text of a waitlist offer: "<clinic>: a <service> time opened on
-- <local date and time>. Reply Y to take it or use <link>. Offer ends at
-- <time>. Reply N to leave the waitlist." An entry moving an appointment
-- reads "an earlier <service> time ... Reply Y to move your appointment
-- on <its time> to it ...". Times on the clinic's clock.
create or replace function booking.waitlist_offer_sms_text(
  p_org_id uuid,
  p_calendar_id text,
  p_service_type text,
  p_starts_at timestamptz,
  p_expires_at timestamptz,
  p_link text,
  p_appointment_at timestamptz default null
) returns text
language sql
volatile
set search_path = ''
as $$
  select o.name || ': '
         || case when p_appointment_at is null then 'a ' else 'an earlier ' end
         || booking.service_display_name(p_org_id, p_calendar_id, p_service_type)
         || ' time opened on ' || booking.format_local_time(p_org_id, p_starts_at) || '. '
         || case when p_appointment_at is null then 'Reply Y to take it'
                 else 'Reply Y to move your appointment on ' || booking.format_local_time(p_org_id, p_appointment_at)
                      || ' to it' end
         || ' or use ' || p_link || '. Offer ends at ' || booking.format_local_time(p_org_id, p_expires_at, true)
         || '. Reply N to leave the waitlist.'
    from booking.organizations o
   where o.org_id = p_org_id;
$$;

revoke execute on function booking.waitlist_offer_sms_text(uuid, text, text, timestamptz, timestamptz, text, timestamptz) from public, anon, authenticated, service_role;
comment on function booking.waitlist_offer_sms_text(uuid, text, text, timestamptz, timestamptz, text, timestamptz) is
  'The SMS offering a freed time to a waitlisted patient (clinic, service as patients read it, local date and time, Y or the link, when the offer ends, N to leave); for an earlier time, which appointment it moves.';
