-- Retention (public.purge_expired_data): what goes after its retention
-- setting and what stays, every organization's rows alike by age, in
-- batches, idempotent; the retention settings (public.set_booking_setting).
begin;
select plan(28);

select function_privs_are('public', 'purge_expired_data', array['integer'], 'service_role', array['EXECUTE'],
  'service_role may purge');
select function_privs_are('public', 'purge_expired_data', array['integer'], 'authenticated', array[]::text[],
  'clinic members may not');
select is_definer('public', 'purge_expired_data', array['integer'], 'purge_expired_data is SECURITY DEFINER');

-- Two clinics with the same data: a consumed hold (a booking), then, aged
-- by hand, what the purge is about.
call tests.create_org('Retention Clinic A');
call tests.create_org('Retention Clinic B');
do $$
begin
  perform tests.book_during_call('Retention Clinic A', 'call-ret-a', '+14155550101', tests.local_noon(2));
  perform tests.book_during_call('Retention Clinic B', 'call-ret-b', '+14155550102', tests.local_noon(2));
end;
$$;

create temp table clinics as
  select tests.org_id('Retention Clinic A') as org_id union all select tests.org_id('Retention Clinic B');

-- The booking's messages (code, confirmation) are recent and stay.
update booking.sms_outbox set status = 'delivered' where org_id in (select org_id from clinics);
insert into booking.sms_outbox (org_id, kind, recipient, body, status, claimed_by, updated_at, next_attempt_at)
select c.org_id, 'hot_lead_alert', '+14155550199', m.body, m.status, m.claimed_by,
       now() - m.age, now() + m.due_in
  from clinics c,
       (values ('old sent', 'sent', null, interval '40 days', interval '0'),
               ('old failed', 'failed', null, interval '31 days', interval '0'),
               ('recent delivered', 'delivered', null, interval '29 days', interval '0'),
               ('old pending', 'pending', null, interval '40 days', interval '1 day'),
               ('old claimed', 'claimed', 'worker-1', interval '40 days', interval '0')) as m(body, status, claimed_by, age, due_in);

insert into booking.phone_verifications (org_id, phone, expires_at, created_at)
select c.org_id, '+14155550198', now() - v.age, now() - v.age - interval '15 minutes'
  from clinics c, (values (interval '31 days'), (interval '29 days')) as v(age);

insert into booking.inbound_sms_messages (org_id, message_sid, action, received_at)
select c.org_id, 'SM' || m.sid, 'help', now() - m.age
  from clinics c, (values ('old', interval '91 days'), ('recent', interval '89 days')) as m(sid, age);

insert into booking.inbound_sms_texts (org_id, sender, body, received_at)
select c.org_id, '+14155550197', m.body, now() - m.age
  from clinics c, (values ('old text', interval '91 days'), ('recent text', interval '89 days')) as m(body, age);

insert into booking.appointment_holds (org_id, calendar_id, contact_id, call_sid, patient_name,
                                       scheduled_at, duration_minutes, ends_at, expires_at, status)
select h.org_id, h.calendar_id, h.contact_id, k.call_sid, h.patient_name,
       h.scheduled_at, h.duration_minutes, h.ends_at, now() - k.age, k.status
  from booking.appointment_holds h,
       (values ('old expired', interval '31 days', 'expired'),
               ('old released', interval '40 days', 'released'),
               ('old never swept', interval '35 days', 'active'),
               ('recent expired', interval '2 days', 'expired')) as k(call_sid, age, status)
 where h.org_id in (select org_id from clinics) and h.status = 'consumed';
update booking.appointment_holds set expires_at = now() - interval '400 days'
 where org_id in (select org_id from clinics) and status = 'consumed';

create temp table before_purge as
  select (select count(*) from booking.sms_outbox where org_id in (select org_id from clinics)) as outbox;
grant select on clinics, before_purge to public;

call tests.authenticate_as_anon();
select throws_ok($$ select public.purge_expired_data() $$, '42501', null, 'anon cannot purge');
call tests.authenticate_as('Retention Clinic A');
select throws_ok($$ select public.purge_expired_data() $$, '42501', null, 'a clinic member cannot purge');

call tests.authenticate_as_service_role();
select is(public.purge_expired_data(0) ->> 'error', 'INVALID_BATCH_SIZE', 'a batch of 0 is refused');
select is(public.purge_expired_data(10001) ->> 'error', 'INVALID_BATCH_SIZE', 'so is one above 10000');

-- A batch of one: at most one row per table, and "more".
select is(public.purge_expired_data(1)::jsonb,
  '{"success": true, "sms_bodies_removed": 1, "phone_verifications_deleted": 1, "inbound_sms_deleted": 1, "inbound_texts_deleted": 1, "holds_deleted": 1, "waitlist_slots_deleted": 0, "waitlist_entries_deleted": 0, "more": true}',
  'a batch of one removes one row per table and says there is more');
