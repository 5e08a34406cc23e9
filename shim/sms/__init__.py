"""SMS through Twilio: the outbox worker (`python -m shim.sms.worker`), its
senders (console, twilio), the outbox LISTEN thread, Twilio's status and
inbound webhooks (`twilio_webhook_surface`, mounted by shim/service_app.py),
and the integration-settings CLI (`python -m shim.sms.integration_settings`).

May import: `shim.service` (the webhooks' service_role transaction),
`shim.queries`, `shim.database`, `shim.http_input`; never another surface.
"""
