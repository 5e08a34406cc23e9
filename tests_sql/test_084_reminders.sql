-- Reminders: per-organization offsets (default 24 hours), enqueued in the
-- booking's transaction due at start - offset, not created when already
-- past, and never claimed for an appointment no longer scheduled at that
-- start; opted-out patients' reminders are suppressed.
begin;
select plan(33);

call tests.create_org('Reminder Clinic');
create function pg_temp.book(p_phone text, p_at timestamptz) returns text language sql as $$
  select public.book_appointment_atomic(tests.org_id('Reminder Clinic'), 'Pat Patient', null, p_phone,
         'Cleaning', p_at, 30) ->> 'appointment_id';
$$;
create function pg_temp.reminders(p_id text) returns text language sql as $$
  select coalesce(string_agg(reminder_offset_minutes || '/' || status, ',' order by reminder_offset_minutes desc), 'none')
    from booking.sms_outbox where appointment_id = p_id::uuid and kind = 'reminder';
$$;

select is((select reminder_offsets_minutes from booking.organizations where org_id = tests.org_id('Reminder Clinic')),
  '{1440}'::integer[], 'by default one reminder, 24 hours before');
do $$ begin perform set_config('t.a', pg_temp.book('+14155550701', tests.local_noon(3)), true); end $$;
select is(pg_temp.reminders(current_setting('t.a')), '1440/pending', 'a booking enqueues its reminder');
select is((select jsonb_build_array(next_attempt_at = tests.local_noon(3) - interval '24 hours',
                                    appointment_scheduled_at = tests.local_noon(3),
                                    expires_at = tests.local_noon(3), recipient)
             from booking.sms_outbox where appointment_id = current_setting('t.a')::uuid and kind = 'reminder'),
  jsonb_build_array(true, true, true, '+14155550701'),
  'due 24 hours before the start, for that start, expiring at it, to the patient');
select is((select body from booking.sms_outbox where appointment_id = current_setting('t.a')::uuid and kind = 'reminder'),
  'Reminder Clinic: reminder of your Cleaning appointment on '
  || booking.local_time_text(tests.local_noon(3), 'America/New_York') || '. Reply Y to confirm or C to cancel.',
  'the text: clinic, service, local date and time with zone, Reply Y to confirm or C to cancel');
select ok((select body !~ '\m(CANCEL|STOP)\M' from booking.sms_outbox where appointment_id = current_setting('t.a')::uuid and kind = 'reminder'),
  'never a carrier opt-out word');
select is((select count(*)::integer from booking.events where type = 'sms.queued' and payload ->> 'kind' = 'reminder'), 0,
  'a reminder queued for later is no sms.queued event');
select is((select count(*)::integer from booking.sms_outbox o
            where o.appointment_id = current_setting('t.a')::uuid and o.kind = 'reminder'
              and o.id in (select id from booking.claim_sms_batch('worker-r', 100, 60))), 0,
  'it is not claimed before it is due');

-- Several offsets.
select is(public.set_reminder_offsets(tests.org_id('Reminder Clinic'), '{120, 1440}')::jsonb - 'created_at',
  '{"success": true, "reminder_offsets_minutes": [1440, 120]}'::jsonb, 'set_reminder_offsets: 24 hours and 2 hours');
do $$
begin
  perform set_config('t.b', pg_temp.book('+14155550702', tests.local_noon(4)), true);
  perform set_config('t.c', pg_temp.book('+14155550703', tests.within_local_day(date_trunc('minute', now()) + interval '3 hours', 30)), true);
  perform set_config('t.d', pg_temp.book('+14155550704', tests.within_local_day(date_trunc('minute', now()) + interval '90 minutes', 30)), true);
end $$;
select is(pg_temp.reminders(current_setting('t.b')), '1440/pending,120/pending', 'a booking days ahead gets both');
select is(pg_temp.reminders(current_setting('t.c')), '120/pending', 'one 3 hours ahead only the 2-hour reminder');
select is(pg_temp.reminders(current_setting('t.d')), 'none', 'one 90 minutes ahead none (their times have passed)');
select is(pg_temp.reminders(current_setting('t.a')), '1440/pending', 'appointments booked before keep theirs');

-- Settings that are refused.
select is(public.set_reminder_offsets(tests.org_id('Reminder Clinic'), '{0}') ->> 'error', 'INVALID_SETTINGS', '0 minutes: INVALID_SETTINGS');
select is(public.set_reminder_offsets(tests.org_id('Reminder Clinic'), '{50000}') ->> 'error', 'INVALID_SETTINGS', 'over 30 days: INVALID_SETTINGS');
select is(public.set_reminder_offsets(tests.org_id('Reminder Clinic'), '{60, 60}') ->> 'error', 'INVALID_SETTINGS', 'twice the same: INVALID_SETTINGS');
select is(public.set_reminder_offsets(tests.org_id('Reminder Clinic'), '{60, null}') ->> 'error', 'INVALID_SETTINGS', 'a NULL offset: INVALID_SETTINGS');
select is(public.set_reminder_offsets(tests.org_id('Reminder Clinic'), '{1, 2, 3, 4, 5, 6}') ->> 'error', 'INVALID_SETTINGS', 'six offsets: INVALID_SETTINGS');
select is(public.set_reminder_offsets(tests.org_id('Reminder Clinic'), null) ->> 'error', 'INVALID_SETTINGS', 'NULL: INVALID_SETTINGS');
select is(public.set_reminder_offsets(gen_random_uuid(), '{60}') ->> 'error', 'INVALID_ORGANIZATION', 'an unknown organization: INVALID_ORGANIZATION');
select is((select reminder_offsets_minutes from booking.organizations where org_id = tests.org_id('Reminder Clinic')),
  '{1440,120}'::integer[], 'refused settings change nothing');
