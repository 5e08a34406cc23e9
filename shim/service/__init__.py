"""What every surface shares, below them all: the service itself.

    settings.py          ServiceSettings and the readers of other settings
    errors.py            ServiceError (neutral), the shared errors, JSON rendering
    auth.py              Caller: the apikey check and JWT verification
    login_roles.py       the roles the database login may act as
    state.py             ServiceState: settings, pool, roles, after-commit wake-ups
    transaction.py       a transaction as a request's caller / as service_role,
                         its owed wake-ups sent after commit
    request_context.py   from an HTTP request to what its transaction sees
    access_log.py        one JSON log line per request
    application.py       Surface, build_application: lifespan, /health, /ready, routing
    metrics.py           the Prometheus registry every surface records into, /metrics
    hold_sweeper.py, retention.py  background tasks: expire holds, purge old data

The surfaces (gateway, web, events, voice_agent, sms) are peers over this
package, as miniflux's `internal/http/` serves its `api/`, `ui/` and
`fever/` alike; `shim/service_app.py` puts them together.

May import: `shim.queries`, `shim.database`, `shim.http_input`; never a surface.
"""
