-- Package settings (public.set_booking_setting, booking.settings): what is
-- accepted and stored, what is refused, who may change them, and the order
-- in which booking.package_setting reads them (SET booking.<name>, the
-- table, the default).
begin;
select plan(12);

select function_privs_are('public', 'set_booking_setting', array['text', 'text'], 'service_role', array['EXECUTE'],
  'service_role may change package settings');
select function_privs_are('public', 'set_booking_setting', array['text', 'text'], 'authenticated', array[]::text[],
  'clinic members may not');
select is_definer('public', 'set_booking_setting', array['text', 'text'], 'set_booking_setting is SECURITY DEFINER');

-- Each input, as service_role: the answer's error code, or the value stored.
call tests.authenticate_as_service_role();
create temp table setting_cases (name text, given text, stored text, error text);
grant all on setting_cases to public;
insert into setting_cases values
  ('lock_timeout', '1s', '1000ms', null),
  ('lock_timeout', '500 milliseconds', '500ms', null),
  ('lock_timeout', ' 00:00:02 ', '2000ms', null),
  ('lock_timeout', '1 minute', '60000ms', null),
  ('lock_timeout', '1 ms', '1ms', null),
  ('lock_timeout', '0', null, 'INVALID_SETTING_VALUE'),
  ('lock_timeout', '-1s', null, 'INVALID_SETTING_VALUE'),
  ('lock_timeout', '61s', null, 'INVALID_SETTING_VALUE'),
  ('lock_timeout', '1 year', null, 'INVALID_SETTING_VALUE'),
  ('lock_timeout', 'soon', null, 'INVALID_SETTING_VALUE'),
  ('lock_timeout', '1000000000000 hours', null, 'INVALID_SETTING_VALUE'),
  ('public_base_url', 'https://book.example.com/', 'https://book.example.com', null),
  ('public_base_url', 'http://127.0.0.1:3001', 'http://127.0.0.1:3001', null),
  ('public_base_url', 'ftp://book.example.com', null, 'INVALID_SETTING_VALUE'),
  ('public_base_url', 'javascript:alert(1)', null, 'INVALID_SETTING_VALUE'),
  ('public_base_url', 'https://book example.com', null, 'INVALID_SETTING_VALUE'),
  ('statement_timeout', '1s', null, 'UNKNOWN_SETTING'),
  (null, '1s', null, 'UNKNOWN_SETTING');

select is_empty($$
  select c.name, c.given, r ->> 'error', r ->> 'value'
    from setting_cases c, lateral (select public.set_booking_setting(c.name, c.given) as r) answer
   where (r ->> 'error') is distinct from c.error
      or (r ->> 'value') is distinct from c.stored
      or (r ->> 'success')::boolean is distinct from (c.error is null) $$,
  'every value is stored normalized or refused with its code');

select is(public.set_booking_setting('lock_timeout', '1s') ->> 'value', '1000ms', 'lock_timeout set to 1s');
call tests.clear_authentication();
select is(booking.package_setting('lock_timeout', '3s'), '1000ms', 'the table''s value is read');
set local booking.lock_timeout = '300ms';
select is(booking.package_setting('lock_timeout', '3s'), '300ms', 'a session''s SET booking.lock_timeout overrides it');
set local booking.lock_timeout = '';
select is(public.set_booking_setting('lock_timeout', null) ->> 'value', null, 'NULL goes back to the default');
select is(booking.package_setting('lock_timeout', '3s'), '3s', 'the default without a row');
select is(booking.public_base_url(), 'http://127.0.0.1:3001', 'links in SMS use public_base_url');

call tests.create_org('Settings Clinic');
call tests.authenticate_as('Settings Clinic');
select throws_ok($$ select public.set_booking_setting('lock_timeout', '1s') $$, '42501', null,
  'a clinic member cannot change package settings');
call tests.authenticate_as_anon();
select throws_ok($$ select public.set_booking_setting('lock_timeout', '1s') $$, '42501', null,
  'nor can anon');

select * from finish();
rollback;
