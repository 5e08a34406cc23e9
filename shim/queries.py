"""Every SQL statement the Python shim runs, in one place.

The rules about bookings, holds, codes, SMS and tenants live in the SQL
functions; these statements only call them or do housekeeping.
"""

from __future__ import annotations

from typing import LiteralString

# -- migrate -----------------------------------------------------------------
CREATE_YOYO_SCHEMA: LiteralString = "create schema if not exists yoyo"

# Two migrate runs at once would interleave their CREATE OR REPLACE
# statements; a transaction-scoped advisory lock serialises them.
LOCK_FUNCTION_APPLY: LiteralString = (
    "select pg_advisory_xact_lock(hashtextextended('clinic-booking:migrate-functions', 0))"
)

# Function bodies may refer to functions defined in files applied later.
FUNCTION_APPLY_SETTINGS: LiteralString = (
    "set local check_function_bodies = off; set local search_path = ''"
)

ENABLE_RLS_ON_YOYO_TABLES: LiteralString = """
do $$
declare t record;
begin
  for t in select c.oid::regclass as rel from pg_class c
           join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'yoyo' and c.relkind = 'r' and not c.relrowsecurity
  loop
    execute format('alter table %s enable row level security', t.rel);
  end loop;
end $$
"""

# -- development database -----------------------------------------------------
DATABASE_EXISTS: LiteralString = "select 1 from pg_database where datname = %s"

# -- SMS worker (shim/sms_worker.py, shim/sms_listener.py) ---------------------
# booking.enqueue_sms notifies this channel; the payload is empty.
SMS_OUTBOX_CHANNEL = "booking_sms_outbox"
LISTEN_SMS_OUTBOX: LiteralString = "listen booking_sms_outbox"

CLAIM_SMS_BATCH: LiteralString = """
select org_id, id, kind, recipient, body, attempts
  from booking.claim_sms_batch(%(worker)s, %(limit)s, %(lease_seconds)s)
"""

RECORD_SMS_ACCEPTED: LiteralString = """
select booking.record_sms_accepted(%(org_id)s, %(message_id)s, %(provider)s,
                                   %(provider_message_id)s, %(provider_status)s)
"""

RECORD_SMS_FAILURE: LiteralString = """
select booking.record_sms_failure(%(org_id)s, %(message_id)s, %(worker)s,
                                  %(http_status)s, %(error_code)s, %(error_message)s)
"""

RELEASE_SMS: LiteralString = "select booking.release_sms(%(org_id)s, %(message_id)s, %(worker)s)"

TWILIO_CREDENTIALS: LiteralString = """
select account_sid, auth_token, from_number, messaging_service_sid
  from booking.twilio_credentials(%(org_id)s, %(encryption_key)s)
"""

# -- Twilio webhooks (shim/twilio_webhooks.py) ---------------------------------
TWILIO_WEBHOOK_CREDENTIALS: LiteralString = """
select org_id, auth_token
  from booking.twilio_webhook_credentials(%(org_id)s, %(account_sid)s, %(message_sid)s,
                                          %(to)s, %(messaging_service_sid)s, %(encryption_key)s)
"""

RECORD_SMS_STATUS: LiteralString = """
select booking.record_sms_status(%(org_id)s, %(message_id)s, %(provider_message_id)s,
                                 %(status)s, %(error_code)s)
"""

RECORD_INBOUND_SMS: LiteralString = (
    "select booking.record_inbound_sms(%(org_id)s, %(from)s, %(body)s)"
)

# -- integration settings (shim/integration_settings.py) -----------------------
SET_INTEGRATION_SETTINGS: LiteralString = """
select public.set_integration_settings(
  p_org_id => %(org_id)s,
  p_encryption_key => %(encryption_key)s,
  p_twilio_account_sid => %(twilio_account_sid)s,
  p_twilio_auth_token => %(twilio_auth_token)s,
  p_twilio_from_number => %(twilio_from_number)s,
  p_twilio_messaging_service_sid => %(twilio_messaging_service_sid)s,
  p_hot_lead_alert_phone => %(hot_lead_alert_phone)s,
  p_sms_help_reply => %(sms_help_reply)s)
"""
