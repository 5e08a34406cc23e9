"""The pages people use, served by the gateway's process: the patient's
manage page (GET /a/<token>, from the link in every appointment SMS) and the
clinic's live dashboard (GET /dashboard).

`web_routes(events_endpoint)` gives the routes; shim/service_app.py hands in
the live event feed's endpoint, which the dashboard's stream
(/dashboard/events) calls with the session's token.

A page is a thin view over SQL functions, like a REST call: it reads and
acts through the same functions, as the same database role and JWT claims,
under RLS (the patient page as anon through the token functions public.
manage_*), and holds no rule of its own. Forms work without JavaScript
(POST-redirect-GET); small ES modules in static/ make them live.

May import: `shim.queries`, `shim.database`, `shim.http_input` and the
gateway's shared helpers (auth, errors, request_context, settings, state,
transaction); no other surface.
"""

from shim.web.routes import web_routes

__all__ = ["web_routes"]
