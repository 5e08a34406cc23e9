-- Rules that hold for every table and function of the package, so that a
-- new table or function cannot silently break them.
begin;
select plan(16);

-- Reference tables hold global data (no tenant); their COMMENT starts with
-- 'Reference data'. Every other table of the private schema is a tenant table.
create temp view package_tables as
  select c.oid, n.nspname, c.relname,
         coalesce(obj_description(c.oid, 'pg_class'), '') like 'Reference data%' as is_reference
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where n.nspname in ('booking', 'public') and c.relkind in ('r', 'p');

select is_empty($$ select relname from package_tables where not exists (
  select from pg_class c where c.oid = package_tables.oid and c.relrowsecurity) $$,
  'row level security is enabled on every table');

select is_empty($$ select relname from package_tables where nspname = 'public' $$,
  'no table lives in the exposed schema public');

select is_empty($$ select relname from package_tables t where not is_reference and not exists (
  select from pg_attribute a where a.attrelid = t.oid and a.attname = 'org_id' and not a.attisdropped) $$,
  'every tenant table has an org_id column');

select is_empty($$
  select t.relname || '.' || con.conname
    from package_tables t join pg_constraint con on con.conrelid = t.oid
   where not t.is_reference and con.contype in ('p', 'u', 'f', 'x')
     and not exists (select from pg_attribute a where a.attrelid = con.conrelid
                       and a.attnum = any (con.conkey) and a.attname = 'org_id') $$,
  'every primary, unique, foreign and exclusion key of a tenant table includes org_id');

select is_empty($$
  select t.relname || '.' || con.conname
    from package_tables t join pg_constraint con on con.conrelid = t.oid
   where not t.is_reference and con.contype = 'f'
     and not exists (select from pg_attribute a where a.attrelid = con.confrelid
                       and a.attnum = any (con.confkey) and a.attname = 'org_id') $$,
  'every foreign key of a tenant table references org_id too');

select is_empty($$
  select t.relname || '.' || i.indexrelid::regclass::text
    from package_tables t join pg_index i on i.indrelid = t.oid
   where not t.is_reference and i.indisunique
     and not exists (select from pg_attribute a where a.attrelid = t.oid
                       and a.attnum = any (i.indkey) and a.attname = 'org_id') $$,
  'every unique index of a tenant table includes org_id');

create temp view package_functions as
  select p.oid, n.nspname, p.proname, p.oid::regprocedure::text as signature, p.prosecdef, p.proconfig, p.proacl
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
   where n.nspname in ('booking', 'public')
     and not exists (select from pg_depend d where d.objid = p.oid and d.deptype = 'e');

select is_empty($$ select signature from package_functions
   where proacl is null
      or exists (select from aclexplode(proacl) a where a.grantee = 0 and a.privilege_type = 'EXECUTE') $$,
  'no function is executable by PUBLIC');

-- The test database carries Supabase's default privileges (everything in
-- public granted to anon, authenticated, service_role); these hold anyway.
select results_eq($$ select proname::text collate "C" from package_functions
   where has_function_privilege('anon', oid, 'EXECUTE') order by 1 $$,
  $$ select unnest(array['accept_staff_invitation', 'claim_waitlist_offer', 'complete_password_reset',
            'leave_waitlist_by_offer', 'manage_appointment', 'manage_available_slots', 'manage_cancel',
            'manage_request_earlier_time', 'manage_reschedule', 'waitlist_offer']) collate "C" $$,
  'anon can execute only the token-gated functions (manage link, waitlist offer link, staff invitation, password reset)');

