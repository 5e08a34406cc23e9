-- The one production booking function: its signature, security and grants.
begin;
select plan(11);

select has_function('public', 'book_appointment_atomic',
  array['uuid', 'text', 'text', 'text', 'text', 'timestamp with time zone', 'integer'],
  'book_appointment_atomic has exactly the contract signature');
select is((select count(*)::int from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where p.proname like 'book_appointment%'), 1,
  'there is exactly one booking function, in any schema');
select function_returns('public', 'book_appointment_atomic',
  array['uuid', 'text', 'text', 'text', 'text', 'timestamp with time zone', 'integer'], 'json',
  'it returns json');
select is_definer('public', 'book_appointment_atomic',
  array['uuid', 'text', 'text', 'text', 'text', 'timestamp with time zone', 'integer'],
  'it is SECURITY DEFINER');
select volatility_is('public', 'book_appointment_atomic',
  array['uuid', 'text', 'text', 'text', 'text', 'timestamp with time zone', 'integer'], 'volatile',
  'it is VOLATILE');
select is((select proconfig from pg_proc
            where oid = 'public.book_appointment_atomic(uuid, text, text, text, text, timestamptz, integer)'::regprocedure),
  array['search_path=""'], 'its search_path is empty');
select function_privs_are('public', 'book_appointment_atomic',
  array['uuid', 'text', 'text', 'text', 'text', 'timestamp with time zone', 'integer'],
  'anon', array[]::text[], 'anon cannot execute it');
select function_privs_are('public', 'book_appointment_atomic',
  array['uuid', 'text', 'text', 'text', 'text', 'timestamp with time zone', 'integer'],
  'authenticated', array['EXECUTE'], 'authenticated can execute it');
select function_privs_are('public', 'book_appointment_atomic',
  array['uuid', 'text', 'text', 'text', 'text', 'timestamp with time zone', 'integer'],
  'service_role', array['EXECUTE'], 'service_role can execute it');
select matches(obj_description('public.book_appointment_atomic(uuid, text, text, text, text, timestamptz, integer)'::regprocedure, 'pg_proc'),
  '^THE single production booking function', 'its COMMENT states it is the single production booking function');
select function_privs_are('public', 'create_organization', array['text', 'text', 'text'],
  'authenticated', array[]::text[], 'only service_role may create organizations');

select * from finish();
rollback;
