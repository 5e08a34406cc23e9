-- A Twilio number shared by several clinics: a reply applies to exactly one
-- clinic, the one that last texted the patient (booking.receive_inbound_sms);
-- HELP and the replies name that clinic; with no such clinic, one neutral
-- help text; carrier opt-out and opt-in keywords apply to every clinic of
-- the number.
begin;
select plan(23);

call tests.create_org('Shared North');
call tests.create_org('Shared South');
create temp table appts (name text primary key, id uuid);
do $$
begin
  insert into appts values
    ('north', (public.book_appointment_atomic(tests.org_id('Shared North'), 'Sue Shared', null, '+14155551201',
               'consultation', tests.local_noon(3), 30) ->> 'appointment_id')::uuid),
    ('south', (public.book_appointment_atomic(tests.org_id('Shared South'), 'Sue Shared', null, '+14155551201',
               'consultation', tests.local_noon(4), 30) ->> 'appointment_id')::uuid);
end $$;
create function pg_temp.id(p_name text) returns uuid language sql as $$ select id from appts where name = p_name $$;
create procedure pg_temp.sent(p_name text, p_ago interval) language sql as $$
  update booking.sms_outbox set status = 'sent', provider = 'console', sent_at = now() - p_ago
   where appointment_id = pg_temp.id(p_name) and kind = 'confirmation'
$$;
create function pg_temp.orgs() returns uuid[] language sql as $$
  select array[tests.org_id('Shared North'), tests.org_id('Shared South')]
$$;
create function pg_temp.receive(p_from text, p_body text, p_sid text default null) returns json language sql as $$
  select booking.receive_inbound_sms(pg_temp.orgs(), p_from, '+14155550100', p_body, p_sid)
$$;
create temp table answers (name text primary key, r json);
grant select, insert on appts, answers to public;
grant execute on function pg_temp.id(text), pg_temp.orgs(), pg_temp.receive(text, text, text) to public;

call pg_temp.sent('north', '3 hours');
call pg_temp.sent('south', '1 hour');
select is(booking.sms_conversation_org(pg_temp.orgs(), '(415) 555-1201'), tests.org_id('Shared South'),
  'the conversation is with the clinic that texted last');

create temp table outbox_before as select count(*) as n from booking.sms_outbox;
call tests.authenticate_as_service_role();
insert into answers values ('c', pg_temp.receive('+14155551201', 'C', 'SMshared1'));
insert into answers values ('c_again', pg_temp.receive('+14155551201', 'C', 'SMshared1'));
call tests.clear_authentication();
select is((select r ->> 'org_id' from answers where name = 'c'), tests.org_id('Shared South')::text, 'C applies to that clinic');
select is((select r ->> 'action' from answers where name = 'c'), 'cancel', 'one action: cancel');
select is((select status from booking.appointments where id = pg_temp.id('south')), 'cancelled', 'its appointment is cancelled');
select is((select status from booking.appointments where id = pg_temp.id('north')), 'scheduled',
  'the other clinic''s appointment of the same number is untouched');
select is((select count(*)::integer from booking.sms_outbox) - (select n from outbox_before)::integer, 1,
  'one answer in all (the cancellation SMS)');
select is((select org_id from booking.sms_outbox o where o.appointment_id = pg_temp.id('south') and kind = 'cancellation'),
  tests.org_id('Shared South'), 'from that clinic');
select ok((select body like 'Shared South%' from booking.sms_outbox o where o.appointment_id = pg_temp.id('south') and kind = 'cancellation'),
  'naming it');
select is((select count(*)::integer from booking.inbound_sms_messages where message_sid = 'SMshared1'), 1,
  'the message is recorded once, at that clinic');
select is((select r ->> 'action' from answers where name = 'c_again'), 'duplicate', 'delivered again: nothing more');

-- HELP names the clinic of the conversation.
call tests.authenticate_as_service_role();
select ok(pg_temp.receive('+14155551201', 'HELP') ->> 'reply' like 'Shared South:%', 'HELP names the clinic that texted last');
call tests.clear_authentication();
-- The other clinic texts later: the conversation moves to it.
update booking.sms_outbox set status = 'sent', sent_at = now() - interval '1 minute'
 where appointment_id = pg_temp.id('north') and kind = 'confirmation';
call tests.authenticate_as_service_role();
select ok(pg_temp.receive('+14155551201', 'HELP') ->> 'reply' like 'Shared North:%', 'then HELP names the other one');
insert into answers values ('free', pg_temp.receive('+14155551201', 'Running late, sorry'));
call tests.clear_authentication();
select is((select r ->> 'org_id' from answers where name = 'free'), tests.org_id('Shared North')::text, 'free text goes to it');
select is((select count(*)::integer from booking.inbound_sms_texts where body = 'Running late, sorry'), 1, 'kept once');
select ok((select body like 'Shared North:%' from booking.sms_outbox where id = (select (r ->> 'message_id')::uuid from answers where name = 'free')),
  'its acknowledgement names that clinic');

-- No clinic texted this number: one neutral help text, nothing applied.
call tests.authenticate_as_service_role();
insert into answers values ('stranger', pg_temp.receive('+14155551299', 'C', 'SMshared2'));
call tests.clear_authentication();
select is((select r ->> 'action' from answers where name = 'stranger'), 'unknown_conversation', 'a stranger: no clinic');
select ok((select r ->> 'reply' !~ 'Shared' from answers where name = 'stranger'), 'one neutral help text naming no clinic');
select is((select count(*)::integer from booking.inbound_sms_messages where message_sid = 'SMshared2'), 0, 'nothing applied');
select is(booking.sms_conversation_org(array[tests.org_id('Shared North')], '+14155551299'), tests.org_id('Shared North'),
  'a number of one clinic: the conversation is with it');

-- Carrier keywords cover the number: every clinic.
call tests.authenticate_as_service_role();
select is(pg_temp.receive('+14155551201', 'STOP') ->> 'action', 'opt_out', 'STOP');
call tests.clear_authentication();
select ok(booking.is_sms_opted_out(tests.org_id('Shared North'), '+14155551201')
          and booking.is_sms_opted_out(tests.org_id('Shared South'), '+14155551201'), 'opts out of both clinics');
call tests.authenticate_as_service_role();
select is(pg_temp.receive('+14155551201', 'YES') ->> 'org_id', tests.org_id('Shared North')::text,
  'YES confirms at the clinic of the conversation');
call tests.clear_authentication();
select ok(not booking.is_sms_opted_out(tests.org_id('Shared North'), '+14155551201')
          and not booking.is_sms_opted_out(tests.org_id('Shared South'), '+14155551201'), 'and opts back in at both');

select * from finish();
rollback;
