"""The whole service as one ASGI app: the REST gateway plus every feature
that plugs into it (webhooks, the live event feed, workers). `make run`
serves this; end-to-end tests build it the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from psycopg_pool import AsyncConnectionPool
from starlette.applications import Starlette
from starlette.requests import Request

from shim.events.stream import EventFeed, EventFeedSettings
from shim.gateway import GatewaySettings, create_app
from shim.gateway.app import BackgroundTask
from shim.hold_sweeper import hold_sweeper_task
from shim.sms.twilio_webhooks import TwilioWebhookSettings, twilio_webhook_routes
from shim.sms.worker import WorkerSettings, sms_worker_task
from shim.voice_agent import VoiceAgentSettings, voice_agent_routes
from shim.web import web_routes


def build_service_app(
    settings: GatewaySettings,
    env: Mapping[str, str],
    owner_database_url: str,
    *,
    sms_worker: bool = True,
    extra_background_tasks: Sequence[BackgroundTask] = (),
) -> Starlette:
    """Gateway + Twilio webhooks + voice-agent routes + live event feed +
    pages (dashboard, patient manage page) + SMS worker + hold sweeper.

    The gateway and webhooks log in with settings.database_url (the
    `authenticator` role); the SMS worker uses owner_database_url.
    """

    def pool(request: Request) -> AsyncConnectionPool:
        return request.app.state.gateway.pool

    events = EventFeed(EventFeedSettings.from_env(env))
    routes = [
        *twilio_webhook_routes(
            pool,
            TwilioWebhookSettings.from_env(env),
            after_commit=lambda request: request.app.state.gateway.after_commit,
        ),
        *voice_agent_routes(VoiceAgentSettings.from_env(env)),
        *events.routes(),
        *web_routes(events_endpoint=events.endpoint),
    ]
    tasks: list[BackgroundTask] = [hold_sweeper_task(), events.listener_task]
    tasks += extra_background_tasks
    if sms_worker:
        worker = WorkerSettings.from_env({**env, "DATABASE_URL": owner_database_url})
        tasks.append(sms_worker_task(worker))
    app = create_app(settings, extra_routes=routes, background_tasks=tasks)
    app.state.events = events  # the live feed and its listener, for tests and diagnostics
    return app
