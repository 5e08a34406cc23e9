-- pgbench script of a direct booking followed by its wake-ups, "woken" in
-- bench/feed_cost.py: one pipeline with the booking's transaction, which
-- reads the wake-ups it owes before COMMIT (booking.notify_after_commit), then
-- those notifications (the booking's organization on booking_events, and
-- booking_sms_outbox) in a transaction of their own with synchronous_commit
-- off, as shim/database/after_commit.py sends them. One notification
-- transaction per booking: the gateway merges those of concurrent requests,
-- so this is the costlier bound of the service's path. (A direct SQL caller
-- as shipped sends none: bench/pgbench_book_events.sql.)
--
-- Clients, clinics and slots as bench/pgbench_book.sql.
\if :first
\set first 0
select org_id as org, claims from public.bench_clients where run = :run and client = :client_id \gset
select set_config('request.jwt.claims', :claims, false), set_config('role', 'authenticated', false);
\endif
\set n :n + 1
\set epoch :first_day + (:n / :per_day) * 86400 + :day_start + (:n % :per_day) * :step
\set phone 2000000 + :n
\startpipeline
begin;
select public.book_appointment_atomic(:org, 'Bench Patient', null, '+1415' || :phone, 'consultation', to_timestamp(:epoch), :minutes);
select current_setting('booking.after_commit', true);
commit;
select set_config('synchronous_commit', 'off', true), pg_notify('booking_events', :org), pg_notify('booking_sms_outbox', '');
\endpipeline
