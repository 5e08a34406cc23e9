"""A Supabase/PostgREST-compatible REST gateway for the SQL functions (RPC only).

`create_app(settings)` builds the ASGI application; see README "REST gateway".
"""

from shim.gateway.app import BackgroundTask, create_app
from shim.gateway.settings import GatewaySettings, SettingsError
from shim.gateway.state import GatewayState

__all__ = ["BackgroundTask", "GatewaySettings", "GatewayState", "SettingsError", "create_app"]
