-- Inbound SMS seen per organization, by Twilio's MessageSid, so a webhook
-- delivered twice (a retry, a fallback URL) applies a reply keyword once:
-- a repeated `C` must not cancel the patient's next appointment too.
-- booking.record_inbound_sms gains p_message_sid (its file creates the new
-- signature; this migration drops the old one).
-- depends: 0065_phone_verifications

set local lock_timeout = '5s';
set local statement_timeout = '60s';

create table booking.inbound_sms_messages (
  org_id         uuid        not null,
  message_sid    text        not null,
  action         text        not null,
  appointment_id uuid,
  received_at    timestamptz not null default now(),
  constraint inbound_sms_messages_pkey primary key (org_id, message_sid),
  constraint inbound_sms_messages_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint inbound_sms_messages_appointment_fkey foreign key (org_id, appointment_id)
    references booking.appointments (org_id, id) on delete set null (appointment_id),
  constraint inbound_sms_messages_message_sid_check check (length(message_sid) between 1 and 64)
);
comment on table booking.inbound_sms_messages is 'Inbound SMS already applied, by Twilio MessageSid (the text itself is not kept): a second delivery of the same message changes nothing. action is what booking.record_inbound_sms did.';

alter table booking.inbound_sms_messages enable row level security;
revoke all on booking.inbound_sms_messages from public, anon, authenticated, service_role;

-- An internal function of the private schema, called only by the webhook
-- through shim/queries.py, replaced in the same release (STYLE rule 4).
-- squawk-ignore ban-drop-function
drop function if exists booking.record_inbound_sms(uuid, text, text);
