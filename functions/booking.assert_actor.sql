-- Raises 22023 unless p_actor is one of the lifecycle actors: staff,
-- patient_phone (the voice agent), patient_sms (a reply by text) or
-- patient_link (the manage page). Internal callers pass a constant; a bad
-- one is a programming error, not a business outcome.
create or replace function booking.assert_actor(p_actor text)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_actor is null or p_actor not in ('staff', 'patient_phone', 'patient_sms', 'patient_link') then
    raise exception 'unknown actor %', p_actor
      using errcode = '22023', hint = 'staff, patient_phone, patient_sms or patient_link';
  end if;
end;
$$;

revoke execute on function booking.assert_actor(text) from public, anon, authenticated, service_role;
comment on function booking.assert_actor(text) is
  'Raises 22023 unless the actor is staff, patient_phone, patient_sms or patient_link.';
