-- The phone metadata is internal reference data: RLS on, no policies, no
-- privileges for the API roles; the phone helpers are not executable by them.
begin;
select plan(10);

select is(
  (select array_agg(c.relname::text order by c.relname) from pg_catalog.pg_class c
    where c.relnamespace = 'booking'::regnamespace and c.relkind = 'r'
      and c.relname in ('phone_regions', 'phone_calling_codes', 'phone_leading_digits')
      and c.relrowsecurity),
  array['phone_calling_codes', 'phone_leading_digits', 'phone_regions'],
  'row level security is enabled on the phone metadata tables');
select is_empty(
  $$select policyname from pg_catalog.pg_policies
     where schemaname = 'booking' and tablename like 'phone\_%'$$,
  'the phone metadata tables have no policies');
select is_empty(
  $$select r.rolname, t.name from pg_catalog.pg_roles r,
      unnest(array['booking.phone_regions', 'booking.phone_calling_codes',
                   'booking.phone_leading_digits']) as t(name)
     where r.rolname in ('anon', 'authenticated', 'service_role')
       and has_table_privilege(r.rolname, t.name,
             'select, insert, update, delete, truncate, references, trigger')$$,
  'anon, authenticated and service_role have no privilege on the phone metadata');
select is_empty(
  $$select r.rolname, f.signature from pg_catalog.pg_roles r,
      unnest(array['booking.normalize_phone(text, text)', 'booking.is_phone_region(text)',
                   'booking.strip_national_prefix(text, booking.phone_regions)',
                   'booking.phone_number_length_fit(integer, integer[], integer[])']) as f(signature)
     where r.rolname in ('anon', 'authenticated', 'service_role')
       and has_function_privilege(r.rolname, f.signature, 'execute')$$,
  'the API roles cannot execute the phone helpers');

select volatility_is('booking', 'normalize_phone', array['text', 'text'], 'stable',
  'normalize_phone is STABLE (it reads the metadata)');
select volatility_is('booking', 'is_phone_region', array['text'], 'stable',
  'is_phone_region is STABLE');
select volatility_is('booking', 'strip_national_prefix', array['text', 'booking.phone_regions'], 'immutable',
  'strip_national_prefix is IMMUTABLE');
select volatility_is('booking', 'phone_number_length_fit', array['integer', 'integer[]', 'integer[]'], 'immutable',
  'phone_number_length_fit is IMMUTABLE');

call tests.create_org('Metadata Clinic', 'Europe/London', 'GB');
call tests.authenticate_as('Metadata Clinic');
select throws_ok('select count(*) from booking.phone_regions', '42501', null,
  'authenticated cannot read the phone metadata');
call tests.authenticate_as_anon();
select throws_ok('select count(*) from booking.phone_calling_codes', '42501', null,
  'anon cannot read the phone metadata');
call tests.clear_authentication();

select * from finish();
rollback;
