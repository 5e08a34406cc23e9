-- A clinic's waitlist settings as the API answers them.
create or replace function booking.waitlist_settings_json(p_settings booking.waitlist_settings)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object(
    'enabled', p_settings.enabled,
    'batch_size', p_settings.batch_size,
    'offer_minutes', p_settings.offer_minutes,
    'quiet_start', to_char(p_settings.quiet_start, 'HH24:MI'),
    'quiet_end', to_char(p_settings.quiet_end, 'HH24:MI'));
$$;

revoke execute on function booking.waitlist_settings_json(booking.waitlist_settings) from public, anon, authenticated, service_role;
comment on function booking.waitlist_settings_json(booking.waitlist_settings) is
  'Waitlist settings as JSON: enabled, batch_size, offer_minutes, quiet_start and quiet_end ("HH:MM").';
