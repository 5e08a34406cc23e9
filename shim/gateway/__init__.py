"""A Supabase/PostgREST-compatible REST gateway for the SQL functions (RPC only).

`create_app(settings)` builds the ASGI application; see docs/rest-gateway.md.

May import: `shim.queries`, `shim.database`, `shim.http_input`; no other
surface. Its auth, errors, settings, state, request_context and transaction
modules are shared with the surfaces that authenticate and run SQL as a REST
request does (voice_agent, events); the rest is its own.
"""

from shim.gateway.app import BackgroundTask, create_app
from shim.gateway.request_context import (
    HIDDEN_HEADERS,
    api_key_authorization,
    request_api_key,
    request_context,
)
from shim.gateway.settings import GatewaySettings, SettingsError
from shim.gateway.state import GatewayState

__all__ = [
    "HIDDEN_HEADERS",
    "BackgroundTask",
    "GatewaySettings",
    "GatewayState",
    "SettingsError",
    "api_key_authorization",
    "create_app",
    "request_api_key",
    "request_context",
]
