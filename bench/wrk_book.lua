-- wrk script of the HTTP booking path (bench/gateway_overhead.py):
-- POST /rest/v1/rpc/book_appointment_atomic with the anon apikey and a
-- member JWT of the clinic, as supabase-js sends it.
--
-- Usage: wrk -t1 -c N -d S -s bench/wrk_book.lua URL -- DATA.lua
-- DATA.lua returns {path, apikey, first_day, day_start, step, per_day,
-- minutes, first_n, orgs = {{id, token}, ...}} with one clinic per
-- connection. Requests go round-robin over the clinics, so the requests in
-- flight are on distinct calendars; request k books slot first_n + k // #orgs
-- of clinic k % #orgs (bench.common.SlotPlan), for patient n.
-- done() prints one JSON line: counts and latency percentiles in microseconds
-- (and, for bench/wrk_book_paced.lua, the requests sent behind schedule).

data = nil  -- global: bench/wrk_book_paced.lua reads its rate
local counter = 0
successes = 0
failures = 0
late = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  data = dofile(args[1])
end

function request()
  local count = #data.orgs
  local org = data.orgs[(counter % count) + 1]
  local n = data.first_n + math.floor(counter / count)
  counter = counter + 1
  local epoch = data.first_day + math.floor(n / data.per_day) * 86400
                + data.day_start + (n % data.per_day) * data.step
  local body = string.format(
    '{"p_org_id":"%s","p_patient_name":"Bench Patient","p_patient_email":null,'
    .. '"p_patient_phone":"+1415%07d","p_service_type":"consultation",'
    .. '"p_scheduled_at":"%s","p_duration_minutes":%d}',
    org.id, 2000000 + n, os.date("!%Y-%m-%dT%H:%M:%SZ", epoch), data.minutes)
  return wrk.format("POST", data.path, {
    ["apikey"] = data.apikey,
    ["Authorization"] = "Bearer " .. org.token,
    ["Content-Type"] = "application/json",
  }, body)
end

function response(status, headers, body)
  if status == 200 and string.find(body, '"success" : true', 1, true) then
    successes = successes + 1
  else
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local ok, bad, behind = 0, 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("successes")
    bad = bad + thread:get("failures")
    behind = behind + thread:get("late")
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"successes":%d,"failures":%d,'
    .. '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},'
    .. '"p50_us":%.1f,"p95_us":%.1f,"p99_us":%.1f,"max_us":%.1f,"mean_us":%.1f,"late":%d}\n',
    summary.requests, summary.duration, ok, bad,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean, behind))
end
