-- An owner or admin sets the clinic's waitlist. The contract is the COMMENT
-- at the end of this file.
create or replace function public.set_waitlist_settings(p_org_id uuid, p_settings jsonb)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_settings booking.waitlist_settings := booking.waitlist_config(p_org_id);
  v_key text;
  v_value jsonb;
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  if not exists (select from booking.organizations where org_id = p_org_id) then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if p_settings is null or jsonb_typeof(p_settings) <> 'object' then
    return booking.json_error('INVALID_SETTINGS', 'The settings must be a JSON object');
  end if;
  for v_key, v_value in select * from jsonb_each(p_settings) loop
    if v_key = 'enabled' and jsonb_typeof(v_value) = 'boolean' then
      v_settings.enabled := v_value::boolean;
    elsif v_key = 'batch_size' and jsonb_typeof(v_value) = 'number' and v_value::numeric between 1 and 50
          and v_value::numeric = trunc(v_value::numeric) then
      v_settings.batch_size := v_value::integer;
    elsif v_key = 'offer_minutes' and jsonb_typeof(v_value) = 'number' and v_value::numeric between 5 and 240
          and v_value::numeric = trunc(v_value::numeric) then
      v_settings.offer_minutes := v_value::integer;
    elsif v_key in ('quiet_start', 'quiet_end') and jsonb_typeof(v_value) = 'string'
          and v_value #>> '{}' ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' then
      if v_key = 'quiet_start' then
        v_settings.quiet_start := (v_value #>> '{}')::time;
      else
        v_settings.quiet_end := (v_value #>> '{}')::time;
      end if;
    else
      return (booking.json_error('INVALID_SETTINGS', case v_key
          when 'enabled' then 'enabled must be true or false'
          when 'batch_size' then 'batch_size must be a whole number from 1 to 50'
          when 'offer_minutes' then 'offer_minutes must be a whole number from 5 to 240'
          when 'quiet_start' then 'quiet_start must be a time HH:MM'
          when 'quiet_end' then 'quiet_end must be a time HH:MM'
          else 'Unknown setting' end)::jsonb || jsonb_build_object('field', v_key))::json;
    end if;
  end loop;

  insert into booking.waitlist_settings (org_id, enabled, batch_size, offer_minutes, quiet_start, quiet_end)
  values (p_org_id, v_settings.enabled, v_settings.batch_size, v_settings.offer_minutes,
          v_settings.quiet_start, v_settings.quiet_end)
  on conflict (org_id) do update
    set enabled = excluded.enabled, batch_size = excluded.batch_size, offer_minutes = excluded.offer_minutes,
        quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end, updated_at = now();
  return json_build_object('success', true, 'settings', booking.waitlist_settings_json(v_settings));
end;
$$;

revoke execute on function public.set_waitlist_settings(uuid, jsonb) from public, anon, authenticated, service_role;
grant execute on function public.set_waitlist_settings(uuid, jsonb) to authenticated, service_role;
comment on function public.set_waitlist_settings(uuid, jsonb) is
'Sets the clinic''s waitlist (owners and admins, service_role).

Arguments: p_org_id; p_settings, a JSON object of any of: enabled (true/false; default false: the waitlist is off until an owner or admin turns it on), batch_size (offers per batch, 1-50, default 3), offer_minutes (how long an offer stays open before the next batch goes out, 5-240, default 15), quiet_start and quiet_end ("HH:MM" on the clinic''s clock, default 20:00 and 08:00: no offer is sent between them, across midnight when quiet_start is later; equal times: no quiet hours). Keys left out keep their value.
Answer: {"success": true, "settings": {"enabled", "batch_size", "offer_minutes", "quiet_start", "quiet_end"}}. Turning the waitlist off stops new offers; offers already sent can still be claimed until they end.
Errors: INVALID_SETTINGS with "field" (an unknown key or a value out of range), INVALID_ORGANIZATION. Raises 42501 for front-desk members and non-members.';
