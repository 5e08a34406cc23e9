-- How many times a patient may reschedule one appointment.
create or replace function booking.patient_reschedule_limit()
returns integer
language sql
immutable
set search_path = ''
as $$
  select 3;
$$;

revoke execute on function booking.patient_reschedule_limit() from public, anon, authenticated, service_role;
comment on function booking.patient_reschedule_limit() is 'Reschedules a patient may make per appointment: 3 (RESCHEDULE_LIMIT after).';
