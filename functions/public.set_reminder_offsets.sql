-- Settings (an owner or admin of the organization, or service_role): when an organization's reminder SMS are due.
-- The contract is the COMMENT at the end of this file.
-- Offsets are elapsed time: a reminder 1440 minutes before a 09:00
-- appointment the day after a DST change is sent exactly 24 hours before,
-- at 08:00 or 10:00 local time of the previous day. Reminders already
-- queued stay.
create or replace function public.set_reminder_offsets(p_org_id uuid, p_offsets_minutes integer[])
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_offsets integer[];
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  if not exists (select from booking.organizations where org_id = p_org_id) then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if p_offsets_minutes is null or array_position(p_offsets_minutes, null) is not null
     or coalesce(array_ndims(p_offsets_minutes), 1) <> 1
     or cardinality(p_offsets_minutes) <> (select count(distinct o) from unnest(p_offsets_minutes) o) then
    return booking.json_error('INVALID_SETTINGS', 'Offsets are distinct whole minutes, at most 5, each 1 to 43200');
  end if;
  select coalesce(array_agg(o order by o desc), '{}') into v_offsets from unnest(p_offsets_minutes) o;
  update booking.organizations set reminder_offsets_minutes = v_offsets where org_id = p_org_id;
  return json_build_object('success', true, 'reminder_offsets_minutes', v_offsets);
exception
  when check_violation then
    return booking.json_error('INVALID_SETTINGS', 'Offsets are distinct whole minutes, at most 5, each 1 to 43200');
end;
$$;

revoke execute on function public.set_reminder_offsets(uuid, integer[]) from public, anon, authenticated, service_role;
grant execute on function public.set_reminder_offsets(uuid, integer[]) to authenticated, service_role;
comment on function public.set_reminder_offsets(uuid, integer[]) is
'Settings (an owner or admin of the organization, or service_role): when an organization''s reminder SMS are due.

Arguments: p_org_id; p_offsets_minutes (minutes before the start, elapsed time, e.g. {1440, 120}; default {1440}; {} for none; at most 5 distinct offsets of 1-43200).
Answer: {"success": true, "reminder_offsets_minutes"}; applies to appointments booked or rescheduled afterwards.
Errors: INVALID_ORGANIZATION, INVALID_SETTINGS. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';
