-- What one number may receive and what stays behind (issue 24): at most a settable number of
-- patient SMS per recipient and clinic in any hour and any day, and of
-- automatic replies per sender and clinic in any hour; beyond them a
-- message is recorded suppressed (error_code RECIPIENT_RATE_LIMITED) and
-- the refusal is an sms.rate_limited event, never silently dropped. And
-- manage links leave the stored SMS bodies once the message left the
-- outbox (the token then exists only as its SHA-256).
-- depends: 0105_sms_conversations 0081_sms_abuse_limits 0099_data_retention
--
-- booking.enqueue_sms counts under a lock of the clinic and the number
-- (booking.recipient_sms_limit), never one shared across organizations.
-- The counts read booking.sms_outbox through sms_outbox_by_recipient (0105).

set local lock_timeout = '5s';
set local statement_timeout = '60s';

alter table booking.sms_limits
  add column recipient_sms_per_hour integer not null default 6
    constraint sms_limits_recipient_sms_per_hour_check check (recipient_sms_per_hour between 1 and 1000),
  add column recipient_sms_per_day integer not null default 15
    constraint sms_limits_recipient_sms_per_day_check check (recipient_sms_per_day between 1 and 10000),
  add column auto_replies_per_hour integer not null default 4
    constraint sms_limits_auto_replies_per_hour_check check (auto_replies_per_hour between 0 and 1000);
comment on column booking.sms_limits.recipient_sms_per_hour is
  'Patient SMS (confirmation, reminder, cancellation, reschedule, reply) one number may receive from the organization in any 60 minutes (default 6); one-time codes, hot-lead alerts and staff messages do not count.';
comment on column booking.sms_limits.recipient_sms_per_day is
  'The same in any 24 hours (default 15).';
comment on column booking.sms_limits.auto_replies_per_hour is
  'Automatic replies to inbound SMS (kind reply) one sender may receive from the organization in any 60 minutes (default 4).';

-- The refusals of the new limits are sms.rate_limited events too. Every
-- existing row was written under the narrower check: nothing to validate.
alter table booking.sms_rate_limit_hits
  -- squawk-ignore ban-drop-constraint
  drop constraint sms_rate_limit_hits_limit_name_check,
  add constraint sms_rate_limit_hits_limit_name_check check (limit_name in (
    'otp_codes_per_hour', 'recipient_sms_per_hour', 'recipient_sms_per_day', 'auto_replies_per_hour')) not valid;
alter table booking.sms_rate_limit_hits add column message_id uuid;
comment on column booking.sms_rate_limit_hits.message_id is
  'The outbox message a per-recipient limit suppressed (NULL for the one-time code budget).';

comment on column booking.sms_outbox.error_code is
  'Last error: the provider''s code (e.g. 21211) or NETWORK, HTTP_<status>, EXPIRED, LEASE_EXPIRED; for a suppressed message why: PHONE_NOT_ALLOWED or RECIPIENT_RATE_LIMITED (NULL: the recipient opted out).';

-- public.set_sms_limits gains the three settings (its file creates the new
-- signature; existing calls are unchanged).
-- squawk-ignore ban-drop-function
drop function if exists public.set_sms_limits(uuid, integer[], integer);

/*
 * ---------------------------------------------------------------------------
 * Manage links out of the stored bodies: once a message leaves pending /
 * claimed (the provider accepted it, or it failed for good), or when it is
 * recorded suppressed, every <base>/a/<token> in its body becomes the
 * marker booking.sms_manage_link_marker() ('[manage link]'). One-time codes
 * have their own redaction (0016).
 * ---------------------------------------------------------------------------
 */
create function booking.redact_sent_manage_links()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.body := regexp_replace(new.body, '(https?://[^[:space:]]*)?/a/[A-Za-z0-9_-]{22,64}',
                             booking.sms_manage_link_marker(), 'g');
  return new;
end;
$$;
revoke execute on function booking.redact_sent_manage_links() from public;
comment on function booking.redact_sent_manage_links() is
  'Trigger: replaces the manage links (<base>/a/<token>) of an SMS body by the marker booking.sms_manage_link_marker() once the message left pending/claimed or was recorded suppressed.';

create trigger sms_outbox_redact_manage_links before update of status on booking.sms_outbox
  for each row
  when (new.kind <> 'otp' and new.status not in ('pending', 'claimed') and old.status in ('pending', 'claimed'))
  execute function booking.redact_sent_manage_links();
create trigger sms_outbox_redact_suppressed_manage_links before insert on booking.sms_outbox
  for each row
  when (new.kind <> 'otp' and new.status = 'suppressed')
  execute function booking.redact_sent_manage_links();

-- Links already sent before this migration: the same, once. The outbox is
-- scanned for bodies with a link of messages that left the outbox.
update booking.sms_outbox
   set body = regexp_replace(body, '(https?://[^[:space:]]*)?/a/[A-Za-z0-9_-]{22,64}', '[manage link]', 'g')
 where kind <> 'otp' and status not in ('pending', 'claimed') and body ~ '/a/[A-Za-z0-9_-]{22,64}';

comment on table booking.appointment_manage_tokens is
  'SHA-256 digests of manage-link tokens (<PUBLIC_BASE_URL>/a/<token>) and their appointment. The tokens themselves are never stored: SMS bodies keep a link only until the message leaves the outbox. A token opens its appointment until the package setting manage_link_days (default 30) after the appointment ends.';

-- The lifetime of manage links is a package setting (manage_link_days,
-- public.set_booking_setting). Every existing row was written under the
-- narrower check: nothing to validate.
alter table booking.settings
  -- squawk-ignore ban-drop-constraint
  drop constraint settings_name_check,
  add constraint settings_name_check check (name in (
    'lock_timeout', 'public_base_url', 'sms_body_retention_days',
    'phone_verification_retention_days', 'inbound_sms_retention_days',
    'expired_hold_retention_days', 'manage_link_days')) not valid;

-- booking.appointment_sms_text gains p_at (when the patient reads the text:
-- a reminder offers C only outside the cancel notice then); its file
-- creates the new signature.
-- squawk-ignore ban-drop-function
drop function if exists booking.appointment_sms_text(text, uuid, uuid, text);
