"""The live event feed: `GET /api/events` (Server-Sent Events, stream.py)
and the one LISTEN connection per process that wakes its streams
(listener.py). `EventFeed.surface()` is what the service mounts; the
dashboard's stream calls `EventFeed.endpoint` (shim/service_app.py hands it
to the pages).

May import: `shim.service` (a stream authenticates and reads as a REST
request does), `shim.queries`, `shim.database`, `shim.http_input`; never
another surface.
"""
