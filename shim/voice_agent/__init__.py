"""The voice agent's HTTP side: the spec's tool routes, the platform's
tool-call and end-of-call webhooks, and the assistant configuration.

    routes = voice_agent_routes(VoiceAgentSettings.from_env())

The routes run inside the REST gateway (shim.gateway.create_app's
extra_routes) and use its pool and request transactions; see routes.py.

May import: `shim.queries`, `shim.database`, `shim.http_input`, and the
gateway's shared request helpers (auth, errors, state, transaction); no
other surface.
"""

from shim.voice_agent.routes import VoiceAgentSettings, voice_agent_routes

__all__ = ["VoiceAgentSettings", "voice_agent_routes"]
