"""Staff sign-in against Supabase Auth (SUPABASE_URL), for deployments whose
staff are Supabase users: the dashboard's email and password go to
Supabase's password grant (POST /auth/v1/token?grant_type=password, with
the project's publishable or anon key), the session is renewed with its
refresh grant, and sign-out calls its logout (which revokes the user's
refresh tokens there). Supabase's access tokens are verified as any token
(shim.service.auth: JWT_JWKS_URL); which clinics the user belongs to is the
SQL's business (booking.member_org_ids, public.my_memberships).

Server-side, so the form works without JavaScript and no token ever
reaches the page's script. The calls block a thread (requests), off the
event loop.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import requests

from shim.service.settings import ServiceSettings

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10.0


def configured(settings: ServiceSettings) -> bool:
    return bool(settings.supabase_url)


def _api_key(settings: ServiceSettings) -> str:
    return settings.publishable_key or settings.anon_key


def _post(
    settings: ServiceSettings, path: str, body: dict[str, Any], bearer: str | None = None
) -> dict[str, Any] | None:
    headers = {"apikey": _api_key(settings), "Content-Type": "application/json"}
    if bearer is not None:
        headers["Authorization"] = f"Bearer {bearer}"
    try:
        response = requests.post(
            f"{settings.supabase_url}{path}", json=body, headers=headers, timeout=TIMEOUT_SECONDS
        )
    except requests.RequestException as exc:
        log.warning("Supabase Auth did not answer: %s", type(exc).__name__)
        return None
    if response.status_code >= 300:
        return None
    try:
        answer = response.json() if response.content else {}
    except ValueError:
        return None
    return answer if isinstance(answer, dict) else None


async def password_grant(
    settings: ServiceSettings, email: str, password: str
) -> dict[str, Any] | None:
    """Supabase's session for the email and password, or None (refused or unreachable)."""
    body = {"email": email, "password": password}
    answer = await asyncio.to_thread(_post, settings, "/auth/v1/token?grant_type=password", body)
    return answer if answer and answer.get("access_token") else None


async def refresh_grant(settings: ServiceSettings, refresh_token: str) -> dict[str, Any] | None:
    body = {"refresh_token": refresh_token}
    answer = await asyncio.to_thread(
        _post, settings, "/auth/v1/token?grant_type=refresh_token", body
    )
    return answer if answer and answer.get("access_token") else None


async def logout(settings: ServiceSettings, access_token: str) -> None:
    await asyncio.to_thread(_post, settings, "/auth/v1/logout", {}, access_token)
