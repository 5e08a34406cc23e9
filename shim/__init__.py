"""Thin Python shim around the clinic-booking SQL package.

One package per external surface, peers over the shared service:

    gateway/      PostgREST-compatible REST (/rest/v1)
    voice_agent/  the voice platform's webhook and the spec's tool routes
    sms/          outbox worker, senders, Twilio webhooks, settings CLI
    events/       the live feed (/api/events) and its LISTEN fan-out
    web/          the pages: the clinic's dashboard, the patient's manage page
    service/      what every surface shares: settings, state and pool,
                  callers (JWT, apikey), transactions with wake-ups after
                  commit, errors, the application that mounts the surfaces
    database/     URLs, the embedded cluster, migrate, the LISTEN connection
    http_input/   request bodies, numbers, NUL-free text, the head limit
    queries.py    every SQL statement Python runs
    service_app.py, run.py   the service put together; `make run`
    psql.py       `make psql`: psql on the database `make run` uses

tests/test_shim_layout.py checks which part may import which.
"""
