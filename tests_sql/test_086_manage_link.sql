-- The manage link: an unguessable token per appointment (192 random bits,
-- only its SHA-256 stored) at <PUBLIC_BASE_URL>/a/<token>, and the four
-- token-gated functions anon may call. Patient rules apply; the token
-- keeps working after a reschedule; a cancelled or past appointment is
-- shown read-only; a wrong token reveals nothing.
begin;
select plan(37);

call tests.create_org('Link Clinic');
create function pg_temp.book(p_phone text, p_at timestamptz, p_minutes integer default 60) returns text language sql as $$
  select public.book_appointment_atomic(tests.org_id('Link Clinic'), 'Pat Patient', null, p_phone,
         'Cleaning', p_at, p_minutes) ->> 'appointment_id';
$$;
do $$
begin
  perform set_config('booking.public_base_url', 'https://book.example.com/', true);
  perform set_config('t.a', pg_temp.book('+14155550801', tests.local_noon(3)), true);
  perform set_config('t.token', substring((select body from booking.sms_outbox
    where appointment_id = current_setting('t.a')::uuid and kind = 'confirmation') from 'https://book\.example\.com/a/([A-Za-z0-9_-]+) '), true);
end $$;

-- Security properties.
select is((select array_agg(p.proname::text order by p.proname) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where n.nspname = 'public' and p.proname like 'manage\_%' and p.prosecdef
              and has_function_privilege('anon', p.oid, 'EXECUTE')),
  array['manage_appointment', 'manage_available_slots', 'manage_cancel', 'manage_request_earlier_time',
        'manage_reschedule'],
  'the five manage functions are SECURITY DEFINER and callable by anon');
select function_privs_are('booking', 'issue_manage_token', array['uuid', 'uuid'], 'anon', array[]::text[], 'anon cannot mint tokens');
select function_privs_are('booking', 'manage_link', array['uuid', 'uuid'], 'service_role', array[]::text[], 'nor can service_role call manage_link directly');
select function_privs_are('booking', 'appointment_summary', array['uuid', 'uuid'], 'authenticated', array[]::text[],
  'the read model is internal');

-- The token.
select matches(current_setting('t.token'), '^[A-Za-z0-9_-]{32}$', 'the confirmation SMS carries a 32-character url-safe token (192 bits)');
select is((select count(*)::integer from booking.appointment_manage_tokens
            where token_sha256 = extensions.digest(current_setting('t.token'), 'sha256')), 1, 'its SHA-256 is stored');
select is((select count(*)::integer from booking.appointment_manage_tokens t
            where position(convert_to(current_setting('t.token'), 'UTF8') in t.token_sha256) > 0), 0,
  'the token itself is stored nowhere');
select isnt(booking.issue_manage_token(tests.org_id('Link Clinic'), current_setting('t.a')::uuid), current_setting('t.token'),
  'every token is fresh');
select is((select count(*)::integer from booking.appointment_manage_tokens where appointment_id = current_setting('t.a')::uuid), 2,
  'and an appointment may have several live tokens');
select matches(booking.manage_link(tests.org_id('Link Clinic'), current_setting('t.a')::uuid),
  '^https://book\.example\.com/a/[A-Za-z0-9_-]{32}$', 'manage_link is <booking.public_base_url>/a/<token>');
select throws_ok(format('select booking.issue_manage_token(%L, gen_random_uuid())', tests.org_id('Link Clinic')), 'P0002', null,
  'no token for an unknown appointment');

-- Reading, as anon.
call tests.authenticate_as_anon();
create temp table s1 as select public.manage_appointment(current_setting('t.token')) as r;
call tests.clear_authentication();
select is((select array_agg(k order by k) from s1, json_object_keys(r) k),
  array['appointment_id', 'calendar_id', 'can_cancel', 'can_reschedule', 'cancel_blocked_reason', 'clinic_address',
        'clinic_name', 'clinic_phone', 'clinic_phone_display',
        'duration_minutes', 'earlier_time_offerable', 'earlier_time_requested', 'local_date', 'local_text',
        'local_time', 'patient_confirmed', 'reschedule_blocked_reason', 'reschedules_remaining', 'scheduled_at', 'service_name', 'service_type', 'status', 'success', 'timezone',
        'timezone_name'],
  'anon reads the appointment''s summary (the contract''s fields)');
select is((select jsonb_build_array(r ->> 'status', r ->> 'local_time', r ->> 'local_text', r ->> 'clinic_name', r ->> 'can_cancel',
                                    r ->> 'can_reschedule', r ->> 'reschedules_remaining', r ->> 'timezone') from s1),
  jsonb_build_array('scheduled', '12:00', booking.local_time_text(tests.local_noon(3), 'America/New_York'), 'Link Clinic', 'true',
                    'true', '3', 'America/New_York'), 'with its local time in words and what the patient may do');

-- Wrong tokens: nothing but APPOINTMENT_NOT_FOUND.
create function pg_temp.bare(p json) returns jsonb language sql as $$ select p::jsonb - 'created_at' - 'message' $$;
grant execute on function pg_temp.bare(json) to public;
call tests.authenticate_as_anon();
select is(pg_temp.bare(public.manage_appointment(translate(encode(extensions.gen_random_bytes(24), 'base64'), '+/', '-_'))),
  '{"success": false, "error": "APPOINTMENT_NOT_FOUND"}', 'a well-formed unknown token: APPOINTMENT_NOT_FOUND only');
