"""What the settings pages take from the environment, besides the service's
own settings: the key the Twilio auth tokens are stored encrypted with, and
the public base URLs the webhooks are reached at (shown to paste into
Twilio and the voice platform; never the request's Host).

    SETTINGS_ENCRYPTION_KEY   encrypts a Twilio auth token the page stores
                              (the SMS worker and webhooks decrypt with it)
    TWILIO_WEBHOOK_BASE_URL   where Twilio calls this service (else PUBLIC_BASE_URL)
    VOICE_AGENT_BASE_URL      where the voice platform calls it (else PUBLIC_BASE_URL)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from starlette.requests import Request

# The other surfaces' paths the settings page tells people to paste
# somewhere (tests/web/test_clinic_settings.py holds them equal to theirs).
TWILIO_INBOUND_PATH = "/api/twilio/inbound"
VOICE_AGENT_TOOLS_PATH = "/api/vapi/tools"
VOICE_AGENT_WEBHOOK_PATH = "/api/vapi/webhook"
ASSISTANT_CONFIG_PATH = "/api/vapi/assistant-config"


@dataclass(frozen=True)
class PageSettings:
    encryption_key: str | None = field(default=None, repr=False)
    twilio_webhook_base_url: str | None = None
    voice_agent_base_url: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> PageSettings:
        return cls(
            encryption_key=env.get("SETTINGS_ENCRYPTION_KEY") or None,
            twilio_webhook_base_url=env.get("TWILIO_WEBHOOK_BASE_URL") or None,
            voice_agent_base_url=env.get("VOICE_AGENT_BASE_URL") or None,
        )


def page_settings(request: Request) -> PageSettings:
    """The web surface's PageSettings (routes.web_surface puts them in its state)."""
    chosen = getattr(request.app.state, "page_settings", None)
    return chosen if isinstance(chosen, PageSettings) else PageSettings()
