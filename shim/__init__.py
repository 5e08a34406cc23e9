"""Thin Python shim around the clinic-booking SQL package.

One package per external surface, plumbing below them:

    gateway/      PostgREST-compatible REST (/rest/v1)
    voice_agent/  the voice platform's webhook and the spec's tool routes
    sms/          outbox worker, senders, Twilio webhooks, settings CLI
    events/       the live feed (/api/events) and its LISTEN fan-out
    database/     URLs, the embedded cluster, migrate, the LISTEN connection
    http_input/   request bodies and whole numbers, shared by the surfaces
    queries.py    every SQL statement Python runs
    service_app.py, run.py, hold_sweeper.py   the service put together
    psql.py       `make psql`: psql on the database `make run` uses

tests/test_shim_layout.py checks which part may import which.
"""
