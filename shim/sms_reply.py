"""`make sms-reply FROM=+14155552672 TEXT=C`: a patient's SMS to the example
clinic of `make run`, as Twilio delivers it: a form POST to the running
service's /api/twilio/inbound, signed (X-Twilio-Signature) with the example
clinic's development Twilio auth token that `make run` saved in its data
folder. Prints the service's TwiML answer (HELP's text); the replies that go
through the outbox are printed by `make run`'s console sender.

    python -m shim.sms_reply --from +14155552672 --text C [--base-url URL]

Environment: PORT (default 3001) or SMS_REPLY_BASE_URL for the service's
address; CLINIC_BOOKING_DATA_DIR, like `make run`, for its data folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import uuid
from collections.abc import Mapping, Sequence
from xml.etree import ElementTree

import requests
from twilio.request_validator import RequestValidator

from shim.run import EXAMPLE_SMS_NUMBER, data_folder
from shim.service.settings import DEVELOPMENT_TWILIO_ACCOUNT_SID

INBOUND_PATH = "/api/twilio/inbound"


def inbound_params(sender: str, text: str) -> dict[str, str]:
    """The form fields Twilio posts for an SMS to the example clinic."""
    sid = "SM" + uuid.uuid4().hex
    return {
        "AccountSid": DEVELOPMENT_TWILIO_ACCOUNT_SID,
        "ApiVersion": "2010-04-01",
        "Body": text,
        "From": sender,
        "MessageSid": sid,
        "NumMedia": "0",
        "SmsSid": sid,
        "To": EXAMPLE_SMS_NUMBER,
    }


def send(base_url: str, auth_token: str, sender: str, text: str) -> requests.Response:
    url = base_url.rstrip("/") + INBOUND_PATH
    params = inbound_params(sender, text)
    signature = RequestValidator(auth_token).compute_signature(url, params)
    return requests.post(url, data=params, headers={"X-Twilio-Signature": signature}, timeout=15)


def reply_texts(twiml: str) -> list[str]:
    """The <Message> texts of a TwiML answer."""
    try:
        root = ElementTree.fromstring(twiml)  # noqa: S314 (our own service's answer)
    except ElementTree.ParseError:
        return []
    return [message.text or "" for message in root.iter("Message")]


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    env = os.environ if environ is None else environ
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="sender", required=True, help="the patient's number")
    parser.add_argument("--text", required=True, help="the SMS text, e.g. Y, C, R or HELP")
    parser.add_argument(
        "--base-url",
        default=env.get("SMS_REPLY_BASE_URL") or f"http://127.0.0.1:{env.get('PORT') or 3001}",
    )
    args = parser.parse_args(argv)
    token_file = data_folder(env) / "twilio_auth_token"
    try:
        auth_token = token_file.read_text(encoding="utf-8").strip()
    except OSError:
        print(f"sms-reply: no {token_file}: start `make run` first", file=sys.stderr)
        return 2
    try:
        answer = send(args.base_url, auth_token, args.sender, args.text)
    except requests.RequestException as exc:
        print(f"sms-reply: {args.base_url} does not answer ({exc}): is `make run` running?",
              file=sys.stderr)  # fmt: skip
        return 1
    if answer.status_code != 200:
        print(f"sms-reply: the service answered {answer.status_code}: {answer.text.strip()}",
              file=sys.stderr)  # fmt: skip
        return 1
    print(f"sms from {args.sender} to {EXAMPLE_SMS_NUMBER}: {args.text!r} accepted")
    for text in reply_texts(answer.text):
        print(f"reply: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
