-- The front desk's messages inbox (issue 23, Messages): public.sms_inbox
-- (one conversation per number, newest first, unread counts),
-- public.sms_thread (texts in and out in time order; marks read) and
-- public.reply_to_sms (a staff_reply through the outbox: opt-outs and the
-- per-recipient limits apply, the member is recorded). Front desk may;
-- another clinic's member sees and does nothing.
begin;
select plan(30);
set constraints all immediate;

call tests.create_org('Inbox Clinic');
call tests.create_staff_account('desk@inbox.test', 'Inbox Clinic', 'front_desk');
call tests.create_org('Other Clinic');
call tests.create_staff_account('desk@other.test', 'Other Clinic', 'front_desk');
create function pg_temp.text_in(p_org text, p_phone text, p_body text) returns text language sql as $$
  select booking.keep_inbound_text((select o from booking.organizations o where o.org_id = tests.org_id(p_org)),
           p_phone, p_body, '+15005550006', null) ->> 'inbound_text_id';
$$;
grant execute on all functions in schema pg_temp to public;
do $$
begin
  perform public.book_appointment_atomic(tests.org_id('Inbox Clinic'), 'Jane Doe', null, '+14155551240',
          'Cleaning', tests.local_noon(3), 60);
  perform set_config('t.jane1', pg_temp.text_in('Inbox Clinic', '+14155551240', 'Can I bring my kid?'), true);
  perform set_config('t.stranger', pg_temp.text_in('Inbox Clinic', '+14155551241', 'Who is this?'), true);
  perform set_config('t.jane2', pg_temp.text_in('Inbox Clinic', '+14155551240', 'She is 6'), true);
  perform set_config('t.other', pg_temp.text_in('Other Clinic', '+14155551242', 'Hello other'), true);
end $$;
-- Order by time without waiting: the stranger's text is the oldest.
update booking.inbound_sms_texts set received_at = received_at - interval '10 minutes' where id = current_setting('t.stranger')::uuid;
update booking.inbound_sms_texts set received_at = received_at - interval '5 minutes' where id = current_setting('t.jane1')::uuid;

select has_column('booking', 'inbound_sms_texts', 'read_at', 'inbound texts have read_at');
select is((select count(*)::int from booking.inbound_sms_texts
            where read_at is not null and org_id in (tests.org_id('Inbox Clinic'), tests.org_id('Other Clinic'))),
  0, 'new texts are unread');

-- The inbox, as the front desk.
call tests.authenticate_as_account('desk@inbox.test');
select is((public.sms_inbox(tests.org_id('Inbox Clinic')) ->> 'unread_total')::int, 3, 'the clinic has 3 unread texts');
select is((select jsonb_agg(c - 'last_local') from jsonb_array_elements(
             public.sms_inbox(tests.org_id('Inbox Clinic'))::jsonb -> 'conversations') c),
  format('[{"text_id": "%s", "patient_name": "Jane Doe", "phone_display": "(415) 555-1240", "last_body": "She is 6", "unread": 2},
           {"text_id": "%s", "patient_name": null, "phone_display": "(415) 555-1241", "last_body": "Who is this?", "unread": 1}]',
         current_setting('t.jane2'), current_setting('t.stranger'))::jsonb,
  'one conversation per number, newest first: the patient''s name, the number for the clinic''s region, the last text, unread counts');
select ok((public.sms_inbox(tests.org_id('Inbox Clinic')) -> 'conversations' -> 0 ->> 'last_local') ~ ' at ',
  'the last text''s time is on the clinic''s clock');

-- The thread, opened by its first text: marks Jane's texts read.
select is((select jsonb_agg(m ->> 'body' order by ord) from jsonb_array_elements(
             public.sms_thread(tests.org_id('Inbox Clinic'), current_setting('t.jane1')::uuid)::jsonb -> 'messages')
             with ordinality as x(m, ord) where m ->> 'direction' = 'in'),
  '["Can I bring my kid?", "She is 6"]'::jsonb, 'the thread has the patient''s texts in time order');
select is((public.sms_inbox(tests.org_id('Inbox Clinic')) ->> 'unread_total')::int, 1, 'opening it marked Jane''s texts read');
select is((public.sms_inbox(tests.org_id('Inbox Clinic')) -> 'conversations' -> 0 ->> 'unread')::int, 0, 'her conversation has none unread');
select is(public.sms_thread(tests.org_id('Inbox Clinic'), current_setting('t.jane1')::uuid) ->> 'text_id',
  current_setting('t.jane2'), 'the thread names its latest text');
select ok((select bool_or(m ->> 'direction' = 'out' and m ->> 'kind' = 'confirmation')
             from jsonb_array_elements(public.sms_thread(tests.org_id('Inbox Clinic'), current_setting('t.jane1')::uuid)::jsonb -> 'messages') m),
  'the clinic''s other SMS to that number are in the thread (the booking confirmation)');
select ok((select bool_and(m ->> 'status' in ('waiting', 'sending', 'sent', 'delivered', 'failed', 'not_sent'))
             from jsonb_array_elements(public.sms_thread(tests.org_id('Inbox Clinic'), current_setting('t.jane1')::uuid)::jsonb -> 'messages') m
            where m ->> 'direction' = 'out'), 'outgoing statuses are words');

