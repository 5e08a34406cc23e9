"""Set an organization's integration settings (Twilio, hot-lead alerts).

    TWILIO_AUTH_TOKEN=... python -m shim.sms.integration_settings ORG_ID \\
        --twilio-account-sid AC... --twilio-from-number +14155550100 \\
        [--twilio-messaging-service-sid MG...] [--hot-lead-alert-phone ...] \\
        [--sms-help-reply "..."]

Calls public.set_integration_settings, which replaces the settings as a
whole. The auth token comes from the environment (TWILIO_AUTH_TOKEN), never
from the command line, and is stored encrypted with SETTINGS_ENCRYPTION_KEY;
without TWILIO_AUTH_TOKEN the stored token of the same account is kept.
Prints the function's JSON answer; exits 1 on a business failure.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import uuid

import psycopg

from shim import queries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("org_id", type=uuid.UUID)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--twilio-account-sid")
    parser.add_argument("--twilio-from-number")
    parser.add_argument("--twilio-messaging-service-sid")
    parser.add_argument("--hot-lead-alert-phone")
    parser.add_argument("--sms-help-reply")
    args = parser.parse_args(argv)
    if not args.database_url:
        print("DATABASE_URL is not set (or pass --database-url)", file=sys.stderr)
        return 2
    with psycopg.connect(args.database_url, autocommit=True) as conn:
        row = conn.execute(
            queries.SET_INTEGRATION_SETTINGS,
            {
                "org_id": args.org_id,
                "encryption_key": os.environ.get("SETTINGS_ENCRYPTION_KEY"),
                "twilio_account_sid": args.twilio_account_sid,
                "twilio_auth_token": os.environ.get("TWILIO_AUTH_TOKEN"),
                "twilio_from_number": args.twilio_from_number,
                "twilio_messaging_service_sid": args.twilio_messaging_service_sid,
                "hot_lead_alert_phone": args.hot_lead_alert_phone,
                "sms_help_reply": args.sms_help_reply,
            },
        ).fetchone()
    answer = row[0] if row else {"success": False}
    print(json.dumps(answer))
    return 0 if answer.get("success") else 1


if __name__ == "__main__":
    raise SystemExit(main())
