-- Two-way SMS: Y/YES confirm the sender's next upcoming appointment at the
-- clinic when no sent message gives a context (test_111) (actor
-- patient_sms), C cancels it (notice applies; inside it the reply says to
-- call the clinic), R answers with a manage link; other texts are kept and
-- acknowledged (test_113). Carrier keywords keep their meaning (CANCEL opts
-- out, it does not cancel). Every reply goes through the outbox in the same
-- transaction.
begin;
select plan(44);

select is(booking.sms_reply_keyword('Y'), 'confirm', 'Y confirms');
select is(booking.sms_reply_keyword(' yes '), 'confirm', 'YES confirms, any case');
select is(booking.sms_reply_keyword('c'), 'cancel', 'C cancels');
select is(booking.sms_reply_keyword('R'), 'manage_link', 'R asks for the manage link');
select is(booking.sms_reply_keyword('CANCEL'), null, 'CANCEL is no reply keyword');
select is(booking.sms_keyword_action('CANCEL'), 'opt_out', 'it stays a carrier opt-out word');
select is(booking.sms_reply_keyword('yes please'), null, 'a sentence is no keyword');

call tests.create_org('Reply Clinic');
call tests.create_org('Other Reply Clinic');
create temp table appts (name text primary key, id uuid);
do $$
begin
  insert into appts values
    ('first', (public.book_appointment_atomic(tests.org_id('Reply Clinic'), 'Rita Reply', null, '+14155550801',
               'consultation', tests.local_noon(2), 30) ->> 'appointment_id')::uuid),
    ('second', (public.book_appointment_atomic(tests.org_id('Reply Clinic'), 'Rita Reply', null, '+14155550801',
               'consultation', tests.local_noon(3), 30) ->> 'appointment_id')::uuid),
    ('elsewhere', (public.book_appointment_atomic(tests.org_id('Other Reply Clinic'), 'Rita Reply', null, '+14155550801',
               'consultation', tests.local_noon(1), 30) ->> 'appointment_id')::uuid),
    ('soon', (public.book_appointment_atomic(tests.org_id('Reply Clinic'), 'Sam Soon', null, '+14155550802',
               'consultation', tests.within_local_day(date_trunc('minute', now()) + interval '30 minutes', 30), 30) ->> 'appointment_id')::uuid);
end $$;
create function pg_temp.id(p_name text) returns uuid language sql as $$ select id from appts where name = p_name $$;
create function pg_temp.inbound(p_from text, p_body text) returns json language sql as $$
  select booking.record_inbound_sms(tests.org_id('Reply Clinic'), p_from, p_body)
$$;
create function pg_temp.reply_body(p_answer json) returns text language sql as $$
  select body from booking.sms_outbox where id = (p_answer ->> 'message_id')::uuid and kind = 'reply'
$$;
create temp table answers (name text primary key, r json);
grant select, insert on appts, answers to public;
grant execute on function pg_temp.id(text), pg_temp.inbound(text, text), pg_temp.reply_body(json) to public;
call tests.authenticate_as_service_role();

-- Y
insert into answers values ('y', pg_temp.inbound('(415) 555-0801', 'y'));
call tests.clear_authentication();
select is((select r ->> 'action' from answers where name = 'y'), 'confirm', 'Y: confirmed');
select is((select r ->> 'appointment_id' from answers where name = 'y'), pg_temp.id('first')::text,
  'the next upcoming appointment at this clinic (not the sooner one elsewhere)');
select ok((select patient_confirmed_at is not null from booking.appointments where id = pg_temp.id('first')),
  'it is marked confirmed by the patient');
select ok((select patient_confirmed_at is null from booking.appointments where id = pg_temp.id('second')),
  'the later one is not');
select is((select actor from booking.appointment_history where appointment_id = pg_temp.id('first')
            and action = 'patient_confirmed'), 'patient_sms', 'the history says the patient confirmed by text');
select ok((select pg_temp.reply_body(r) like '%' || booking.local_time_text(tests.local_noon(2), 'America/New_York') || '%'
             from answers where name = 'y'), 'the reply, queued in the outbox, says the time in words');
select is((select status from booking.sms_outbox where id = (select (r ->> 'message_id')::uuid from answers where name = 'y')),
  'pending', 'and is on its way');
select ok((select pg_temp.reply_body(r) !~ '\m(STOP|CANCEL)\M' from answers where name = 'y'),
  'it never asks for a carrier opt-out word');
call tests.authenticate_as_service_role();
select is(pg_temp.inbound('+14155550801', 'YES') ->> 'action', 'confirm', 'YES again: confirmed again (idempotent)');
call tests.clear_authentication();
select is((select count(*)::integer from booking.appointment_history where appointment_id = pg_temp.id('first')
            and action = 'patient_confirmed'), 1, 'one history row');

-- R
call tests.authenticate_as_service_role();
insert into answers values ('r', pg_temp.inbound('+14155550801', 'R'));
call tests.clear_authentication();
select is((select r ->> 'action' from answers where name = 'r'), 'manage_link', 'R: the manage link');
select is((select public.manage_appointment(substring(pg_temp.reply_body(r) from '/a/([A-Za-z0-9_-]+)')) ->> 'appointment_id'
             from answers where name = 'r'), pg_temp.id('first')::text, 'the link opens that appointment');