select is(public.purge_expired_data()::jsonb,
  '{"success": true, "sms_bodies_removed": 3, "phone_verifications_deleted": 1, "inbound_sms_deleted": 1, "inbound_texts_deleted": 1, "holds_deleted": 5, "waitlist_slots_deleted": 0, "waitlist_entries_deleted": 0, "more": false}',
  'the next call removes the rest');
select is(public.purge_expired_data()::jsonb,
  '{"success": true, "sms_bodies_removed": 0, "phone_verifications_deleted": 0, "inbound_sms_deleted": 0, "inbound_texts_deleted": 0, "holds_deleted": 0, "waitlist_slots_deleted": 0, "waitlist_entries_deleted": 0, "more": false}',
  'a second purge finds nothing: idempotent');
call tests.clear_authentication();

-- SMS: the body of what left the queue long ago is blank; the delivery record stays.
select is((select count(*) from booking.sms_outbox where org_id in (select org_id from clinics)),
  (select outbox from before_purge), 'no outbox message is deleted');
select bag_eq($$ select org_id, body, status from booking.sms_outbox
                  where org_id in (select org_id from clinics) and kind = 'hot_lead_alert' $$,
  $$ select c.org_id, m.body, m.status from clinics c,
       (values ('', 'sent'), ('', 'failed'), ('recent delivered', 'delivered'),
               ('old pending', 'pending'), ('old claimed', 'claimed')) as m(body, status) $$,
  'old sent and failed bodies are blank, in both clinics; recent, pending and claimed ones are kept');
select is_empty($$ select id from booking.sms_outbox
                    where org_id in (select org_id from clinics)
                      and (body = '') is distinct from (body_removed_at is not null) $$,
  'body_removed_at marks exactly the blanked bodies');
select is((select count(*)::int from booking.sms_outbox
            where org_id in (select org_id from clinics) and kind in ('otp', 'confirmation') and body <> ''),
  4, 'the booking''s recent messages keep their text');
select is((select count(*)::int from booking.sms_outbox where org_id in (select org_id from clinics)
             and kind = 'hot_lead_alert' and body = '' and sent_at is null and status in ('sent', 'failed')),
  4, 'their status stays as it was');

select bag_eq($$ select org_id, expires_at > now() - interval '30 days' from booking.phone_verifications
                  where org_id in (select org_id from clinics) $$,
  $$ select org_id, true from clinics $$,
  'phone verifications expired more than 30 days ago are gone, in both clinics');
select bag_eq($$ select org_id, message_sid from booking.inbound_sms_messages
                  where org_id in (select org_id from clinics) $$,
  $$ select org_id, 'SMrecent' from clinics $$,
  'inbound SMS records older than 90 days are gone, in both clinics');
select bag_eq($$ select org_id, body from booking.inbound_sms_texts
                  where org_id in (select org_id from clinics) $$,
  $$ select org_id, 'recent text' from clinics $$,
  'patients'' free-text messages older than 90 days are gone, in both clinics');
select bag_eq($$ select org_id, status from booking.appointment_holds
                  where org_id in (select org_id from clinics) $$,
  $$ select c.org_id, s.status from clinics c, (values ('consumed'), ('expired')) as s(status) $$,
  'dead holds past 30 days are gone in both clinics; the consumed one (its booking) and the recent one stay');
select is((select count(*)::int from booking.appointments where org_id in (select org_id from clinics)),
  2, 'appointments stay');

-- The settings: stored as whole days, refused otherwise, read by the purge.
call tests.authenticate_as_service_role();
select is(public.set_booking_setting('expired_hold_retention_days', ' 001 ') ->> 'value', '1',
  'a retention setting is stored as a whole number of days');
select is(public.set_booking_setting('sms_body_retention_days', '0') ->> 'error', 'INVALID_SETTING_VALUE',
  '0 days is refused');
select is(public.set_booking_setting('inbound_sms_retention_days', '3651') ->> 'error', 'INVALID_SETTING_VALUE',
  'more than 3650 days is refused');
select is(public.set_booking_setting('phone_verification_retention_days', 'a week') ->> 'error',
  'INVALID_SETTING_VALUE', 'words are refused');
select is(public.purge_expired_data() ->> 'holds_deleted', '2',
  'with expired_hold_retention_days = 1 the holds that expired 2 days ago go too');
select is(public.set_booking_setting('sms_body_retention_days', '1') ->> 'value', '1', 'bodies kept 1 day');
select is(public.purge_expired_data() ->> 'sms_bodies_removed', '2',
  'the bodies of messages that left the queue 29 days ago go then');
call tests.clear_authentication();
set local booking.inbound_sms_retention_days = 'forever';
select is(booking.retention_days('inbound_sms_retention_days', 90), 90,
  'a setting that is not a whole number of days reads as the default');

select * from finish();
rollback;
