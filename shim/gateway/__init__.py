"""A Supabase/PostgREST-compatible REST gateway for the SQL functions (RPC only).

`gateway_surface()` is the /rest/v1 surface the service mounts;
`create_app(settings)` serves it alone. See docs/rest-gateway.md.

May import: `shim.service` (the shared service: state, callers, transactions,
settings, errors), `shim.queries`, `shim.database`, `shim.http_input`; never
another surface.
"""

from shim.gateway.app import create_app, gateway_surface

__all__ = ["create_app", "gateway_surface"]
