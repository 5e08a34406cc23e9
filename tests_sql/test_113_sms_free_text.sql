-- A patient's free text (an inbound SMS that is no keyword) is kept for the
-- clinic's staff: sender, receiving number, text, time, matched patient and
-- clinic; it is an sms.received event on that clinic's feed; members of
-- that clinic (only) read it; the conversation gets one polite
-- acknowledgement at most once in 24 hours.
begin;
select plan(19);

call tests.create_org('Inbox Clinic');
call tests.create_org('Other Inbox Clinic');
select is(public.set_voice_agent(tests.org_id('Inbox Clinic'), repeat('s', 40), 'asst-inbox', '+1 415 555 1399') ->> 'success',
  'true', 'the clinic has a phone number patients call');
create temp table appts (name text primary key, id uuid);
do $$
begin
  insert into appts values
    ('kid', (public.book_appointment_atomic(tests.org_id('Inbox Clinic'), 'Kim Kid', null, '+14155551301',
             'consultation', tests.local_noon(3), 30) ->> 'appointment_id')::uuid);
end $$;
create function pg_temp.receive(p_from text, p_body text, p_sid text default null) returns json language sql as $$
  select booking.receive_inbound_sms(array[tests.org_id('Inbox Clinic')], p_from, '+14155550100', p_body, p_sid)
$$;
create temp table answers (name text primary key, r json);
grant select, insert on appts, answers to public;
grant execute on function pg_temp.receive(text, text, text) to public;

call tests.authenticate_as_service_role();
insert into answers values ('kid', pg_temp.receive('(415) 555-1301', 'Can I bring my kid?', 'SMtext1'));
insert into answers values ('kid_again', pg_temp.receive('+14155551301', 'Can I bring my kid?', 'SMtext1'));
insert into answers values ('second', pg_temp.receive('+14155551301', 'And parking?', 'SMtext2'));
insert into answers values ('stranger', pg_temp.receive('+14155551398', 'Do you take new patients?'));
call tests.clear_authentication();

select is((select r ->> 'action' from answers where name = 'kid'), 'message', 'free text: action message');
create temp table kept as select * from booking.inbound_sms_texts where org_id = tests.org_id('Inbox Clinic') and message_sid = 'SMtext1';
select is((select count(*)::integer from kept), 1, 'it is stored once (the repeated delivery changes nothing)');
select is((select sender || ' ' || receiving_number || ' ' || body from kept),
  '+14155551301 +14155550100 Can I bring my kid?', 'with the sender, the number texted and the text');
select ok((select received_at = now() from kept), 'and the time');
select is((select contact_id from kept), (select contact_id from booking.appointments where id = (select id from appts)),
  'the matched patient');
select is((select appointment_id from kept), (select id from appts), 'and their upcoming appointment');
select is((select (r ->> 'inbound_text_id')::uuid from answers where name = 'kid'), (select id from kept), 'the answer names it');

select is((select count(*)::integer from public.events_since(tests.org_id('Inbox Clinic'))
            where type = 'sms.received' and payload ->> 'inbound_text_id' = (select id::text from kept)), 1,
  'an sms.received event on the clinic''s feed');
select ok((select not (payload ? 'body') from public.events_since(tests.org_id('Inbox Clinic')) where type = 'sms.received' limit 1),
  'which does not carry the text');
select is((select count(*)::integer from public.events_since(tests.org_id('Other Inbox Clinic')) where type = 'sms.received'), 0,
  'and none on another clinic''s');

-- One acknowledgement per conversation per 24 hours.
create temp table ack as select * from booking.sms_outbox where id = (select (r ->> 'message_id')::uuid from answers where name = 'kid');
select is((select kind || '/' || recipient from ack), 'reply/+14155551301', 'the text is acknowledged by SMS');
select ok((select body like 'Inbox Clinic: thank you for your message.%' and body like '%(415) 555-1399%' from ack),
  'politely, naming the clinic and its phone for urgent matters');
select ok((select body !~ '\m(STOP|CANCEL)\M' from ack), 'without carrier words');
select is((select r ->> 'message_id' from answers where name = 'second'), null, 'a second text that day: no second acknowledgement');
select ok((select r ->> 'message_id' is not null from answers where name = 'stranger'), 'another conversation gets its own');
update booking.inbound_sms_texts set received_at = now() - interval '25 hours' where org_id = tests.org_id('Inbox Clinic');
call tests.authenticate_as_service_role();
select ok(pg_temp.receive('+14155551301', 'Thanks!') ->> 'message_id' is not null, 'a day later: acknowledged again');
call tests.clear_authentication();

-- RLS: members of that clinic read it, nobody else.
call tests.authenticate_as('Inbox Clinic');
select is((select count(*)::integer from booking.inbound_sms_texts), 4, 'the clinic''s members read its texts');
call tests.authenticate_as('Other Inbox Clinic');
select is((select count(*)::integer from booking.inbound_sms_texts), 0, 'another clinic''s members read none');
call tests.clear_authentication();

select * from finish();
rollback;
