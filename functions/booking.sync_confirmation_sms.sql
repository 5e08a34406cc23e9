-- Keeps appointments.confirmation_sms_sent/_id/_sent_at true to the
-- outbox: once the appointment's confirmation was accepted by the provider
-- (it has a provider message id), the appointment says so.
create or replace function booking.sync_confirmation_sms(p_org_id uuid, p_message_id uuid)
returns void
language sql
volatile
set search_path = ''
as $$
  update booking.appointments a
     set confirmation_sms_sent = true,
         confirmation_sms_id = o.provider_message_id,
         confirmation_sms_sent_at = o.sent_at,
         updated_at = now()
    from booking.sms_outbox o
   where o.org_id = p_org_id and o.id = p_message_id
     and o.kind = 'confirmation' and o.provider_message_id is not null
     and a.org_id = o.org_id and a.id = o.appointment_id
     and (not a.confirmation_sms_sent
          or a.confirmation_sms_id is distinct from o.provider_message_id
          or a.confirmation_sms_sent_at is distinct from o.sent_at);
$$;

revoke execute on function booking.sync_confirmation_sms(uuid, uuid) from public, anon, authenticated, service_role;
comment on function booking.sync_confirmation_sms(uuid, uuid) is
  'Copies a confirmation''s provider id and acceptance time to its appointment (confirmation_sms_sent = true).';
