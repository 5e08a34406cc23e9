-- The open waitlist entries a freed slot can be offered to now, best first,
-- each with the start it would book: the first start inside the slot's
-- interval [starts_at, ends_at) (the whole visit within it) that the
-- calendar offers patients for the entry's length (booking.offered_slots:
-- hours, grid, notice, horizon), that is free
-- (booking.slot_is_free) and that starts no sooner than the offer window
-- (offer_minutes from now, so the offer can run its course), and that fits
-- the entry:
--   calendar  the slot's, or any (NULL) when the calendar offers the service
--   length    the service's on the slot's calendar (booking.service_duration);
--             an entry moving an appointment: the appointment's, on its own
--             calendar, and only a start before the appointment's
--   window    the start's clinic-local date within [earliest, latest], its
--             ISO weekday among weekdays, its local time of day within
--             [day_start, day_end) (each when set)
--   patient   no other active appointment overlapping, not yet offered
--             this slot
-- Ranked by window fit, then first come: the entry whose window closes
-- soonest (latest) first, since it has the fewest other chances; then the
-- earliest to join. Whether the number may be texted (opt-out, destination
-- rules, per-recipient limits) is the caller's, booking.waitlist_send_batch,
-- for the first few only: it stops at a batch.
create or replace function booking.waitlist_candidates(p_org_id uuid, p_slot_id uuid)
returns table (
  entry_id uuid,
  contact_id uuid,
  phone text,
  service_type text,
  appointment_id uuid,
  starts_at timestamptz,
  duration_minutes integer
)
language sql
stable
set search_path = ''
as $$
  with slot as (
    select s.*, o.timezone, (s.starts_at at time zone o.timezone)::date as local_date,
           now() + make_interval(mins => (booking.waitlist_config(s.org_id)).offer_minutes) as not_before
      from booking.waitlist_slots s
      join booking.organizations o on o.org_id = s.org_id
     where s.org_id = p_org_id and s.id = p_slot_id and s.status = 'offering'
  ),
  entries as (
    select e.id, e.contact_id, c.phone, e.service_type, e.appointment_id, e.earliest, e.latest,
           e.weekdays, e.day_start, e.day_end, e.created_at, a.scheduled_at as appointment_at,
           case when e.appointment_id is not null then a.duration_minutes
                else booking.service_duration(p_org_id, slot.calendar_id, e.service_type) end as duration
      from slot
      join booking.waitlist_entries e
        on e.org_id = p_org_id and e.status = 'open'
       and (e.calendar_id is null or e.calendar_id = slot.calendar_id)
       and e.latest >= slot.local_date and e.earliest <= (slot.ends_at at time zone slot.timezone)::date
      join booking.contacts c on c.org_id = e.org_id and c.id = e.contact_id
      left join booking.appointments a on a.org_id = e.org_id and a.id = e.appointment_id
     where (e.appointment_id is null
            or (a.calendar_id = slot.calendar_id and a.status in ('scheduled', 'confirmed')
                and a.scheduled_at > slot.starts_at))
       and not exists (select from booking.waitlist_offers w
                        where w.org_id = p_org_id and w.slot_id = p_slot_id and w.entry_id = e.id)
  ),
  lengths as (
    select distinct en.duration from entries en where en.duration is not null
  ),
  -- Computed once, not once per entry (a CTE used once would be inlined).
  -- A freed interval of exactly the length (a cancelled appointment, for
  -- the same service) has one start to check, not a day to list.
  starts as materialized (
    select l.duration, o.starts_at, o.local_start
      from slot
      cross join lengths l
      cross join lateral booking.offered_slots(
        p_org_id, slot.calendar_id, slot.local_date, l.duration,
        case when slot.ends_at - slot.starts_at = make_interval(mins => l.duration) then slot.starts_at end) o
     where o.starts_at >= slot.starts_at
       and o.starts_at + make_interval(mins => l.duration) <= slot.ends_at
       and o.starts_at >= slot.not_before
       and booking.slot_is_free(p_org_id, slot.calendar_id, o.starts_at,
                                o.starts_at + make_interval(mins => l.duration))
  )
  select en.id, en.contact_id, en.phone, en.service_type, en.appointment_id, st.starts_at, en.duration
    from entries en
    cross join lateral (
      select s.starts_at
        from starts s
       where s.duration = en.duration
         and s.local_start::date between en.earliest and en.latest
         and (en.weekdays is null or extract(isodow from s.local_start)::integer = any (en.weekdays))
         and (en.day_start is null or (s.local_start::time >= en.day_start and s.local_start::time < en.day_end))
         and (en.appointment_at is null or s.starts_at < en.appointment_at)
         and not exists (
           select from booking.appointments x
            where x.org_id = p_org_id and x.contact_id = en.contact_id and x.status in ('scheduled', 'confirmed')
              and x.id is distinct from en.appointment_id
              and tstzrange(x.scheduled_at, x.ends_at, '[)')
                  && tstzrange(s.starts_at, s.starts_at + make_interval(mins => en.duration), '[)'))
       order by s.starts_at
       limit 1) st
   order by en.latest, en.created_at, en.id;
$$;

revoke execute on function booking.waitlist_candidates(uuid, uuid) from public, anon, authenticated, service_role;
comment on function booking.waitlist_candidates(uuid, uuid) is
  'The open waitlist entries a slot being offered fits now, ranked by window fit (latest date first) then first come, each with the start and length an offer would book: a start the calendar offers patients with the visit inside the freed interval, free, no sooner than the offer window, within the entry''s dates, weekdays and time of day (and before its appointment, for an earlier time). Whether the number may be texted is the caller''s.';
