-- booking.normalize_phone and booking.is_phone_region on the issue's
-- examples, and a booking that stores a national number in E.164.
-- (tests/test_phone_normalization.py compares with phonenumbers at scale.)
begin;
select plan(37);

-- Valid numbers, read with the organization's region.
select is(booking.normalize_phone('(415) 555-2671', 'US'), '+14155552671', 'US national number');
select is(booking.normalize_phone('07400 123456', 'GB'), '+447400123456', 'GB national number: trunk prefix 0 stripped');
select is(booking.normalize_phone('+49 30 901820', 'US'), '+4930901820', '+49 read from US');
select is(booking.normalize_phone('+49 30 901820', 'GB'), '+4930901820', '+49 read from GB');
select is(booking.normalize_phone('+49 30 901820', 'JP'), '+4930901820', '+49 read from JP');
select is(booking.normalize_phone('+49 30 901820', null), '+4930901820', '+49 read without a region');
select is(booking.normalize_phone('011 44 7400 123456', 'US'), '+447400123456', 'US international dialling prefix 011');
select is(booking.normalize_phone('00 49 30 901820', 'GB'), '+4930901820', 'GB international dialling prefix 00');
select is(booking.normalize_phone('8 10 49 30 901820', 'RU'), '+4930901820', 'RU international dialling prefix 8 10');
select is(booking.normalize_phone('1 (415) 555-2671', 'US'), '+14155552671', 'US trunk prefix 1');
select is(booking.normalize_phone('14155552671', 'US'), '+14155552671', 'US calling code without +');
select is(booking.normalize_phone('613-555-0123', 'US'), '+16135550123', 'a Canadian number in a US organization');
select is(booking.normalize_phone('+44 (0) 20 7946 0958', 'US'), '+442079460958', 'the (0) of an international GB number');
select is(booking.normalize_phone('02 1234 5678', 'IT'), '+390212345678', 'the leading zero of Italian numbers is kept');
select is(booking.normalize_phone('0343 15-555-1212', 'AR'), '+5493435551212', 'Argentine mobile: 0 and 15 become 9');
select is(booking.normalize_phone('8 (912) 345-67-89', 'RU'), '+79123456789', 'RU trunk prefix 8');
select is(booking.normalize_phone('464-1234', 'AG'), '+12684641234', 'Antigua local number gets its area code');
select is(booking.normalize_phone(' 415.555.2671 ', 'US'), '+14155552671', 'dots and outer spaces');
select is(booking.normalize_phone(U&'\FF14\FF11\FF15 555 2671', 'US'), '+14155552671', 'full-width digits');

-- Not valid: NULL, never an error.
select is(booking.normalize_phone('+1-555-1234', 'US'), null, '+1-555-1234 is not valid');
select is(booking.normalize_phone(null, 'US'), null, 'NULL');
select is(booking.normalize_phone('', 'US'), null, 'empty');
select is(booking.normalize_phone('abc', 'US'), null, 'letters');
select is(booking.normalize_phone('1-800-FLOWERS', 'US'), null, 'vanity numbers are refused');
select is(booking.normalize_phone('415 555 2671 ext. 12', 'US'), null, 'extensions are refused');
select is(booking.normalize_phone('4155552671123456789012', 'US'), null, 'too long');
select is(booking.normalize_phone(repeat('(', 300), 'US'), null, 'garbage longer than 250 characters');
select is(booking.normalize_phone('415 555 2671', null), null, 'a national number without a region');
select is(booking.normalize_phone('415 555 2671', 'ZZ'), null, 'a national number with an unknown region');

-- Regions.
select ok(booking.is_phone_region('US'), 'US is a phone region');
select ok(booking.is_phone_region('GB'), 'GB is a phone region');
select ok(not booking.is_phone_region('ZZ'), 'ZZ is not');
select ok(not booking.is_phone_region('001'), 'the non-geographic 001 is not');
select ok(not coalesce(booking.is_phone_region(null), false), 'NULL is not');

-- Bookings store the number in E.164.
call tests.create_org('Phone Clinic', 'Europe/London', 'GB');
select is(
  public.book_appointment_atomic(tests.org_id('Phone Clinic'), 'Jane Doe', null, '07400 123456',
    'consultation', tests.local_noon(1, 'Europe/London'), 30) ->> 'success',
  'true', 'a booking with a national GB number succeeds');
select is(
  (select array_agg(phone) from booking.contacts where org_id = tests.org_id('Phone Clinic')),
  array['+447400123456'], 'its contact has the number in E.164');
select is(
  public.book_appointment_atomic(tests.org_id('Phone Clinic'), 'Jane Doe', null, '+1-555-1234',
    'consultation', now() + interval '2 days', 30) ->> 'error',
  'INVALID_PHONE', 'an invalid number answers INVALID_PHONE');

select * from finish();
rollback;
