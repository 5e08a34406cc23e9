"""The REST gateway as a surface of the service: `gateway_surface()`.

Its routes are /rest/v1/ (OpenAPI), /rest/v1/rpc/{name} and every other
/rest/v1 path; its part of the catalog is the schema cache (the callable
functions of the exposed schemas), read after the service's roles and kept
in the surface's own state; it answers errors as PostgREST does (JSON).

`create_app(settings, background_tasks)` is the gateway alone as a whole
application (for tests and benchmarks): the service with this one surface.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from starlette.applications import Starlette
from starlette.routing import Route

from shim.gateway import endpoints, schema_cache
from shim.gateway.schema_cache import SchemaCache
from shim.service.application import (
    JSON_ERROR_HANDLERS,
    BackgroundTask,
    Surface,
    build_application,
)
from shim.service.settings import ServiceSettings
from shim.service.state import ServiceState

log = logging.getLogger("shim.gateway")

ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
REST_PREFIX = "/rest/v1"


@dataclass
class GatewayCatalog:
    """The schema cache, once read (None until then: 503 PGRST002)."""

    cache: SchemaCache | None = None

    async def read(self, state: ServiceState, conn: psycopg.AsyncConnection[Any]) -> None:
        self.cache = await schema_cache.load(conn, state.settings.schemas)
        count = sum(len(overloads) for overloads in self.cache.routines.values())
        schemas = ", ".join(state.settings.schemas)
        log.info("schema cache loaded: %d functions in %s", count, schemas)


def gateway_surface() -> Surface:
    catalog = GatewayCatalog()
    return Surface(
        name="gateway",
        prefixes=(REST_PREFIX,),
        routes=[
            Route(f"{REST_PREFIX}/", endpoints.root_endpoint, methods=ALL_METHODS),
            Route(REST_PREFIX, endpoints.root_endpoint, methods=ALL_METHODS),
            Route(f"{REST_PREFIX}/rpc/{{name}}", endpoints.rpc_endpoint, methods=ALL_METHODS),
            Route(f"{REST_PREFIX}/{{path:path}}", endpoints.resource_endpoint, methods=ALL_METHODS),
        ],
        exception_handlers=JSON_ERROR_HANDLERS,
        catalog_reader=catalog.read,
        state={"gateway_catalog": catalog},
    )


def create_app(
    settings: ServiceSettings, background_tasks: Sequence[BackgroundTask] = ()
) -> Starlette:
    """The gateway alone: the service with the REST surface and /health."""
    return build_application(settings, [gateway_surface()], background_tasks)
