-- A clinic's waitlist settings: its booking.waitlist_settings row, or the
-- defaults (off, batches of 3, offers open 15 minutes, quiet 20:00-08:00)
-- when it has none.
create or replace function booking.waitlist_config(p_org_id uuid)
returns booking.waitlist_settings
language sql
stable
set search_path = ''
as $$
  select coalesce(
    (select s from booking.waitlist_settings s where s.org_id = p_org_id),
    row(p_org_id, false, 3, 15, time '20:00', time '08:00', null)::booking.waitlist_settings);
$$;

revoke execute on function booking.waitlist_config(uuid) from public, anon, authenticated, service_role;
comment on function booking.waitlist_config(uuid) is
  'A clinic''s waitlist settings row, or the defaults (enabled false, batch_size 3, offer_minutes 15, quiet 20:00-08:00) without one.';
