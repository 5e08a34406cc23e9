-- pgbench script of an after-commit notifier (bench/feed_cost.py's
-- "merged"), run by one client beside the booking clients: the wake-ups
-- for every clinic ('*') in a transaction of their own with
-- synchronous_commit off, one at a time, at most one a millisecond. The
-- shape of the gateway's notifier under load (shim/database/after_commit.py:
-- one connection per process, one statement in flight, what the requests
-- committed meanwhile owe merged into the next one), without knowing which
-- clinics booked: it notifies for all of them each time.
select set_config('synchronous_commit', 'off', true), pg_notify('booking_events', '*'), pg_notify('booking_sms_outbox', '');
\sleep 1 ms
