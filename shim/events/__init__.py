"""The live event feed: `GET /api/events` (Server-Sent Events, stream.py)
and the one LISTEN connection per process that wakes its streams
(listener.py).

May import: `shim.queries`, `shim.database`, `shim.http_input`, and the
gateway's shared request helpers (auth, errors, settings, state,
request_context, transaction), since a stream authenticates and reads as a
REST request does; no other surface.
"""
