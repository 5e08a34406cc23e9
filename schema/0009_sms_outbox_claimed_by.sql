-- sms_outbox.claimed_by keeps the worker that claimed a message last (it
-- is no longer cleared when the message leaves the claimed status), so the
-- outbox shows which worker sent what.
-- depends: 0006_sms_outbox

set local lock_timeout = '5s';
set local statement_timeout = '60s';

comment on column booking.sms_outbox.claimed_by is
  'The worker that claimed the message last; it holds the message while the status is claimed.';