-- C
call tests.authenticate_as_service_role();
insert into answers values ('c', pg_temp.inbound('+14155550801', 'C'));
call tests.clear_authentication();
select is((select r ->> 'action' from answers where name = 'c'), 'cancel', 'C: cancelled');
select is((select status || '/' || cancelled_by from booking.appointments where id = pg_temp.id('first')),
  'cancelled/patient_sms', 'by the patient, by text');
select is((select count(*)::integer from booking.sms_outbox where appointment_id = pg_temp.id('first') and kind = 'cancellation'), 1,
  'the cancellation SMS is the reply');
select is((select r ->> 'message_id' from answers where name = 'c'), null, 'no second reply');
select is((select status from booking.appointments where id = pg_temp.id('elsewhere')), 'scheduled',
  'the other clinic''s appointment of the number is untouched');
call tests.authenticate_as_service_role();
select is(pg_temp.inbound('+14155550801', 'Y') ->> 'appointment_id', pg_temp.id('second')::text,
  'the next reply is about the next appointment');
select is(booking.record_inbound_sms(tests.org_id('Reply Clinic'), '+14155550801', 'C', 'SMdup1') ->> 'action', 'cancel',
  'C with a MessageSid cancels');
select is(booking.record_inbound_sms(tests.org_id('Reply Clinic'), '+14155550801', 'C', 'SMdup1') ->> 'action', 'duplicate',
  'the same message delivered again changes nothing');
select is((select status from booking.appointments where id = pg_temp.id('second')), 'cancelled',
  'the next appointment is cancelled once');

-- C inside the notice.
insert into answers values ('late', pg_temp.inbound('+14155550802', 'C'));
call tests.clear_authentication();
select is((select r ->> 'action' from answers where name = 'late'), 'cancel_refused', 'C inside the notice: refused');
select is((select status from booking.appointments where id = pg_temp.id('soon')), 'scheduled', 'the appointment stays');
select ok((select pg_temp.reply_body(r) is not null from answers where name = 'late'), 'a reply says to call the clinic');

-- No upcoming appointment.
call tests.authenticate_as_service_role();
insert into answers values ('stranger', pg_temp.inbound('+14155550899', 'Hello?'));
insert into answers values ('stranger_c', pg_temp.inbound('+14155550898', 'C'));
insert into answers values ('chatter', pg_temp.inbound('+14155550802', 'See you soon'));
call tests.clear_authentication();
select is((select r ->> 'action' from answers where name = 'stranger'), 'message',
  'other text from a stranger: kept for the staff (test_113)');
select ok((select pg_temp.reply_body(r) is not null from answers where name = 'stranger'), 'and acknowledged');
select is((select r ->> 'action' from answers where name = 'stranger_c'), 'no_appointment', 'C without an appointment');
select ok((select pg_temp.reply_body(r) is not null from answers where name = 'stranger_c'), 'gets the help text too');
select is((select r ->> 'action' from answers where name = 'chatter'), 'message',
  'other text from a patient with an appointment is kept for the staff, and changes nothing');

-- Carrier keywords keep their meaning.
call tests.authenticate_as_service_role();
select is(pg_temp.inbound('+14155550802', 'CANCEL') ->> 'action', 'opt_out', 'CANCEL opts out');
call tests.clear_authentication();
select is((select status from booking.appointments where id = pg_temp.id('soon')), 'scheduled', 'and cancels nothing');
call tests.authenticate_as_service_role();
insert into answers values ('y_opted_out', pg_temp.inbound('+14155550802', 'Y'));
call tests.clear_authentication();
select is((select status from booking.sms_outbox where id = (select (r ->> 'message_id')::uuid from answers where name = 'y_opted_out')),
  'suppressed', 'Y from an opted-out number confirms, and its reply is recorded as suppressed');
call tests.authenticate_as_service_role();
insert into answers values ('yes_opted_out', pg_temp.inbound('+14155550802', 'YES'));
call tests.clear_authentication();
select ok(not booking.is_sms_opted_out(tests.org_id('Reply Clinic'), '+14155550802'), 'YES opts back in, as the carrier reads it');
select is((select r ->> 'action' from answers where name = 'yes_opted_out'), 'confirm', 'and confirms');
select is(booking.record_inbound_sms(tests.org_id('Reply Clinic'), '+14155550802', 'START') ->> 'message_id', null,
  'START gets no reply of ours');

-- Only the webhook (service_role) applies inbound SMS.
call tests.authenticate_as('Reply Clinic');
select throws_ok(format('select booking.record_inbound_sms(%L, ''+14155550801'', ''C'')', tests.org_id('Reply Clinic')),
  '42501', null, 'a clinic member cannot fake a patient''s reply');
call tests.authenticate_as_anon();
select throws_ok(format('select booking.record_inbound_sms(%L, ''+14155550801'', ''C'')', tests.org_id('Reply Clinic')),
  '42501', null, 'nor can anon');
call tests.clear_authentication();

select * from finish();
rollback;
