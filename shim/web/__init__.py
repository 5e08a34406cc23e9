"""The pages people use: the patient's manage page (GET /a/<token>, from the
link in every appointment SMS) and the clinic's live dashboard (GET
/dashboard).

`web_surface(events_endpoint)` is what the service mounts (shim/service_app.py
hands in the live event feed's endpoint, which the dashboard's stream
/dashboard/events calls with the session's token). Every error under its
paths is answered as a page (routes.py).

A page is a thin view over SQL functions, like a REST call: it reads and
acts through the same functions, as the same database role and JWT claims,
under RLS (the patient page as anon through the token functions public.
manage_*), and holds no rule of its own. Forms work without JavaScript
(POST-redirect-GET); small ES modules in static/ make them live.

One handler per page (dashboard.py, manage.py); what every page answers
with, and the checks of every form post (the `staff_action` and
`patient_form` decorators), in page_responses.py; every path named once in
paths.py (`page_url`, also the templates' global).

May import: `shim.service`, `shim.queries`, `shim.database`, `shim.http_input`;
never another surface.
"""

from shim.web.routes import web_routes, web_surface

__all__ = ["web_routes", "web_surface"]