select is(pg_temp.bare(public.manage_appointment(null)), '{"success": false, "error": "APPOINTMENT_NOT_FOUND"}', 'NULL: the same');
select is(pg_temp.bare(public.manage_appointment('')), '{"success": false, "error": "APPOINTMENT_NOT_FOUND"}', 'empty: the same');
select is(pg_temp.bare(public.manage_appointment(current_setting('t.token') || ' or 1=1')), '{"success": false, "error": "APPOINTMENT_NOT_FOUND"}',
  'malformed: the same');
select is(pg_temp.bare(public.manage_appointment(repeat('a', 100000))), '{"success": false, "error": "APPOINTMENT_NOT_FOUND"}',
  'huge: the same');
select is(pg_temp.bare(public.manage_appointment(upper(current_setting('t.token')))), '{"success": false, "error": "APPOINTMENT_NOT_FOUND"}',
  'a token with its case changed: the same');
select is(pg_temp.bare(public.manage_available_slots('nope', current_date + 3)), '{"success": false, "error": "APPOINTMENT_NOT_FOUND"}',
  'slots with a wrong token: the same');
select is(pg_temp.bare(public.manage_reschedule('nope', tests.local_noon(4))), '{"success": false, "error": "APPOINTMENT_NOT_FOUND"}',
  'reschedule with a wrong token: the same');

-- Slots: the appointment's own calendar and duration, its own interval not blocking it.
create temp table slots as
  select json_array_elements(public.manage_available_slots(current_setting('t.token'),
           (tests.local_noon(3) at time zone 'America/New_York')::date) -> 'slots') ->> 'start' as start;
select is((public.manage_available_slots(current_setting('t.token'), (tests.local_noon(3) at time zone 'America/New_York')::date) ->> 'duration_minutes')::integer,
  60, 'slots are listed for the appointment''s own 60 minutes');
select ok(exists (select from slots where start::timestamptz = tests.local_noon(3) + interval '30 minutes'),
  '12:30, inside its own hour, is offered to it');
call tests.clear_authentication();
select ok(not exists (select from json_array_elements(public.check_availability(tests.org_id('Link Clinic'),
            (tests.local_noon(3) at time zone 'America/New_York')::date) -> 'slots') s
          where (s ->> 'start')::timestamptz = tests.local_noon(3) + interval '30 minutes'),
  'while check_availability (for anyone else) does not offer it');
call tests.authenticate_as_anon();
select is(public.manage_available_slots(current_setting('t.token'), null) ->> 'error', 'INVALID_DATE', 'a NULL date: INVALID_DATE');

-- Reschedule by link: same row, token keeps working, patient rules.
select is(public.manage_reschedule(current_setting('t.token'), tests.local_noon(3) + interval '30 minutes') ->> 'success', 'true',
  'the patient moves it 30 minutes later');
select is((select jsonb_build_array(r ->> 'appointment_id', r ->> 'local_time', r ->> 'reschedules_remaining')
             from (select public.manage_appointment(current_setting('t.token')) r) x),
  jsonb_build_array(current_setting('t.a'), '12:30', '2'), 'the same token shows the same appointment at its new time');
call tests.clear_authentication();
select is((select actor from booking.appointment_history where appointment_id = current_setting('t.a')::uuid), 'patient_link',
  'the history says the patient moved it by link');
do $$
begin
  perform set_config('t.soon', pg_temp.book('+14155550802', tests.within_local_day(date_trunc('minute', now()) + interval '60 minutes', 30), 30), true);
  perform set_config('t.soon_token', booking.issue_manage_token(tests.org_id('Link Clinic'), current_setting('t.soon')::uuid), true);
end $$;
call tests.authenticate_as_anon();
select is(public.manage_cancel(current_setting('t.soon_token')) ->> 'error', 'TOO_LATE_TO_CHANGE',
  'an hour ahead the patient cannot cancel by link (notice 120)');
select is(public.manage_available_slots(current_setting('t.soon_token'), current_date + 3) ->> 'error', 'TOO_LATE_TO_CHANGE',
  'nor list slots to move it to');

-- Cancel by link; the page stays readable.
select is(public.manage_cancel(current_setting('t.token'), 'Feeling better') ->> 'status', 'cancelled', 'the patient cancels by link');
select is((select jsonb_build_array(r ->> 'status', r ->> 'can_cancel', r ->> 'can_reschedule', r ->> 'cancel_blocked_reason')
             from (select public.manage_appointment(current_setting('t.token')) r) x),
  '["cancelled", "false", "false", "APPOINTMENT_CANCELLED"]', 'a cancelled appointment is shown read-only');
select is(public.manage_reschedule(current_setting('t.token'), tests.local_noon(5)) ->> 'error', 'APPOINTMENT_CANCELLED',
  'and cannot be moved');
select is(public.manage_cancel(current_setting('t.token')) ->> 'success', 'true', 'cancelling again is fine');
call tests.clear_authentication();
select is((select cancelled_by || '/' || cancellation_reason from booking.appointments where id = current_setting('t.a')::uuid),
  'patient_link/Feeling better', 'recorded as cancelled by the patient by link, with the reason');
select is((select count(*)::integer from booking.sms_outbox where appointment_id = current_setting('t.a')::uuid and kind = 'cancellation'), 1,
  'one cancellation SMS');

-- A past appointment: read-only.
do $$
begin
  update booking.appointments set scheduled_at = now() - interval '3 hours', ends_at = now() - interval '150 minutes'
   where id = current_setting('t.soon')::uuid;
end $$;
call tests.authenticate_as_anon();
select is((select jsonb_build_array(r ->> 'can_cancel', r ->> 'can_reschedule', r ->> 'reschedule_blocked_reason')
             from (select public.manage_appointment(current_setting('t.soon_token')) r) x),
  '["false", "false", "APPOINTMENT_IN_PAST"]', 'a past appointment is shown read-only');
call tests.clear_authentication();

select * from finish();
rollback;