-- Reply.
select is(public.reply_to_sms(tests.org_id('Inbox Clinic'), current_setting('t.jane2')::uuid, '  Yes, of course.  ') ->> 'success',
  'true', 'the front desk replies');
call tests.clear_authentication();
select is((select row(kind, recipient, body, status, staff_account_id)::text from booking.sms_outbox
            where org_id = tests.org_id('Inbox Clinic') and kind = 'staff_reply'),
  row('staff_reply', '+14155551240', 'Inbox Clinic: Yes, of course.', 'pending', tests.account_id('desk@inbox.test'))::text,
  'a staff_reply to that number, the clinic''s name first, pending, with the member who wrote it');
call tests.authenticate_as_account('desk@inbox.test');
select is((select m ->> 'status' from jsonb_array_elements(
             public.sms_thread(tests.org_id('Inbox Clinic'), current_setting('t.jane1')::uuid)::jsonb -> 'messages') m
            where m ->> 'kind' = 'staff_reply'), 'waiting', 'the reply is in the thread, waiting to be sent');
select is((select m ->> 'staff_email' from jsonb_array_elements(
             public.sms_thread(tests.org_id('Inbox Clinic'), current_setting('t.jane1')::uuid)::jsonb -> 'messages') m
            where m ->> 'kind' = 'staff_reply'), 'desk@inbox.test', 'with who wrote it');

-- Bad bodies.
select is(public.reply_to_sms(tests.org_id('Inbox Clinic'), current_setting('t.jane2')::uuid, '   ') ->> 'error', 'INVALID_BODY', 'an empty reply is refused');
select is(public.reply_to_sms(tests.org_id('Inbox Clinic'), current_setting('t.jane2')::uuid, null) ->> 'error', 'INVALID_BODY', 'a NULL reply is refused');
select is(public.reply_to_sms(tests.org_id('Inbox Clinic'), current_setting('t.jane2')::uuid, repeat('x', 1001)) ->> 'error', 'INVALID_BODY', 'over 1000 characters is refused');
select is(public.reply_to_sms(tests.org_id('Inbox Clinic'), current_setting('t.other')::uuid, 'Hi') ->> 'error', 'TEXT_NOT_FOUND', 'another clinic''s text is not found');
call tests.clear_authentication();
select is((select count(*)::int from booking.sms_outbox where kind = 'staff_reply'), 1, 'none of them queued anything');

-- Opted out: recorded suppressed, answered SMS_OPTED_OUT.
do $$ begin perform booking.record_sms_opt_out(tests.org_id('Inbox Clinic'), '+14155551241', true, 'STOP', 'inbound_keyword'); end $$;
call tests.authenticate_as_account('desk@inbox.test');
select is(public.reply_to_sms(tests.org_id('Inbox Clinic'), current_setting('t.stranger')::uuid, 'Hello') ->> 'error', 'SMS_OPTED_OUT', 'a number that opted out: SMS_OPTED_OUT');
call tests.clear_authentication();
select is((select status from booking.sms_outbox where kind = 'staff_reply' and recipient = '+14155551241'), 'suppressed', 'recorded suppressed');

-- Over the per-recipient limit: recorded suppressed, RECIPIENT_RATE_LIMITED.
do $$ begin perform public.set_sms_limits(tests.org_id('Inbox Clinic'), null, null, 2); end $$;
call tests.authenticate_as_account('desk@inbox.test');
select is(public.reply_to_sms(tests.org_id('Inbox Clinic'), current_setting('t.jane2')::uuid, 'One more') ->> 'error',
  'RECIPIENT_RATE_LIMITED', 'beyond the number''s hourly limit: RECIPIENT_RATE_LIMITED');
call tests.clear_authentication();
select is((select error_code from booking.sms_outbox where kind = 'staff_reply' and body like '%One more'), 'RECIPIENT_RATE_LIMITED',
  'recorded suppressed with the outbox''s code');

-- Another clinic's member sees and does nothing.
call tests.authenticate_as_account('desk@other.test');
select is(public.sms_thread(tests.org_id('Other Clinic'), current_setting('t.jane1')::uuid) ->> 'error', 'TEXT_NOT_FOUND',
  'another clinic''s member cannot open the thread through their own clinic');
select is(public.reply_to_sms(tests.org_id('Other Clinic'), current_setting('t.jane1')::uuid, 'Hi') ->> 'error', 'TEXT_NOT_FOUND',
  'nor reply to it');
select is((select jsonb_agg(c ->> 'last_body') from jsonb_array_elements(public.sms_inbox(tests.org_id('Other Clinic'))::jsonb -> 'conversations') c),
  '["Hello other"]'::jsonb, 'their inbox has only their own clinic''s texts');
select throws_ok(format('select public.sms_inbox(%L)', tests.org_id('Inbox Clinic')), '42501', null, 'nor may they read another clinic''s inbox');
select throws_ok(format('select public.sms_thread(%L, %L)', tests.org_id('Inbox Clinic'), current_setting('t.jane1')), '42501', null, 'or thread');
select throws_ok(format('select public.reply_to_sms(%L, %L, %L)', tests.org_id('Inbox Clinic'), current_setting('t.jane1'), 'Hi'), '42501', null, 'or reply');
call tests.clear_authentication();

select * from finish();
rollback;
