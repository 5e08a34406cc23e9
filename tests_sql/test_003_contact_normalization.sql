-- Names, e-mails and contact reuse (phone numbers: test_010).
begin;
select plan(22);

select is(booking.normalize_person_name('  JOHN   O''BRIEN '), 'John O''Brien', 'all-upper names are title-cased');
select is(booking.normalize_person_name('jane doe'), 'Jane Doe', 'all-lower names are title-cased');
select is(booking.normalize_person_name('McDonald'), 'McDonald', 'deliberate mixed case is kept');
select is(booking.normalize_person_name('van der Berg'), 'van der Berg', 'lower-case particles in mixed case are kept');
select is(booking.normalize_person_name('mary-jane smith'), 'Mary-Jane Smith', 'hyphenated names are title-cased per part');
select is(booking.normalize_person_name(e'Anna\t\n Lee'), 'Anna Lee', 'inner white space collapses to one space');
select is(booking.normalize_person_name('ÉLODIE DURAND'), 'Élodie Durand', 'non-ASCII letters are title-cased');
select is(booking.normalize_person_name(null), null, 'NULL is not a name');
select is(booking.normalize_person_name('   '), null, 'blank is not a name');
select is(booking.normalize_person_name('12345'), null, 'a name needs a letter');
select is(booking.normalize_person_name(e'Bob\u0007'), null, 'control characters are refused');
select is(booking.normalize_person_name(repeat('a', 201)), null, 'more than 200 characters is refused');

select is(booking.normalize_email('  Jane.Doe@Example.COM '), 'Jane.Doe@example.com', 'e-mail trimmed, domain lower-cased, local part kept');
select is(booking.normalize_email('a+tag@sub.example.co.uk'), 'a+tag@sub.example.co.uk', 'plus tags and subdomains are valid');
select is(booking.normalize_email('no-at-sign.example.com'), null, 'an address needs an @');
select is(booking.normalize_email('a@b@example.com'), null, 'only one @');
select is(booking.normalize_email('a..b@example.com'), null, 'no empty dot-atoms');
select is(booking.normalize_email('a@localhost'), null, 'the domain needs a top-level label');
select is(booking.normalize_email('a@-bad-.com'), null, 'labels cannot start or end with a hyphen');

-- Through the booking function: one contact per (organization, phone).
call tests.create_org('Normalization Clinic');
create temp table first_booking as
  select public.book_appointment_atomic(tests.org_id('Normalization Clinic'), 'JOHN O''BRIEN',
           '  John@Example.COM ', '+14155552671', 'consultation',
           tests.local_noon(2), 30) as r;
create temp table second_booking as
  select public.book_appointment_atomic(tests.org_id('Normalization Clinic'), 'John O''Brien',
           null, '+1 (415) 555-2671', 'follow-up',
           tests.local_noon(3), 30) as r;

select results_eq(
  $$ select name, email, phone, booking_source from booking.contacts
      where org_id = tests.org_id('Normalization Clinic') $$,
  $$ values ('John O''Brien', 'John@example.com', '+14155552671', 'phone_ai') $$,
  'the contact is stored normalized, once, and a booking without e-mail keeps the known one');
select is((select r ->> 'contact_id' from second_booking), (select r ->> 'contact_id' from first_booking),
  'a second booking with the same phone reuses the contact');
select results_eq(
  $$ select status from booking.leads where org_id = tests.org_id('Normalization Clinic') $$,
  $$ values ('pending') $$, 'the contact has one lead, pending');

select * from finish();
rollback;
