-- The clock a clinic's patients read: the clinic's own choice (12h or 24h)
-- or, when it has none, its phone region's custom: 12-hour (2:30 PM) in
-- the regions whose everyday clock is the 12-hour one (CLDR's preferred
-- hour cycle "h": the United States and its territories, Canada, Australia,
-- New Zealand, India, Pakistan, Bangladesh, the Philippines, Malaysia,
-- Egypt, Saudi Arabia, Jordan, South Korea, Taiwan), 24-hour (14:30)
-- elsewhere.
create or replace function booking.effective_time_format(p_time_format text, p_phone_region text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select coalesce(p_time_format,
                  case when p_phone_region in ('US', 'PR', 'GU', 'VI', 'AS', 'MP', 'UM', 'CA', 'AU', 'NZ',
                                               'IN', 'PK', 'BD', 'PH', 'MY', 'EG', 'SA', 'JO', 'KR', 'TW')
                       then '12h' else '24h' end);
$$;

revoke execute on function booking.effective_time_format(text, text) from public, anon, authenticated, service_role;
-- The staff's reads that run as the member (public.dashboard_overview,
-- calendar_day_view, patient_details) give the clinic's clock with their times.
grant execute on function booking.effective_time_format(text, text) to authenticated, service_role;
comment on function booking.effective_time_format(text, text) is
  'The clock patients read: p_time_format (12h or 24h) or, when NULL, 12h in the US, Canada and the other 12-hour regions, 24h elsewhere.';
