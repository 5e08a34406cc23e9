-- Whether an organization's patient SMS (one-time codes, confirmations,
-- reminders) may go to a number: NULL when it may, else the business
-- error PHONE_NOT_ALLOWED (JSON). The guard against SMS pumping (toll
-- fraud), applied where a number is taken, so that nothing is held or
-- queued for a refused number.
--
--   p_phone  an E.164 number (booking.normalize_phone's result)
-- Refused:
--   - a calling code the organization does not allow (booking.sms_limits;
--     default: the calling code of its phone region);
--   - a non-geographic calling code whatever the settings (+800, +808,
--     +870, +878, +881, +882, +883, +888, +979: satellite phones,
--     international networks, global premium and shared-cost services);
--   - a premium-rate or shared-cost number of its region
--     (booking.is_costly_phone_number, from phonenumbers' metadata).
-- The clinic's own hot-lead alert number is not a patient number and is
-- never checked here.
create or replace function booking.sms_destination_refusal(p_org_id uuid, p_phone text)
returns json
language plpgsql
stable
set search_path = ''
as $$
declare
  v_calling booking.phone_calling_codes%rowtype;
  v_allowed integer[];
begin
  if p_phone is null or p_phone !~ '^\+[1-9][0-9]{1,14}$' then
    return booking.json_error('PHONE_NOT_ALLOWED', 'The clinic does not send SMS to this number');
  end if;
  -- Calling codes are prefix-free: at most one of these exists.
  select * into v_calling from booking.phone_calling_codes
   where calling_code in (substr(p_phone, 2, 1)::integer, substr(p_phone, 2, 2)::integer,
                          substr(p_phone, 2, 3)::integer);
  select coalesce(l.allowed_calling_codes, array[r.calling_code]) into v_allowed
    from booking.organizations o
    left join booking.sms_limits l on l.org_id = o.org_id
    left join booking.phone_regions r on r.region = o.phone_region
   where o.org_id = p_org_id;
  if v_calling.calling_code is null or v_calling.main_region is null
     or not (v_calling.calling_code = any (coalesce(v_allowed, '{}'))) then
    return booking.json_error('PHONE_NOT_ALLOWED', 'The clinic does not send SMS to this country');
  end if;
  if booking.is_costly_phone_number(p_phone) then
    return booking.json_error('PHONE_NOT_ALLOWED',
      'The clinic does not send SMS to premium-rate or shared-cost numbers');
  end if;
  return null;
end;
$$;

revoke execute on function booking.sms_destination_refusal(uuid, text) from public, anon, authenticated, service_role;
comment on function booking.sms_destination_refusal(uuid, text) is
  'NULL when the organization''s patient SMS may go to this E.164 number, else the PHONE_NOT_ALLOWED error: a calling code it does not allow (default: its phone region''s), a non-geographic code (+881, +882, +883, +870...), a premium-rate or shared-cost number.';
