"""GET /api/events: an organization's live feed as Server-Sent Events.

    feed = EventFeed(EventFeedSettings.from_env())
    build_application(settings, [feed.surface()], background_tasks=[feed.listener_task])

Authentication is the REST gateway's (shim.service.auth): an HS256 JWT,
from `Authorization: Bearer` or, for browsers' EventSource (which cannot
send headers), `?access_token=`.
An `apikey` header or parameter is accepted as Supabase clients send it (it
must then be a project key) but it does not authenticate. The organization
is the JWT's app_metadata.org_id; service_role names it with `?org_id=`.

Every read runs as the client's role, with the request settings a REST call
gets, in a read-only transaction: public.event_feed_start (who may read which
organization; where a stream starts, from its Last-Event-ID or now) and
public.events_since (the events after a cursor, under RLS). Notifications
only wake streams (shim/events/listener.py); events are read after the
stream's cursor (the SSE id, '<txid>-<seq>', opaque to clients), so a stream
resumed with `Last-Event-ID` (or `?last_event_id=`) gets exactly what it
missed, in order.

Settings (environment):
  EVENTS_KEEPALIVE_SECONDS   comment line sent on an idle stream (default 15)
  EVENTS_RETRY_MS            the `retry:` hint sent first (default 3000)
  EVENTS_MAX_STREAMS         open streams per process; more get 503 (default 200)
  EVENTS_MAX_STREAMS_PER_ORG open streams of one organization; more get 503 with
                             Retry-After, for that organization only (default
                             a quarter of EVENTS_MAX_STREAMS)
  EVENTS_MAX_STREAMS_PER_MEMBER open streams of one member (a token's `sub`)
                             of one organization; more get 503 with Retry-After
                             (default 5: a few tabs), so one member cannot take
                             the organization's share
  EVENTS_QUEUE_SIZE          wake-ups buffered per stream (default 64)
  EVENTS_BATCH_SIZE          events read per query, 1-1000 (default 100)
  EVENTS_POLL_SECONDS        the listener's fallback poll (default 0.25)
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from shim import queries
from shim.events.listener import EventListener, Subscription
from shim.http_input.text_fields import has_nul
from shim.service import auth, metrics
from shim.service.application import JSON_ERROR_HANDLERS, Surface
from shim.service.errors import ServiceError
from shim.service.request_context import request_api_key, request_context
from shim.service.settings import SettingsError, integer_setting, seconds_setting
from shim.service.state import ServiceState, service_state
from shim.service.transaction import RequestContext, request_transaction

log = logging.getLogger(__name__)

EVENTS_PATH = "/api/events"
# A Last-Event-ID is checked by SQL (public.event_feed_start); what cannot
# reach it as text (too long, control characters) is refused here.
MAX_EVENT_ID_LENGTH = 64
# Reads failing with a 5xx (a pooled connection lost, the database away):
# retry at once first, since the pool hands out a fresh connection next.
_RETRY_DELAYS = (0.0, 0.25, 0.5, 1.0, 2.0, 5.0)


@dataclass(frozen=True)
class EventFeedSettings:
    keepalive_seconds: float = 15.0
    retry_milliseconds: int = 3000
    max_streams: int = 200
    queue_size: int = 64
    batch_size: int = 100
    # None: a quarter of max_streams (at least 1), so one clinic cannot
    # take the whole feed from the others.
    max_streams_per_org: int | None = None
    max_streams_per_member: int = 5
    poll_seconds: float = 0.25

    def __post_init__(self) -> None:
        if not 1 <= self.batch_size <= 1000:
            raise SettingsError("EVENTS_BATCH_SIZE must be between 1 and 1000")
        if self.max_streams_per_org is not None and self.max_streams_per_org < 1:
            raise SettingsError("EVENTS_MAX_STREAMS_PER_ORG must be at least 1")

    @property
    def streams_per_org(self) -> int:
        if self.max_streams_per_org is not None:
            return self.max_streams_per_org
        return max(1, self.max_streams // 4)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> EventFeedSettings:
        env = os.environ if environ is None else environ
        return cls(
            keepalive_seconds=seconds_setting(env, "EVENTS_KEEPALIVE_SECONDS", 15.0),
            retry_milliseconds=integer_setting(env, "EVENTS_RETRY_MS", 3000, minimum=0),
            max_streams=integer_setting(env, "EVENTS_MAX_STREAMS", 200, minimum=1),
            queue_size=integer_setting(env, "EVENTS_QUEUE_SIZE", 64, minimum=1),
            batch_size=integer_setting(env, "EVENTS_BATCH_SIZE", 100, minimum=1),
            max_streams_per_org=(
                integer_setting(env, "EVENTS_MAX_STREAMS_PER_ORG", 1, minimum=1)
                if env.get("EVENTS_MAX_STREAMS_PER_ORG")
                else None
            ),
            max_streams_per_member=integer_setting(
                env, "EVENTS_MAX_STREAMS_PER_MEMBER", 5, minimum=1
            ),
            poll_seconds=seconds_setting(env, "EVENTS_POLL_SECONDS", 0.25),
        )


# -- errors (ServiceErrors, answered as JSON) ---------------------------------------------
def missing_jwt() -> ServiceError:
    """PostgREST's answer when anonymous access is disabled (PGRST302)."""
    return ServiceError(
        401, "PGRST302", "Anonymous access is disabled", None, None, {"WWW-Authenticate": "Bearer"}
    )


