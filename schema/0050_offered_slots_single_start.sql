-- booking.offered_slots takes an optional fifth argument, p_only_start, so
-- booking.unbookable_reason decides one start without listing the whole
-- day (a 24-hour calendar on a one-minute grid is 1441 candidates); the
-- function file functions/booking.offered_slots.sql creates the new
-- signature, this migration drops the old one.
-- depends: 0015_voice_agents

set local lock_timeout = '5s';
set local statement_timeout = '60s';

-- An internal function of the private schema, called only by this package's
-- own functions, replaced in the same release (STYLE rule 4): no client
-- can break, which is what ban-drop-function guards against.
-- squawk-ignore ban-drop-function
drop function if exists booking.offered_slots(uuid, text, date, integer);