select results_eq($$ select proname::text collate "C" from package_functions
   where nspname = 'public' and has_function_privilege('authenticated', oid, 'EXECUTE') order by 1 $$,
  $$ select unnest(array['add_voice_credential', 'appointment_detail', 'appointment_history', 'begin_voice_tool_call', 'block_calendar_time',
            'book_appointment_atomic', 'calendar_day_view', 'cancel_appointment',
            'cancel_appointment_by_phone', 'check_availability', 'claim_slot_atomic', 'claim_waitlist_offer', 'clear_date_override',
            'clinic_profile', 'clinic_settings', 'confirm_appointment_for_patient', 'confirm_held_slot',
            'create_calendar', 'daily_report', 'dashboard_appointment', 'dashboard_feed', 'dashboard_overview', 'event_feed_start', 'events_since',
            'finish_voice_tool_call', 'hot_leads_generated', 'invite_staff_member', 'join_waitlist',
            'leave_waitlist', 'leave_waitlist_by_offer', 'list_staff',
            'lookup_appointments', 'manage_appointment', 'manage_available_slots', 'manage_cancel',
            'manage_request_earlier_time', 'manage_reschedule', 'my_memberships', 'patient_details', 'release_hold',
            'remove_calendar_block', 'reply_to_sms', 'reschedule_appointment', 'reschedule_appointment_by_phone',
            'reschedule_options', 'reset_staff_password', 'revoke_voice_credential', 'search_patients',
            'send_confirmation_sms', 'send_otp', 'send_test_sms', 'set_appointment_attendance',
            'set_appointment_outcome', 'set_calendar_settings', 'set_caller_id_policy', 'set_clinic_profile',
            'set_date_override', 'set_integration_settings', 'set_lead_scoring', 'set_reminder_offsets',
            'set_sms_limits', 'set_staff_member_disabled', 'set_staff_role', 'set_voice_agent',
            'set_waitlist_settings', 'set_weekly_hours', 'sms_delivery_status', 'sms_inbox', 'sms_thread',
            'staff_book_appointment', 'staff_booking_options',
            'update_patient_contact', 'upsert_service_type', 'voice_call_context', 'waitlist_offer',
            'waitlist_overview']) collate "C" $$,
  'clinic members can execute exactly the member API (the staff and settings functions check the member''s role: booking.assert_org_role, test_098); the package''s, the service''s and the worker''s functions are service_role only');

select is_empty($$ select signature from package_functions
   where prosecdef and not ('search_path=""' = any (coalesce(proconfig, '{}'))) $$,
  'every SECURITY DEFINER function has set search_path = ''''');

select is_empty($$ select signature from package_functions
   where nspname = 'public' and prosecdef
     and pg_get_functiondef(oid) !~ 'booking\.(assert_(org_access|org_role|service_role|can_manage_staff)|admin_calendar|manage_token_appointment|waitlist_token_offer|staff_token_hash)\(' $$,
  'every SECURITY DEFINER function in public checks its caller (the manage, waitlist offer, invitation and reset functions: their token)');

select is_empty($$ select signature from package_functions
   where nspname = 'public' and coalesce(obj_description(oid, 'pg_proc'), '') = '' $$,
  'every function in public has a COMMENT');

-- The COMMENT is the contract (docs/sql-api.md, the OpenAPI document): a
-- one-line summary (the OpenAPI summary), a blank line, then the details
-- (arguments, answer, error codes; the OpenAPI description).
select is_empty($$ select signature from package_functions
   where nspname = 'public'
     and coalesce(obj_description(oid, 'pg_proc'), '') !~ '^[^\n]*\S[^\n]*\n\n\S' $$,
  'every COMMENT in public is a one-line summary, a blank line, then the details');

select is_empty($$ select signature from package_functions
   where nspname = 'public'
     and exists (select from aclexplode(proacl) a
                  where a.grantee = 'anon'::regrole and a.privilege_type = 'EXECUTE')
     and signature like 'book_appointment_atomic%' $$,
  'anon cannot execute the booking function');

-- No lock shared across organizations at commit: a transaction that calls
-- pg_notify takes PostgreSQL's cluster-wide notify lock at COMMIT, held
-- through the WAL flush. Wake-ups are owed (booking.notify_after_commit) and
-- sent after the commit by the committer.
select is_empty($$ select signature from package_functions
   where (select p.prosrc from pg_proc p where p.oid = package_functions.oid) ~* 'pg_notify\s*\(' $$,
  'no function notifies inside the transaction (booking.notify_after_commit owes a wake-up instead)');

-- Event triggers fire in their statement: deferred to COMMIT, the wake-ups
-- they owe would be set after the committer read them.
select is_empty($$ select tgrelid::regclass::text || '.' || tgname from pg_trigger
   where tgfoid = 'booking.record_event()'::regprocedure and (tgdeferrable or tginitdeferred) $$,
  'no live-feed event trigger is deferred');

select * from finish();
rollback;