def invalid_parameter(code: str, message: str, hint: str) -> ServiceError:
    return ServiceError(400, code, message, None, hint)


def too_many_streams(limit: int, retry_seconds: int) -> ServiceError:
    return ServiceError(
        503, None, "Too many event streams", f"This server serves at most {limit} streams at once",
        "Retry later", {"Retry-After": str(max(retry_seconds, 1))},
    )  # fmt: skip


def too_many_organization_streams(limit: int, retry_seconds: int) -> ServiceError:
    return ServiceError(
        503, None, "Too many event streams for this organization",
        f"This server serves at most {limit} streams of one organization at once",
        "Close other streams of this organization or retry later",
        {"Retry-After": str(max(retry_seconds, 1))},
    )  # fmt: skip


def too_many_member_streams(limit: int, retry_seconds: int) -> ServiceError:
    return ServiceError(
        503, None, "Too many event streams for this member",
        f"This server serves at most {limit} streams of one member at once",
        "Close other tabs showing the live feed or retry later",
        {"Retry-After": str(max(retry_seconds, 1))},
    )  # fmt: skip


def _count(counts: dict[Any, int], key: Any, change: int) -> None:
    """Add `change` to a key's count; a key whose count drops to 0 goes."""
    remaining = counts.get(key, 0) + change
    if remaining > 0:
        counts[key] = remaining
    else:
        counts.pop(key, None)


# -- request parsing ------------------------------------------------------------------
def _authorization(request: Request, state: ServiceState) -> str:
    """The Authorization value to verify: the header, else ?access_token=.
    An apikey, when sent, must be a project key, but it is no bearer token."""
    apikey = request_api_key(request)
    if apikey:
        auth.check_api_key(apikey, state.settings)
    authorization = request.headers.get("authorization")
    if authorization is None and (token := request.query_params.get("access_token")) is not None:
        authorization = f"Bearer {token}"
    if auth.bearer_token(authorization) is None:
        raise missing_jwt()
    assert authorization is not None
    return authorization


def _org_id(request: Request, caller: auth.Caller) -> str | None:
    """?org_id=, else the JWT's app_metadata.org_id; public.event_feed_start
    decides whether the caller may read it (or must name one)."""
    named = request.query_params.get("org_id")
    if named is not None:
        try:
            return str(uuid.UUID(named))
        except ValueError:
            raise invalid_parameter(
                "22P02", "org_id must be a uuid", "The organization's id, as app_metadata.org_id"
            ) from None
    metadata = caller.claims.get("app_metadata")
    claimed = metadata.get("org_id") if isinstance(metadata, dict) else None
    try:
        return str(uuid.UUID(claimed)) if isinstance(claimed, str) else None
    except ValueError:
        return None  # the SQL check refuses a member without a usable org_id


def _last_event_id(request: Request) -> str | None:
    raw = request.headers.get("last-event-id") or request.query_params.get("last_event_id")
    if not raw:
        return None
    event_id = raw.strip()
    if len(event_id) > MAX_EVENT_ID_LENGTH or not event_id.isascii() or not event_id.isprintable():
        raise invalid_parameter(
            "22P02",
            "Last-Event-ID must be an event id",
            "The id: line of the last event received, as the stream sent it",
        )
    return event_id


