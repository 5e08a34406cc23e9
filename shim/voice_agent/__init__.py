"""The voice agent's HTTP side: the spec's tool routes, the platform's
tool-call and end-of-call webhooks, and the assistant configuration.

    surface = voice_agent_surface(VoiceAgentSettings.from_env())

A surface of the service (shim/service_app.py mounts it next to the REST
gateway): its routes use the service's pool and transactions; see routes.py.

May import: `shim.service`, `shim.queries`, `shim.database`, `shim.http_input`;
never another surface.
"""

from shim.voice_agent.routes import VoiceAgentSettings, voice_agent_routes, voice_agent_surface

__all__ = ["VoiceAgentSettings", "voice_agent_routes", "voice_agent_surface"]
