-- An instant as a clinic's patients read it: in the clinic's IANA time zone
-- with the abbreviation in force on that date (DST-correct), on the clinic's
-- clock (booking.effective_time_format): 'Monday, March 9, 2026 at 2:30 PM
-- EDT' (12h) or 'Monday, March 9, 2026 at 14:30 CET' (24h); with p_time_only
-- the clock alone, '2:30 PM' or '14:30' (a slot's label). Every text SQL
-- renders for patients (SMS, the manage page, the voice agent's read-back)
-- says its times with this. English names whatever lc_time says. The SET
-- clause confines the TimeZone change to this function.
create or replace function booking.format_local_time(p_org_id uuid, p_at timestamptz, p_time_only boolean default false)
returns text
language plpgsql
volatile
set search_path = ''
set timezone = 'UTC'
as $$
declare
  v_org booking.organizations;
  v_12h boolean;
begin
  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found or p_at is null then
    return null;
  end if;
  v_12h := booking.effective_time_format(v_org.time_format, v_org.phone_region) = '12h';
  if v_12h and not p_time_only then
    return booking.local_time_text(p_at, v_org.timezone);
  end if;
  perform set_config('TimeZone', v_org.timezone, true);
  return to_char(p_at, case when p_time_only and v_12h then 'FMHH12:MI AM'
                            when p_time_only then 'HH24:MI'
                            else 'FMDay, FMMonth FMDD, YYYY "at" HH24:MI TZ' end);
end;
$$;

revoke execute on function booking.format_local_time(uuid, timestamptz, boolean) from public, anon, authenticated, service_role;
comment on function booking.format_local_time(uuid, timestamptz, boolean) is
  'Instant as the clinic''s patients read it: its zone, that date''s abbreviation, its clock (''Monday, March 9, 2026 at 2:30 PM EDT'' or ''... at 14:30 CET''; p_time_only: ''2:30 PM'' or ''14:30'').';