def _deadline(caller: auth.Caller) -> float | None:
    """When the JWT stops being valid (with the service's leeway); the stream ends then."""
    exp = caller.claims.get("exp")
    if isinstance(exp, bool) or not isinstance(exp, int | float):
        return None
    return float(exp) + auth.ALLOWED_SKEW_SECONDS


# -- SSE ---------------------------------------------------------------------------------
def sse_event(event_id: str, event_type: str, data: str) -> str:
    """One event; type and data never contain line breaks (a CHECK on the
    type; data is JSON text)."""
    return f"id: {event_id}\nevent: {event_type}\ndata: {data}\n\n"


class EventStreamResponse(StreamingResponse):
    """A StreamingResponse that calls on_close when it ends, however it ends
    (the client went away, the token expired, the server stops)."""

    def __init__(self, content: AsyncIterator[bytes], on_close: Callable[[], None]) -> None:
        super().__init__(
            content,
            media_type="text/event-stream",
            headers={
                "Cache-Control": "no-cache",
                "X-Accel-Buffering": "no",  # proxies must not buffer the stream
                "Access-Control-Allow-Origin": "*",  # bearer tokens only, no cookies
            },
        )
        self._on_close = on_close

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._on_close()


def _forget_read(reads: set[Any]) -> Callable[[asyncio.Task[Any]], None]:
    def forget(task: asyncio.Task[Any]) -> None:
        reads.discard(task)
        if not task.cancelled():
            task.exception()  # retrieved: an abandoned read's error is not logged as unhandled

    return forget


class _StreamEnds(Exception):
    """The stream ends cleanly (the client reconnects and is told why)."""


@dataclass
class _Stream:
    """One client's stream: whose, from where, until when."""

    state: ServiceState
    context: RequestContext
    org_id: str
    subscription: Subscription
    last_id: str  # the cursor of the last event sent (or where the stream started)
    deadline: float | None


