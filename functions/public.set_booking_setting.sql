-- Admin (service_role): changes a package setting, for every organization
-- (booking.settings; read through booking.package_setting). A session's
-- SET booking.<name> still overrides it where it is set. The retention
-- settings (*_retention_days) are read by public.purge_expired_data.
-- The contract is the COMMENT at the end of this file.
create or replace function public.set_booking_setting(p_name text, p_value text)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_value text := nullif(btrim(p_value), '');
  v_wait interval;
begin
  perform booking.assert_service_role();
  if p_name is null or p_name not in ('lock_timeout', 'public_base_url', 'sms_body_retention_days',
      'phone_verification_retention_days', 'inbound_sms_retention_days',
      'expired_hold_retention_days', 'waitlist_retention_days', 'manage_link_days') then
    return booking.json_error('UNKNOWN_SETTING',
      'Known settings: lock_timeout, public_base_url, sms_body_retention_days, '
      'phone_verification_retention_days, inbound_sms_retention_days, expired_hold_retention_days, '
      'waitlist_retention_days, manage_link_days');
  end if;

  if v_value is not null and p_name = 'lock_timeout' then
    begin
      v_wait := v_value::interval;
    exception when invalid_datetime_format or datetime_field_overflow or interval_field_overflow then
      v_wait := null;
    end;
    if v_wait is null or v_wait < interval '1 millisecond' or v_wait > interval '1 minute' then
      return booking.json_error('INVALID_SETTING_VALUE',
        'lock_timeout is an interval from 1 millisecond to 1 minute, e.g. 1s');
    end if;
    v_value := floor(extract(epoch from v_wait) * 1000)::bigint::text || 'ms';
  elsif v_value is not null and p_name = 'manage_link_days' then
    if v_value !~ '^[0-9]{1,4}$' or v_value::integer not between 1 and 3650 then
      return booking.json_error('INVALID_SETTING_VALUE',
        'manage_link_days is a whole number of days from 1 to 3650, e.g. 30');
    end if;
    v_value := v_value::integer::text;
  elsif v_value is not null and p_name = 'public_base_url' then
    v_value := rtrim(v_value, '/');
    if v_value !~ '^https?://[^/[:space:]]+(/[^[:space:]]*)?$' or length(v_value) > 200 then
      return booking.json_error('INVALID_SETTING_VALUE',
        'public_base_url is an http:// or https:// URL of at most 200 characters');
    end if;
  elsif v_value is not null and p_name like '%\_retention\_days' then
    if v_value !~ '^[0-9]{1,4}$' or v_value::integer not between 1 and 3650 then
      return booking.json_error('INVALID_SETTING_VALUE',
        p_name || ' is a whole number of days from 1 to 3650');
    end if;
    v_value := v_value::integer::text;
  end if;

  if v_value is null then
    delete from booking.settings where name = p_name;
  else
    insert into booking.settings (name, value) values (p_name, v_value)
    on conflict (name) do update set value = excluded.value, updated_at = now();
  end if;
  return json_build_object('success', true, 'name', p_name, 'value', v_value);
end;
$$;

revoke execute on function public.set_booking_setting(text, text) from public, anon, authenticated, service_role;
grant execute on function public.set_booking_setting(text, text) to service_role;
comment on function public.set_booking_setting(text, text) is
'Admin (service_role): sets a setting of the whole package (every organization).

Arguments: p_name (lock_timeout: the calendar-lock wait before BUSY_RETRY, an interval from 1 ms to 1 minute, default 3s, stored in ms; public_base_url: base of links in SMS, http(s), no trailing slash, default http://localhost:8000; sms_body_retention_days (default 30), phone_verification_retention_days (30), inbound_sms_retention_days (90), expired_hold_retention_days (30), waitlist_retention_days (90): how long public.purge_expired_data keeps each, whole days from 1 to 3650; manage_link_days: how long after its appointment ends a manage link still opens it, 1 to 3650 days, default 30); p_value (NULL restores the default). A session''s SET booking.<name> still overrides it.
Answer: {"success": true, "name", "value"} (value as stored: lock_timeout in milliseconds, e.g. "1000ms"; null for the default).
Errors: UNKNOWN_SETTING, INVALID_SETTING_VALUE. Raises 42501 for other callers.';
