-- A reply keyword (Y/C/R) applies to the appointment the clinic's latest
-- message to the number was about (sent within 7 days, still upcoming),
-- whichever order the messages arrived in; otherwise to the next upcoming
-- one; messages about several appointments that arrived together make it
-- ambiguous: nothing changes, and the reply gives each manage link and the
-- clinic's phone. Texts offer only what the rules will allow when they are
-- read: no C inside the cancel notice, no link for moving inside the
-- reschedule notice (the clinic's phone instead).
begin;
select plan(37);

call tests.create_org('Context Clinic');
select is(public.set_voice_agent(tests.org_id('Context Clinic'), repeat('s', 40), 'asst-ctx', '+1 415 555 1199') ->> 'success',
  'true', 'the clinic has a phone number patients call');
create temp table appts (name text primary key, id uuid);
do $$
declare
  v_org uuid := tests.org_id('Context Clinic');
  v_patient text;
begin
  foreach v_patient in array array['p1', 'p2', 'p3', 'p4'] loop
    insert into appts values
      (v_patient || '_near', (public.book_appointment_atomic(v_org, 'Pat ' || v_patient, null,
         '+1415555110' || right(v_patient, 1), 'consultation', tests.local_noon(1 + right(v_patient, 1)::integer), 30) ->> 'appointment_id')::uuid),
      (v_patient || '_far', (public.book_appointment_atomic(v_org, 'Pat ' || v_patient, null,
         '+1415555110' || right(v_patient, 1), 'consultation', tests.local_noon(10 + right(v_patient, 1)::integer), 30) ->> 'appointment_id')::uuid);
  end loop;
end $$;
create function pg_temp.id(p_name text) returns uuid language sql as $$ select id from appts where name = p_name $$;
-- The provider accepted the appointment's confirmation p_ago ago.
create procedure pg_temp.sent(p_name text, p_ago interval) language sql as $$
  update booking.sms_outbox set status = 'sent', provider = 'console', sent_at = now() - p_ago
   where appointment_id = pg_temp.id(p_name) and kind = 'confirmation'
$$;
create function pg_temp.inbound(p_patient text, p_body text) returns json language sql as $$
  select booking.record_inbound_sms(tests.org_id('Context Clinic'), '+1415555110' || right(p_patient, 1), p_body)
$$;
create function pg_temp.status(p_name text) returns text language sql as $$
  select status from booking.appointments where id = pg_temp.id(p_name)
$$;
create temp table answers (name text primary key, r json);
grant select, insert on appts, answers to public;
grant execute on function pg_temp.id(text), pg_temp.inbound(text, text), pg_temp.status(text) to public;

-- p1: the later appointment's message came last; p2: the sooner one's.
call pg_temp.sent('p1_near', '2 hours');
call pg_temp.sent('p1_far', '1 hour');
call pg_temp.sent('p2_far', '2 hours');
call pg_temp.sent('p2_near', '1 hour');
select is(booking.sms_reply_appointments(tests.org_id('Context Clinic'), '+14155551101'), array[pg_temp.id('p1_far')],
  'p1''s context: the later appointment, whose message came last');
select is(booking.sms_reply_appointments(tests.org_id('Context Clinic'), '+14155551102'), array[pg_temp.id('p2_near')],
  'p2''s context: the sooner one');

call tests.authenticate_as_service_role();
insert into answers values ('p1_c', pg_temp.inbound('p1', 'C'));
insert into answers values ('p2_c', pg_temp.inbound('p2', 'C'));
call tests.clear_authentication();
select is((select r ->> 'appointment_id' from answers where name = 'p1_c'), pg_temp.id('p1_far')::text,
  'C answering the later appointment''s message cancels the later appointment');
select is(pg_temp.status('p1_far'), 'cancelled', 'it is cancelled');
select is(pg_temp.status('p1_near'), 'scheduled', 'the next upcoming one is untouched');
select is((select r ->> 'appointment_id' from answers where name = 'p2_c'), pg_temp.id('p2_near')::text,
  'in the other order, C cancels the sooner one');
select is(pg_temp.status('p2_near') || '/' || pg_temp.status('p2_far'), 'cancelled/scheduled', 'and only that one');

-- The context's appointment no longer upcoming: the next upcoming one.
call tests.authenticate_as_service_role();
insert into answers values ('p1_y', pg_temp.inbound('p1', 'Y'));
call tests.clear_authentication();
select is((select r ->> 'appointment_id' from answers where name = 'p1_y'), pg_temp.id('p1_near')::text,
  'after the context''s appointment was cancelled, Y confirms the next upcoming one');
select is((select r ->> 'action' from answers where name = 'p1_y'), 'confirm', 'confirmed');

-- A reply about an appointment is context too: R now follows p1_near's reply.
update booking.sms_outbox set status = 'sent', sent_at = now() where id = (select (r ->> 'message_id')::uuid from answers where name = 'p1_y');
call tests.authenticate_as_service_role();
insert into answers values ('p1_r', pg_temp.inbound('p1', 'R'));
call tests.clear_authentication();
select is((select public.manage_appointment(substring(b.body from '/a/([A-Za-z0-9_-]+)')) ->> 'appointment_id'
             from answers a join booking.sms_outbox b on b.id = (a.r ->> 'message_id')::uuid where a.name = 'p1_r'),
  pg_temp.id('p1_near')::text, 'R: the link opens the appointment of the conversation');

-- Stale context (over 7 days): the next upcoming appointment.
call pg_temp.sent('p3_far', '8 days');
select is(booking.sms_reply_appointments(tests.org_id('Context Clinic'), '+14155551103'), array[pg_temp.id('p3_near')],
  'a message older than 7 days is no context: the next upcoming one');
call pg_temp.sent('p3_far', '6 days');
select is(booking.sms_reply_appointments(tests.org_id('Context Clinic'), '+14155551103'), array[pg_temp.id('p3_far')],
  'one of 6 days ago is');
update booking.sms_outbox set status = 'suppressed', sent_at = null
 where appointment_id = pg_temp.id('p3_far') and kind = 'confirmation';
select is(booking.sms_reply_appointments(tests.org_id('Context Clinic'), '+14155551103'), array[pg_temp.id('p3_near')],
  'a message never sent is no context');
select is(booking.sms_reply_appointments(tests.org_id('Context Clinic'), '+14155559999'), '{}'::uuid[],
  'no upcoming appointment: none');

-- Ambiguous: both confirmations arrived within minutes.
call pg_temp.sent('p4_near', '5 minutes');
call pg_temp.sent('p4_far', '4 minutes');
select is(booking.sms_reply_appointments(tests.org_id('Context Clinic'), '+14155551104'),
  array[pg_temp.id('p4_far'), pg_temp.id('p4_near')], 'two messages together: both, the latest first');
call tests.authenticate_as_service_role();
insert into answers values ('p4_c', pg_temp.inbound('p4', 'C'));
call tests.clear_authentication();
select is((select r ->> 'action' from answers where name = 'p4_c'), 'ambiguous', 'C is ambiguous');
select is(pg_temp.status('p4_near') || '/' || pg_temp.status('p4_far'), 'scheduled/scheduled', 'nothing is cancelled');
create temp table ambiguous_reply as
  select b.body from answers a join booking.sms_outbox b on b.id = (a.r ->> 'message_id')::uuid
   where a.name = 'p4_c' and b.kind = 'reply';
select ok((select body ~ 'nothing was changed' from ambiguous_reply), 'the reply says so');
select is((select count(*)::integer from ambiguous_reply, regexp_matches(body, '/a/([A-Za-z0-9_-]+)', 'g')), 2,
  'and gives two manage links');
select is((select array_agg(x order by x)::text from (select public.manage_appointment(m[1]) ->> 'appointment_id' as x
             from ambiguous_reply, regexp_matches(body, '/a/([A-Za-z0-9_-]+)', 'g') as m) links),
  (select array_agg(x::text order by x)::text from unnest(array[pg_temp.id('p4_far'), pg_temp.id('p4_near')]) x),
  'one for each appointment');
select ok((select body like '%' || booking.local_time_text(tests.local_noon(14), 'America/New_York') || '%'
             and body like '%' || booking.local_time_text(tests.local_noon(5), 'America/New_York') || '%' from ambiguous_reply),
  'each named by its time');
select ok((select body like '%(415) 555-1199%' from ambiguous_reply), 'and the clinic''s phone');
select ok((select body !~ '\m(STOP|CANCEL)\M' from ambiguous_reply), 'no carrier opt-out word');

-- Texts offer only what the rules allow when the patient reads them.
call tests.create_org('Wording Clinic');
select is(public.set_voice_agent(tests.org_id('Wording Clinic'), repeat('w', 40), 'asst-wording', '+1 415 555 1188') ->> 'success',
  'true', 'the clinic has a phone number');
select is(public.set_reminder_offsets(tests.org_id('Wording Clinic'), array[1440, 120]) ->> 'success', 'true',
  'reminders a day and 2 hours before');
select is(public.set_calendar_settings(tests.org_id('Wording Clinic'), 'cal-1',
  '{"cancel_notice_minutes": 120, "reschedule_notice_minutes": 240}') ->> 'success', 'true',
  'cancel notice 2 hours, reschedule notice 4 hours');
create temp table wording (name text primary key, id uuid);
grant select on wording to public;
do $$
begin
  insert into wording values
    ('far', (public.book_appointment_atomic(tests.org_id('Wording Clinic'), 'Wil Word', null, '+14155551111',
             'consultation', tests.local_noon(3), 30) ->> 'appointment_id')::uuid),
    ('three_hours', (public.book_appointment_atomic(tests.org_id('Wording Clinic'), 'Tia Three', null, '+14155551112',
             'consultation', tests.within_local_day(date_trunc('minute', now()) + interval '3 hours', 30), 30) ->> 'appointment_id')::uuid),
    ('one_hour', (public.book_appointment_atomic(tests.org_id('Wording Clinic'), 'Oona One', null, '+14155551113',
             'consultation', tests.within_local_day(date_trunc('minute', now()) + interval '1 hour', 30), 30) ->> 'appointment_id')::uuid);
end $$;
create function pg_temp.text_of(p_name text, p_kind text, p_offset integer default null) returns text language sql as $$
  select body from booking.sms_outbox
   where appointment_id = (select id from wording where name = p_name) and kind = p_kind
     and reminder_offset_minutes is not distinct from p_offset
$$;
select ok(pg_temp.text_of('far', 'reminder', 1440) like '%. Reply Y to confirm or C to cancel.',
  'a reminder read outside the cancel notice offers Y and C');
select ok(pg_temp.text_of('far', 'reminder', 120) like '%. Reply Y to confirm. To cancel, please call the clinic at (415) 555-1188.',
  'the 2-hour reminder, read inside the cancel notice, does not offer C: it gives the clinic''s phone');
select ok(pg_temp.text_of('far', 'reminder', 120) !~ '\mC\M', 'no C at all');
select ok(pg_temp.text_of('far', 'confirmation') ~ 'To reschedule or cancel: http\S+/a/',
  'a confirmation outside both notices offers the link for both');
select ok(pg_temp.text_of('three_hours', 'confirmation') ~ 'To cancel: http\S+/a/\S+ To reschedule, please call the clinic at \(415\) 555-1188\.',
  'inside the reschedule notice: the link to cancel, the phone to move');
select ok(pg_temp.text_of('one_hour', 'confirmation') ~ 'To change or cancel it, please call the clinic at \(415\) 555-1188\. Reply STOP to opt out\.$',
  'inside both notices: no link, the phone');
select ok(pg_temp.text_of('one_hour', 'confirmation') !~ '/a/', 'no link offered that the page would refuse');
select ok((select bool_and(body !~ '\m(STOP|CANCEL)\M') from booking.sms_outbox
            where org_id = tests.org_id('Wording Clinic') and kind <> 'confirmation'),
  'no carrier word but the confirmation''s opt-out line');
call tests.authenticate_as_service_role();
create temp table y_answers as
  select 'one_hour' as name, booking.record_inbound_sms(tests.org_id('Wording Clinic'), '+14155551113', 'Y') as r
  union all
  select 'far', booking.record_inbound_sms(tests.org_id('Wording Clinic'), '+14155551111', 'Y');
call tests.clear_authentication();
select ok((select o.body like '%is confirmed. To change or cancel it, please call the clinic at (415) 555-1188.'
             from y_answers a join booking.sms_outbox o on o.id = (a.r ->> 'message_id')::uuid where a.name = 'one_hour'),
  'Y inside both notices: the answer offers neither C nor R');
select ok((select o.body like '%is confirmed. Reply C to cancel or R to reschedule.'
             from y_answers a join booking.sms_outbox o on o.id = (a.r ->> 'message_id')::uuid where a.name = 'far'),
  'outside them it offers both');

select * from finish();
rollback;