class EventFeed:
    """The /api/events route and the listener task that wakes its streams."""

    def __init__(self, settings: EventFeedSettings | None = None) -> None:
        self.settings = settings or EventFeedSettings()
        self.listener = EventListener(
            queue_size=self.settings.queue_size, poll_seconds=self.settings.poll_seconds
        )
        self.open_streams = 0
        # Open streams by organization (None: a stream not yet tied to one).
        self.streams_by_org: dict[str | None, int] = {}
        # Open streams by (organization, member: the token's sub); callers
        # without a sub (project keys) count only per organization.
        self.streams_by_member: dict[tuple[str | None, str], int] = {}
        self.closing = False
        self._reads: set[asyncio.Task[list[tuple[str, str, str]]]] = set()

    def close(self) -> None:
        """End every stream: the server is stopping, and a server waits for
        its open responses. Clients resume with Last-Event-ID."""
        self.closing = True
        self.listener.wake_all()

    def routes(self) -> list[Route]:
        return [Route(EVENTS_PATH, self.endpoint, methods=["GET"])]

    def surface(self) -> Surface:
        """/api/events as a surface of the service (errors as JSON)."""
        return Surface(name="events", routes=self.routes(), exception_handlers=JSON_ERROR_HANDLERS)

    async def listener_task(self, state: ServiceState) -> None:
        """A service background task: the process's one LISTEN connection."""
        await self.listener.run(state.settings.database_url)

    async def endpoint(self, request: Request) -> Response:
        state = service_state(request)
        if has_nul(request.query_params.multi_items()):
            raise invalid_parameter(
                "22P02", "malformed query parameter", "Query parameters cannot contain NUL"
            )
        caller = auth.authenticate(_authorization(request, state), state.settings)
        org_id = _org_id(request, caller)
        resume_after = _last_event_id(request)
        settings = self.settings
        if self.closing or self.open_streams >= settings.max_streams:
            raise too_many_streams(settings.max_streams, settings.retry_milliseconds // 1000)
        if self.streams_by_org.get(org_id, 0) >= settings.streams_per_org:
            raise too_many_organization_streams(
                settings.streams_per_org, settings.retry_milliseconds // 1000
            )
        sub = caller.claims.get("sub")
        member = (org_id, sub) if isinstance(sub, str) and sub else None
        if member is not None and (
            self.streams_by_member.get(member, 0) >= settings.max_streams_per_member
        ):
            raise too_many_member_streams(
                settings.max_streams_per_member, settings.retry_milliseconds // 1000
            )
        context = request_context(
            request, caller, state.settings.default_schema, method="GET", path=EVENTS_PATH
        )
        self.open_streams += 1
        metrics.FEED_STREAMS_OPEN.inc()
        _count(self.streams_by_org, org_id, 1)
        if member is not None:
            _count(self.streams_by_member, member, 1)
        subscription: Subscription | None = None

        def close() -> None:
            self.open_streams -= 1
            metrics.FEED_STREAMS_OPEN.dec()
            _count(self.streams_by_org, org_id, -1)
            if member is not None:
                _count(self.streams_by_member, member, -1)
            if subscription is not None:
                self.listener.unsubscribe(subscription)

        try:
            # Subscribe first: an event committing after the position read
            # below then wakes this stream.
            if org_id is not None:
                subscription = self.listener.subscribe(org_id)
            async with request_transaction(state, context, read_only=True) as conn:
                cursor = await conn.execute(
                    queries.EVENTS_FEED_START, {"org_id": org_id, "last_event_id": resume_after}
                )
                row = await cursor.fetchone()
            if org_id is None or subscription is None or row is None:  # the SQL refuses first
                raise invalid_parameter("22023", "org_id is required", "?org_id=")
            # Where the client left off, or now; a Last-Event-ID beyond the
            # latest event (another database, another organization) starts
            # now rather than waiting for events that may never come.
            start: str = row[0]
        except BaseException:
            close()
            raise
        subscription.position = start
        stream = _Stream(state, context, org_id, subscription, start, _deadline(caller))
        replay = resume_after is not None
        return EventStreamResponse(self._events(stream, replay=replay), on_close=close)

    async def _events(self, stream: _Stream, *, replay: bool) -> AsyncIterator[bytes]:
        settings = self.settings
        yield f"retry: {settings.retry_milliseconds}\n\n".encode()
        # A resumed stream first replays what it missed; a new one waits for
        # a wake-up (it subscribed before reading where to start).
        woken = replay
        while True:
            if woken:
                try:
                    async for chunk in self._catch_up(stream):
                        yield chunk
                except _StreamEnds:
                    return
            timeout = settings.keepalive_seconds
            if stream.deadline is not None:
                remaining = stream.deadline - time.time()
                if remaining <= 0:
                    yield b": token expired\n\n"
                    return
                timeout = min(timeout, remaining)
            woken = await stream.subscription.wait(timeout)
            if self.closing:
                yield b": server shutting down\n\n"
                return
            if not woken:
                yield b": keepalive\n\n"

    async def _catch_up(self, stream: _Stream) -> AsyncIterator[bytes]:
        """Events after stream.last_id until none is left, one chunk per read."""
        failures = 0
        while True:
            try:
                rows = await self._read(stream)
            except ServiceError as exc:
                if exc.status < 500:  # no longer allowed (e.g. privileges changed)
                    log.warning("event stream of %s ends: %s", stream.org_id, exc.message)
                    raise _StreamEnds from exc
                if self.closing or (stream.deadline is not None and stream.deadline <= time.time()):
                    raise _StreamEnds from exc
                delay = _RETRY_DELAYS[min(failures, len(_RETRY_DELAYS) - 1)]
                failures += 1
                log.warning("event stream read failed (%s); retrying in %.2fs", exc.message, delay)
                yield b": retrying\n\n"
                await asyncio.sleep(delay)
                continue
            failures = 0
            if rows:
                stream.last_id = rows[-1][0]
                stream.subscription.position = stream.last_id
                yield "".join(sse_event(*row) for row in rows).encode()
            if len(rows) < self.settings.batch_size:
                return

    async def _read(self, stream: _Stream) -> list[tuple[str, str, str]]:
        """One read, in a task of its own: when the client goes away the
        stream is cancelled but the query finishes, so its pooled connection
        goes back clean instead of being closed mid-statement."""
        task = asyncio.create_task(self._query(stream))
        self._reads.add(task)
        task.add_done_callback(_forget_read(self._reads))
        return await asyncio.shield(task)

    async def _query(self, stream: _Stream) -> list[tuple[str, str, str]]:
        params = {
            "org_id": stream.org_id,
            "after": stream.last_id,
            "limit": self.settings.batch_size,
        }
        async with request_transaction(stream.state, stream.context, read_only=True) as conn:
            cursor = await conn.execute(queries.EVENTS_SINCE, params)
            rows: list[Any] = await cursor.fetchall()
        return [(row[0], row[1], row[2]) for row in rows]
