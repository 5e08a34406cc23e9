-- pgbench script of check_availability (bench/growth.py): the free starts
-- of one of the probe clinic's first :days dates, chosen at random, as a
-- member of the clinic (set once per connection, as in pgbench_book.sql).
-- Variables (-D): run, first_date, days, first=1.
\if :first
\set first 0
select org_id as org, claims from public.bench_clients where run = :run and client = :client_id \gset
select set_config('request.jwt.claims', :claims, false), set_config('role', 'authenticated', false);
\endif
\set d random(0, :days - 1)
select public.check_availability(:org, :first_date::date + :d::integer, null, null);
