"""The whole service as one ASGI app: the shared service (shim.service) with
every surface mounted as a peer, and its background tasks. `make run` serves
this; end-to-end tests build it the same way.

    /rest/v1/...      gateway      PostgREST-compatible REST (JSON errors)
    /api/vapi/...     voice_agent  the voice platform's tools and webhooks
    /api/events       events       the live feed
    /api/twilio/...   sms          Twilio's status and inbound webhooks
    /dashboard, /a/, /static       web: the pages (errors as pages)
    /health, /ready, /metrics   the service itself
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Mapping, Sequence

import uvicorn
from starlette.applications import Starlette

from shim.events.stream import EventFeed, EventFeedSettings
from shim.gateway import gateway_surface
from shim.service.application import BackgroundTask, build_application
from shim.service.hold_sweeper import hold_sweeper_task
from shim.service.retention import purge_interval_hours, retention_task
from shim.service.settings import ServiceSettings
from shim.sms.twilio_webhooks import TwilioWebhookSettings, twilio_webhook_surface
from shim.sms.worker import WorkerSettings, sms_worker_task
from shim.voice_agent import VoiceAgentSettings, voice_agent_surface
from shim.web import web_surface
from shim.web.page_settings import PageSettings


def build_service_app(
    settings: ServiceSettings,
    env: Mapping[str, str],
    owner_database_url: str,
    *,
    sms_worker: bool = True,
    extra_background_tasks: Sequence[BackgroundTask] = (),
) -> Starlette:
    """Gateway + voice-agent routes + live event feed + Twilio webhooks + pages
    (dashboard, patient manage page) + SMS worker + hold sweeper + the daily
    purge of expired data (unless DATA_PURGE_INTERVAL_HOURS=0).

    The surfaces log in with settings.database_url (the `authenticator`
    role); the SMS worker uses owner_database_url.
    """
    events = EventFeed(EventFeedSettings.from_env(env))
    surfaces = [
        gateway_surface(),
        voice_agent_surface(VoiceAgentSettings.from_env(env)),
        events.surface(),
        twilio_webhook_surface(TwilioWebhookSettings.from_env(env)),
        web_surface(events_endpoint=events.endpoint, settings=PageSettings.from_env(env)),
    ]
    tasks: list[BackgroundTask] = [hold_sweeper_task(), events.listener_task]
    if (purge_hours := purge_interval_hours(env)) > 0:
        tasks.append(retention_task(purge_hours * 3600))
    tasks += extra_background_tasks
    if sms_worker:
        worker = WorkerSettings.from_env({**env, "DATABASE_URL": owner_database_url})
        tasks.append(sms_worker_task(worker))
    app = build_application(settings, surfaces, background_tasks=tasks)
    app.state.events = events  # the live feed and its listener, for tests and diagnostics
    return app


class ServiceServer(uvicorn.Server):
    """uvicorn, ending the live feed's streams when it stops: they never
    finish by themselves, and uvicorn waits for open responses. Their
    clients resume with Last-Event-ID."""

    def __init__(self, config: uvicorn.Config, events: EventFeed) -> None:
        super().__init__(config)
        self.events = events

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.events.close()
        await super().shutdown(sockets)


class Terminated(Exception):
    """SIGTERM arrived: the process stops as on Ctrl-C."""


def _terminated(_signum: int, _frame: object) -> None:
    raise Terminated


def stop_on_sigterm() -> None:
    """Process managers, containers and `kill` send SIGTERM. Python's default
    ends the process at once, skipping every `finally` (make run's cluster
    stays up); uvicorn handles it while serving and sends it again once it
    stopped. Either way it now arrives as Terminated, which callers catch
    after everything has stopped."""
    signal.signal(signal.SIGTERM, _terminated)
