-- Onboarding (service_role only): an organization's abuse limits on
-- patient SMS (booking.sms_limits). The contract is the COMMENT at the end
-- of this file. Premium-rate and shared-cost numbers stay refused in every
-- allowed country (booking.sms_destination_refusal).
create or replace function public.set_sms_limits(
  p_org_id uuid,
  p_allowed_calling_codes integer[] default null,
  p_otp_codes_per_hour integer default null,
  p_recipient_sms_per_hour integer default null,
  p_recipient_sms_per_day integer default null,
  p_auto_replies_per_hour integer default null
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_codes integer[];
  v_limits booking.sms_limits%rowtype;
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  if not exists (select from booking.organizations where org_id = p_org_id) then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if p_allowed_calling_codes is not null then
    select array_agg(distinct c order by c) into v_codes from unnest(p_allowed_calling_codes) c;
    if v_codes is null or cardinality(v_codes) > 50
       or array_position(p_allowed_calling_codes, null) is not null
       or exists (select from unnest(v_codes) c
                   where not exists (select from booking.phone_calling_codes k
                                      where k.calling_code = c and k.main_region is not null)) then
      return booking.json_error('INVALID_CALLING_CODES',
        'Give 1 to 50 country calling codes of regions (e.g. {1} or {44, 353})');
    end if;
  end if;
  if p_otp_codes_per_hour is not null and p_otp_codes_per_hour not between 0 and 100000 then
    return booking.json_error('INVALID_OTP_CODES_PER_HOUR', 'Give 0 to 100000 codes per hour');
  end if;
  if p_recipient_sms_per_hour is not null and p_recipient_sms_per_hour not between 1 and 1000 then
    return booking.json_error('INVALID_RECIPIENT_SMS_PER_HOUR', 'Give 1 to 1000 messages per number an hour');
  end if;
  if p_recipient_sms_per_day is not null and p_recipient_sms_per_day not between 1 and 10000 then
    return booking.json_error('INVALID_RECIPIENT_SMS_PER_DAY', 'Give 1 to 10000 messages per number a day');
  end if;
  if p_auto_replies_per_hour is not null and p_auto_replies_per_hour not between 0 and 1000 then
    return booking.json_error('INVALID_AUTO_REPLIES_PER_HOUR', 'Give 0 to 1000 automatic replies per number an hour');
  end if;

  insert into booking.sms_limits as l (org_id, allowed_calling_codes, otp_codes_per_hour,
                                       recipient_sms_per_hour, recipient_sms_per_day, auto_replies_per_hour)
  values (p_org_id, v_codes, coalesce(p_otp_codes_per_hour, 60), coalesce(p_recipient_sms_per_hour, 6),
          coalesce(p_recipient_sms_per_day, 15), coalesce(p_auto_replies_per_hour, 4))
  on conflict (org_id) do update
     set allowed_calling_codes = coalesce(v_codes, l.allowed_calling_codes),
         otp_codes_per_hour = coalesce(p_otp_codes_per_hour, l.otp_codes_per_hour),
         recipient_sms_per_hour = coalesce(p_recipient_sms_per_hour, l.recipient_sms_per_hour),
         recipient_sms_per_day = coalesce(p_recipient_sms_per_day, l.recipient_sms_per_day),
         auto_replies_per_hour = coalesce(p_auto_replies_per_hour, l.auto_replies_per_hour),
         updated_at = now()
  returning * into v_limits;

  return json_build_object('success', true, 'org_id', p_org_id,
    'allowed_calling_codes', coalesce(v_limits.allowed_calling_codes,
      array[(select r.calling_code from booking.organizations o
               join booking.phone_regions r on r.region = o.phone_region
              where o.org_id = p_org_id)]),
    'otp_codes_per_hour', v_limits.otp_codes_per_hour,
    'recipient_sms_per_hour', v_limits.recipient_sms_per_hour,
    'recipient_sms_per_day', v_limits.recipient_sms_per_day,
    'auto_replies_per_hour', v_limits.auto_replies_per_hour);
end;
$$;

revoke execute on function public.set_sms_limits(uuid, integer[], integer, integer, integer, integer) from public, anon, authenticated, service_role;
grant execute on function public.set_sms_limits(uuid, integer[], integer, integer, integer, integer) to authenticated, service_role;
comment on function public.set_sms_limits(uuid, integer[], integer, integer, integer, integer) is
'Settings (an owner or admin of the organization, or service_role): sets an organization''s abuse limits on patient SMS.

Arguments: p_org_id; p_allowed_calling_codes (1 to 50 country calling codes patient SMS may go to, e.g. {1} or {44, 353}; NULL keeps the setting, default the phone region''s code; non-geographic codes refused); p_otp_codes_per_hour (0-100000; NULL keeps the setting, default 60); p_recipient_sms_per_hour (1-1000, default 6) and p_recipient_sms_per_day (1-10000, default 15): patient SMS one number may receive from the clinic in any hour / day, beyond which a message is recorded suppressed (RECIPIENT_RATE_LIMITED) and an sms.rate_limited event raised (one-time codes and hot-lead alerts not counted); p_auto_replies_per_hour (0-1000, default 4): automatic replies to one sender in any hour; NULL keeps each setting. Premium-rate and shared-cost numbers are refused in every country whatever is set.
Answer: {"success": true, "org_id", "allowed_calling_codes", "otp_codes_per_hour", "recipient_sms_per_hour", "recipient_sms_per_day", "auto_replies_per_hour"}.
Errors: INVALID_ORGANIZATION, INVALID_CALLING_CODES, INVALID_OTP_CODES_PER_HOUR, INVALID_RECIPIENT_SMS_PER_HOUR, INVALID_RECIPIENT_SMS_PER_DAY, INVALID_AUTO_REPLIES_PER_HOUR. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';
