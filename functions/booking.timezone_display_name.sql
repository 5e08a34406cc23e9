-- A time zone as people say it ("Eastern Time") for the common zones of
-- clinics (North America, Europe, Australia and New Zealand, a few of Asia),
-- else the IANA id itself (e.g. "America/Bogota"). Pages show it next to
-- the id where the id matters.
create or replace function booking.timezone_display_name(p_timezone text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select coalesce(
    (select n.name from (values
      ('America/New_York', 'Eastern Time'), ('America/Detroit', 'Eastern Time'),
      ('America/Toronto', 'Eastern Time'), ('America/Indiana/Indianapolis', 'Eastern Time'),
      ('America/Kentucky/Louisville', 'Eastern Time'), ('US/Eastern', 'Eastern Time'),
      ('America/Chicago', 'Central Time'), ('America/Winnipeg', 'Central Time'),
      ('US/Central', 'Central Time'), ('America/Mexico_City', 'Central Time'),
      ('America/Denver', 'Mountain Time'), ('America/Edmonton', 'Mountain Time'),
      ('America/Boise', 'Mountain Time'), ('US/Mountain', 'Mountain Time'),
      ('America/Phoenix', 'Mountain Time (Arizona)'), ('US/Arizona', 'Mountain Time (Arizona)'),
      ('America/Los_Angeles', 'Pacific Time'), ('America/Vancouver', 'Pacific Time'),
      ('US/Pacific', 'Pacific Time'),
      ('America/Anchorage', 'Alaska Time'), ('US/Alaska', 'Alaska Time'),
      ('Pacific/Honolulu', 'Hawaii Time'), ('US/Hawaii', 'Hawaii Time'),
      ('America/Halifax', 'Atlantic Time'), ('America/Puerto_Rico', 'Atlantic Time'),
      ('America/St_Johns', 'Newfoundland Time'), ('America/Regina', 'Central Time (Saskatchewan)'),
      ('Europe/London', 'UK Time'), ('Europe/Dublin', 'Irish Time'),
      ('Europe/Lisbon', 'Western European Time'),
      ('Europe/Paris', 'Central European Time'), ('Europe/Berlin', 'Central European Time'),
      ('Europe/Madrid', 'Central European Time'), ('Europe/Rome', 'Central European Time'),
      ('Europe/Amsterdam', 'Central European Time'), ('Europe/Brussels', 'Central European Time'),
      ('Europe/Vienna', 'Central European Time'), ('Europe/Zurich', 'Central European Time'),
      ('Europe/Stockholm', 'Central European Time'), ('Europe/Oslo', 'Central European Time'),
      ('Europe/Copenhagen', 'Central European Time'), ('Europe/Warsaw', 'Central European Time'),
      ('Europe/Prague', 'Central European Time'), ('Europe/Budapest', 'Central European Time'),
      ('Europe/Luxembourg', 'Central European Time'),
      ('Europe/Athens', 'Eastern European Time'), ('Europe/Helsinki', 'Eastern European Time'),
      ('Europe/Bucharest', 'Eastern European Time'), ('Europe/Sofia', 'Eastern European Time'),
      ('Europe/Kyiv', 'Eastern European Time'), ('Europe/Kiev', 'Eastern European Time'),
      ('Australia/Sydney', 'Australian Eastern Time'), ('Australia/Melbourne', 'Australian Eastern Time'),
      ('Australia/Brisbane', 'Australian Eastern Time'), ('Australia/Hobart', 'Australian Eastern Time'),
      ('Australia/Adelaide', 'Australian Central Time'), ('Australia/Darwin', 'Australian Central Time'),
      ('Australia/Perth', 'Australian Western Time'),
      ('Pacific/Auckland', 'New Zealand Time'),
      ('Asia/Tokyo', 'Japan Time'), ('Asia/Kolkata', 'India Time'), ('Asia/Calcutta', 'India Time'),
      ('Asia/Singapore', 'Singapore Time'), ('Asia/Hong_Kong', 'Hong Kong Time'),
      ('Asia/Dubai', 'Gulf Time'), ('UTC', 'Coordinated Universal Time'), ('Etc/UTC', 'Coordinated Universal Time')
    ) as n(tz, name) where n.tz = p_timezone),
    p_timezone);
$$;

revoke execute on function booking.timezone_display_name(text) from public, anon, authenticated, service_role;
comment on function booking.timezone_display_name(text) is
  'A time zone as people say it (America/New_York: Eastern Time) for common zones, else the IANA id.';
