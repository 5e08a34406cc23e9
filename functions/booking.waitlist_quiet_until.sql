-- When quiet hours are on at p_at in the clinic's zone, the instant they
-- end (the next quiet_end on the clinic's clock); NULL when offers may be
-- sent at p_at. Quiet hours run from quiet_start to quiet_end, across
-- midnight when quiet_start is later (the default 20:00-08:00); equal
-- times mean none. A quiet_end that does not exist on a spring-forward day
-- is read as PostgreSQL reads local times (shifted by the gap).
create or replace function booking.waitlist_quiet_until(
  p_org_id uuid,
  p_settings booking.waitlist_settings,
  p_at timestamptz
) returns timestamptz
language plpgsql
stable
set search_path = ''
as $$
declare
  v_zone text;
  v_local timestamp;
  v_time time;
  v_quiet boolean;
begin
  if p_settings.quiet_start = p_settings.quiet_end then
    return null;
  end if;
  select o.timezone into v_zone from booking.organizations o where o.org_id = p_org_id;
  v_local := p_at at time zone v_zone;
  v_time := v_local::time;
  v_quiet := case when p_settings.quiet_start < p_settings.quiet_end
                  then v_time >= p_settings.quiet_start and v_time < p_settings.quiet_end
                  else v_time >= p_settings.quiet_start or v_time < p_settings.quiet_end end;
  if not v_quiet then
    return null;
  end if;
  return ((v_local::date + case when v_time >= p_settings.quiet_end then 1 else 0 end)
          + p_settings.quiet_end) at time zone v_zone;
end;
$$;

revoke execute on function booking.waitlist_quiet_until(uuid, booking.waitlist_settings, timestamptz) from public, anon, authenticated, service_role;
comment on function booking.waitlist_quiet_until(uuid, booking.waitlist_settings, timestamptz) is
  'The instant the clinic''s waitlist quiet hours end when p_at falls inside them (clinic zone; across midnight when quiet_start > quiet_end; equal times: never quiet); NULL when offers may be sent at p_at.';
