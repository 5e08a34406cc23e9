-- pgbench script of the direct booking path (bench/gateway_overhead.py):
-- one public.book_appointment_atomic call per transaction, the same call
-- the gateway makes for POST /rest/v1/rpc/book_appointment_atomic.
--
-- Each client books on a clinic of its own, found in bench_clients on its
-- first transaction, as a member of that clinic (role authenticated and
-- request.jwt.claims, set once per connection; the gateway sets them per
-- request). Slot n of the clinic follows bench.common.SlotPlan: variables
-- (-D) run, first_day, day_start, step, per_day, minutes, first=1, n.
\if :first
\set first 0
select org_id as org, claims from public.bench_clients where run = :run and client = :client_id \gset
select set_config('request.jwt.claims', :claims, false), set_config('role', 'authenticated', false);
\endif
\set n :n + 1
\set epoch :first_day + (:n / :per_day) * 86400 + :day_start + (:n % :per_day) * :step
\set phone 2000000 + :n
select public.book_appointment_atomic(:org, 'Bench Patient', null, '+1415' || :phone, 'consultation', to_timestamp(:epoch), :minutes);
