-- pgbench script of the same direct booking with the live feed and the
-- wake-ups off (bench/feed_cost.py disables the event triggers around its
-- runs): the same pipelined transaction without reading or sending
-- wake-ups.
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
commit;
\endpipeline
