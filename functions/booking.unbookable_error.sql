-- The business error for a start booking.unbookable_reason refuses: the
-- one mapping of a reason to its answer, for every function that books or
-- moves to a start (book_appointment_atomic, claim_slot_atomic,
-- reschedule_appointment_as).
create or replace function booking.unbookable_error(p_reason text)
returns json
language plpgsql
stable
set search_path = ''
as $$
begin
  return booking.json_error(p_reason, case p_reason
    when 'PAST_TIME' then 'The start is in the past'
    when 'TOO_SOON' then 'The start is inside the calendar''s minimum notice'
    when 'TOO_FAR_AHEAD' then 'The start is beyond how far ahead the calendar books'
    else 'The calendar does not offer this start time (closed or off the slot grid)' end);
end;
$$;

revoke execute on function booking.unbookable_error(text) from public, anon, authenticated, service_role;
comment on function booking.unbookable_error(text) is
  'The business error answering a booking.unbookable_reason reason.

Args: p_reason, PAST_TIME, TOO_SOON, TOO_FAR_AHEAD or OUTSIDE_HOURS. Answer: {"success": false, "error": p_reason, "message", "created_at"} (booking.json_error). Codes: the reason itself.';
