-- SMS pumping: patient SMS go only to the countries an organization allows
-- (default: its phone region's calling code), never to non-geographic
-- (satellite, international network) or premium-rate / shared-cost
-- numbers; refused where the number is taken, so nothing is held or
-- queued. The clinic's own hot-lead alert number is exempt.
begin;
select plan(24);

call tests.create_org('Pumped Clinic');
create function pg_temp.claim(p_call text, p_minutes integer, p_phone text) returns json
language sql as $$
  select public.claim_slot_atomic(tests.org_id('Pumped Clinic'), 'cal-1', tests.local_noon(3) + make_interval(mins => p_minutes * 6),
           p_call, 'Pat Pump', p_phone)
$$;
create function pg_temp.book(p_minutes integer, p_phone text) returns json
language sql as $$
  select public.book_appointment_atomic(tests.org_id('Pumped Clinic'), 'Pat Pump', null, p_phone, 'consultation',
           tests.local_noon(4) + make_interval(mins => p_minutes * 6), 30)
$$;
create function pg_temp.refusal(p_phone text) returns text language sql as $$
  select booking.sms_destination_refusal(tests.org_id('Pumped Clinic'), p_phone) ->> 'error'
$$;

-- The issue's numbers, in a US clinic.
select is(pg_temp.claim('c-900', 0, '+1 900 234 5678') ->> 'error', 'PHONE_NOT_ALLOWED', 'a US premium-rate number (+1 900) holds nothing');
select is(pg_temp.claim('c-881', 10, '+881 612 345 678') ->> 'error', 'PHONE_NOT_ALLOWED', 'a satellite number (+881) holds nothing');
select is(pg_temp.claim('c-870', 20, '+870 301 234 567') ->> 'error', 'PHONE_NOT_ALLOWED', 'an Inmarsat number (+870) holds nothing');
select is(pg_temp.claim('c-882', 30, '+882 342 1234') ->> 'error', 'PHONE_NOT_ALLOWED', 'an international network number (+882) holds nothing');
select is(pg_temp.claim('c-883', 40, '+883 510 012 345') ->> 'error', 'PHONE_NOT_ALLOWED', 'an international network number (+883) holds nothing');
select is(pg_temp.claim('c-gb', 50, '+44 7400 123456') ->> 'error', 'PHONE_NOT_ALLOWED', 'a country the clinic does not allow holds nothing');
select is(pg_temp.book(0, '+881 612 345 678') ->> 'error', 'PHONE_NOT_ALLOWED', 'bookClinicAppointment books nothing for a satellite number');
select is(pg_temp.book(60, '+1 900 234 5678') ->> 'error', 'PHONE_NOT_ALLOWED', 'nor for a premium-rate number');
select is((select count(*)::integer from booking.appointment_holds where org_id = tests.org_id('Pumped Clinic')), 0, 'no hold was made');
select is((select count(*)::integer from booking.appointments where org_id = tests.org_id('Pumped Clinic')), 0, 'no appointment was made');
select is((select count(*)::integer from booking.sms_outbox where org_id = tests.org_id('Pumped Clinic')), 0, 'nothing was queued');
select is((select count(*)::integer from booking.contacts where org_id = tests.org_id('Pumped Clinic')), 0, 'no contact was stored');

-- Ordinary numbers of the calling code pass.
select is(pg_temp.claim('c-us', 70, '+1 415 555 0671') ->> 'success', 'true', 'a US number may hold a slot');
select is(pg_temp.claim('c-ca', 80, '+1 506 234 5678') ->> 'success', 'true', 'a Canadian number too (same calling code)');
select is(pg_temp.refusal('+18002345678'), null, 'a toll-free number is not premium');

-- Settings: more countries, but never premium or non-geographic numbers.
call tests.authenticate_as('Pumped Clinic');
select throws_ok(format('select public.set_sms_limits(%L, array[1, 44])', tests.org_id('Pumped Clinic')), '42501', null,
  'a clinic member cannot change its own abuse limits');
call tests.clear_authentication();
select is(public.set_sms_limits(tests.org_id('Pumped Clinic'), array[881]) ->> 'error', 'INVALID_CALLING_CODES',
  'a non-geographic calling code cannot be allowed');
select is(public.set_sms_limits(tests.org_id('Pumped Clinic'), '{}') ->> 'error', 'INVALID_CALLING_CODES', 'nor no country at all');
select is(public.set_sms_limits(tests.org_id('Pumped Clinic'), array[44, 1, 44]) ->> 'allowed_calling_codes', '[1,44]',
  'the clinic allows the UK too');
select is(pg_temp.claim('c-gb2', 90, '+44 7400 123456') ->> 'success', 'true', 'a UK mobile may hold a slot then');
select is(pg_temp.refusal('+449012345678'), 'PHONE_NOT_ALLOWED', 'a UK premium-rate number stays refused');
select is(pg_temp.refusal('+33884012345'), 'PHONE_NOT_ALLOWED', 'a French number is refused (country not allowed)');

-- Backstop and exemption in the outbox.
create temp table queued as
  select booking.enqueue_sms(tests.org_id('Pumped Clinic'), 'otp', '+19002345678', 'x') as patient_message,
         booking.enqueue_sms(tests.org_id('Pumped Clinic'), 'hot_lead_alert', '+33 1 23 45 67 89', 'hot lead') as alert;
select is((select status || ' ' || error_code from booking.sms_outbox where id = (select patient_message from queued)),
  'suppressed PHONE_NOT_ALLOWED', 'a patient SMS to a refused number that reaches the outbox is never sent');
select is((select status from booking.sms_outbox where id = (select alert from queued)),
  'pending', 'the clinic''s own hot-lead alert number is not subject to the limits');

select * from finish();
rollback;
