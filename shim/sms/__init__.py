"""SMS through Twilio: the outbox worker (`python -m shim.sms.worker`), its
senders (console, twilio), the outbox LISTEN thread, Twilio's status and
inbound webhooks, and the integration-settings CLI
(`python -m shim.sms.integration_settings`).

May import: `shim.queries`, `shim.database`, `shim.http_input`; no other
surface (the webhooks are mounted into the gateway's app by service_app.py).
"""
