-- Patient search (public.search_patients: part of a name, a typo, part of
-- a phone number; pg_trgm indexes), the patient page (patient_details)
-- and contact corrections (update_patient_contact), under RLS: a member
-- finds only their own clinic's patients.
begin;
select plan(22);
set constraints all immediate;

call tests.create_org('Search Clinic');
call tests.create_org('Other Search Clinic');
call tests.create_staff_account('desk@search.test', 'Search Clinic', 'front_desk');
do $$
declare
  v_id text;
begin
  perform public.book_appointment_atomic(tests.org_id('Search Clinic'), 'Johanna Smithers', null, '+14155551201', 'Cleaning', tests.local_noon(2), 30);
  perform public.book_appointment_atomic(tests.org_id('Search Clinic'), 'Peter Parker', null, '+14155551202', 'Cleaning', tests.local_noon(3), 30);
  v_id := public.book_appointment_atomic(tests.org_id('Search Clinic'), 'Johanna Smithers', null, '+14155551201', 'Cleaning', tests.local_noon(4), 30) ->> 'appointment_id';
  update booking.appointments set scheduled_at = tests.local_noon(-3), ends_at = tests.local_noon(-3) + interval '30 minutes', status = 'no_show'
   where id = v_id::uuid;
  perform public.book_appointment_atomic(tests.org_id('Other Search Clinic'), 'Johanna Smithers', null, '+14155551209', 'Cleaning', tests.local_noon(2), 30);
end $$;
create function pg_temp.names(p_query text, p_org text default 'Search Clinic') returns text language sql as $$
  select string_agg(p ->> 'name', ',' order by ord)
    from jsonb_array_elements(public.search_patients(tests.org_id(p_org), p_query)::jsonb -> 'patients') with ordinality as x(p, ord);
$$;
grant execute on all functions in schema pg_temp to public;
select set_config('t.other', (select id::text from booking.contacts where phone = '+14155551209'), true) is not null as other
  into temp other_found;

select has_index('booking', 'contacts', 'contacts_name_trigram', 'names have a trigram index');
select has_index('booking', 'contacts', 'contacts_phone_trigram', 'phone numbers have a trigram index');
select function_privs_are('public', 'search_patients', array['uuid', 'text', 'integer'], 'anon', array[]::text[],
  'anon cannot search patients');
select is(p.prosecdef, false, 'search_patients is SECURITY INVOKER: RLS decides')
  from pg_proc p where p.oid = 'public.search_patients(uuid, text, integer)'::regprocedure;

call tests.authenticate_as_account('desk@search.test');
select is(pg_temp.names('johan'), 'Johanna Smithers', 'part of a first name, any case');
select is(pg_temp.names('smith'), 'Johanna Smithers', 'part of a last name');
select is(pg_temp.names('Johana'), 'Johanna Smithers', 'a typo');
select is(pg_temp.names('Smihters'), 'Johanna Smithers', 'another typo');
select is(pg_temp.names('555-1202'), 'Peter Parker', 'part of a phone number, formatted');
select is(pg_temp.names('Zebediah'), null, 'no match: no patients');
select is(public.search_patients(tests.org_id('Search Clinic'), ' j ') ->> 'error', 'INVALID_QUERY', 'one letter: INVALID_QUERY');
select is((public.search_patients(tests.org_id('Search Clinic'), 'Johanna')::jsonb #>> '{patients,0,no_show_count}')::integer, 1,
  'the match shows the no-show count');
select throws_ok(format('select public.search_patients(%L, ''Johanna'')', tests.org_id('Other Search Clinic')),
  '42501', null, 'another clinic''s patients: 42501');

-- The patient page.
select set_config('t.johanna', (select id::text from booking.contacts where org_id = tests.org_id('Search Clinic') and phone = '+14155551201'), true)
  is not null as found into temp johanna_found;
create temp table page on commit drop as
  select public.patient_details(tests.org_id('Search Clinic'), current_setting('t.johanna')::uuid)::jsonb as p;
select is((select p #>> '{patient,phone}' from page), '+14155551201', 'the patient page: contact details');
select is((select jsonb_array_length(p -> 'upcoming') || '/' || jsonb_array_length(p -> 'past') from page), '1/1',
  'upcoming and past appointments');
select is((select (p ->> 'no_show_count')::integer from page), 1, 'and the no-show count');
select is(public.patient_details(tests.org_id('Search Clinic'),
  current_setting('t.other')::uuid) ->> 'error', 'PATIENT_NOT_FOUND',
  'another clinic''s patient is not found (RLS)');

-- Corrections.
select is(public.update_patient_contact(tests.org_id('Search Clinic'), current_setting('t.johanna')::uuid,
  'JOHANNA SMITHERS-LEE', '(415) 555-1203', ' Jo@Example.COM ')::jsonb - 'contact_id',
  '{"success": true, "name": "Johanna Smithers-Lee", "phone": "+14155551203", "email": "Jo@example.com"}',
  'staff correct the contact details, normalized');
select is(public.update_patient_contact(tests.org_id('Search Clinic'), current_setting('t.johanna')::uuid,
  'Johanna', '+14155551202') ->> 'error', 'PHONE_TAKEN', 'another patient''s number: PHONE_TAKEN');
select is(public.update_patient_contact(tests.org_id('Search Clinic'), current_setting('t.johanna')::uuid,
  'Johanna', 'not a phone') ->> 'error', 'INVALID_PHONE', 'a bad number: INVALID_PHONE');
select is(public.update_patient_contact(tests.org_id('Search Clinic'), gen_random_uuid(), 'Johanna', '+14155551204') ->> 'error',
  'PATIENT_NOT_FOUND', 'an unknown patient: PATIENT_NOT_FOUND');
select throws_ok(format('select public.update_patient_contact(%L, %L, ''X Y'', ''+14155551205'')',
  tests.org_id('Other Search Clinic'), current_setting('t.johanna')), '42501', null, 'nor for another clinic');
call tests.clear_authentication();

select * from finish();
rollback;