select is(public.set_reminder_offsets(tests.org_id('Reminder Clinic'), '{}') ->> 'success', 'true', 'no reminders at all');
do $$ begin perform set_config('t.e', pg_temp.book('+14155550705', tests.local_noon(5)), true); end $$;
select is(pg_temp.reminders(current_setting('t.e')), 'none', 'then a booking gets none');
select is(public.set_reminder_offsets(tests.org_id('Reminder Clinic'), '{1440}') ->> 'success', 'true', 'back to one');

-- The claim path checks the appointment, whatever changed it.
do $$
begin
  perform set_config('t.moved', pg_temp.book('+14155550706', tests.local_noon(6)), true);
  perform set_config('t.gone', pg_temp.book('+14155550707', tests.local_noon(7)), true);
  perform set_config('t.kept', pg_temp.book('+14155550708', tests.local_noon(8)), true);
  -- Writes that bypass the lifecycle functions (and so booking.sync_reminders).
  update booking.appointments set scheduled_at = scheduled_at + interval '1 hour', ends_at = ends_at + interval '1 hour'
   where id = current_setting('t.moved')::uuid;
  update booking.appointments set status = 'cancelled' where id = current_setting('t.gone')::uuid;
  update booking.sms_outbox set next_attempt_at = now() - interval '1 second'
   where kind = 'reminder' and appointment_id in (current_setting('t.moved')::uuid, current_setting('t.gone')::uuid,
                                                   current_setting('t.kept')::uuid);
end $$;
create temp table claimed as select * from booking.claim_sms_batch('worker-r', 100, 60);
select is((select count(*)::integer from claimed c join booking.sms_outbox o on o.id = c.id
            where o.kind = 'reminder' and o.appointment_id = current_setting('t.kept')::uuid), 1,
  'a due reminder of an unchanged appointment is claimed');
select is((select count(*)::integer from claimed c join booking.sms_outbox o on o.id = c.id
            where o.kind = 'reminder' and o.appointment_id in (current_setting('t.moved')::uuid, current_setting('t.gone')::uuid)), 0,
  'a due reminder of a moved or cancelled appointment is never claimed');
select is((select string_agg(status || '/' || error_code, ',') from booking.sms_outbox
            where kind = 'reminder' and appointment_id in (current_setting('t.moved')::uuid, current_setting('t.gone')::uuid)),
  'canceled/APPOINTMENT_CHANGED,canceled/APPOINTMENT_CHANGED', 'they are settled as canceled, saying why');

-- Opted-out patients get none.
do $$
begin
  perform booking.record_sms_opt_out(tests.org_id('Reminder Clinic'), '+14155550709', true, 'STOP', 'inbound_keyword');
  perform set_config('t.quiet', pg_temp.book('+14155550709', tests.local_noon(9)), true);
end $$;
select is(pg_temp.reminders(current_setting('t.quiet')), '1440/suppressed', 'an opted-out patient''s reminder is recorded as suppressed');
do $$
begin
  perform set_config('t.later', pg_temp.book('+14155550710', tests.local_noon(10)), true);
  perform booking.record_sms_opt_out(tests.org_id('Reminder Clinic'), '+14155550710', true, 'STOP', 'inbound_keyword');
  update booking.sms_outbox set next_attempt_at = now() - interval '1 second'
   where kind = 'reminder' and appointment_id = current_setting('t.later')::uuid;
end $$;
select is((select count(*)::integer from booking.claim_sms_batch('worker-r', 100, 60) c
            join booking.sms_outbox o on o.id = c.id where o.appointment_id = current_setting('t.later')::uuid), 0,
  'a patient who opts out after booking is not sent the reminder');
select is(pg_temp.reminders(current_setting('t.later')), '1440/suppressed', 'it is recorded as suppressed');

-- A booking and its reminder commit or roll back together.
select lives_ok($$
  do $inner$
  begin
    perform pg_temp.book('+14155550711', tests.local_noon(11));
    raise exception 'abort' using errcode = 'P0001';
  exception when sqlstate 'P0001' then null;
  end $inner$ $$, 'a booking rolled back inside a subtransaction');
select is((select count(*)::integer from booking.sms_outbox where recipient = '+14155550711'), 0,
  'takes its reminder with it');
-- The one-reminder-per-start-and-offset index.
select throws_ok(format($$insert into booking.sms_outbox (org_id, kind, recipient, body, appointment_id, appointment_scheduled_at, reminder_offset_minutes)
                          values (%L, 'reminder', '+14155550701', 'dup', %L, %L, 1440)$$,
  tests.org_id('Reminder Clinic'), current_setting('t.a'), tests.local_noon(3)), '23505', null,
  'a second reminder for the same start and offset is refused');
select is(booking.sync_reminders(tests.org_id('Reminder Clinic'), current_setting('t.a')::uuid), 0,
  'syncing an unchanged appointment adds nothing');

select * from finish();
rollback;
