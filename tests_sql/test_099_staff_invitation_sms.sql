-- An invitation with a phone number goes by SMS, queued in the outbox in
-- the invitation's own transaction (kind staff_invitation), with the link
-- the invitee follows; without a phone nothing is queued; a number the
-- clinic's SMS may not go to is refused before anything is written.
begin;
select plan(8);

call tests.create_org('Texted Clinic');

create function pg_temp.invite(p_email text, p_phone text) returns jsonb language plpgsql as $$
declare
  v_answer jsonb;
begin
  call tests.authenticate_as_service_role();
  v_answer := public.invite_staff_member(tests.org_id('Texted Clinic'), p_email, p_phone, 'front_desk')::jsonb;
  call tests.clear_authentication();
  return v_answer;
end $$;

select set_config('booking.public_base_url', 'https://clinic.example', true);
create temp table texted as select pg_temp.invite(null, '+14155550177') as r;

select is((select r ->> 'success' from texted), 'true', 'a phone invitation');
select is((select kind || ' ' || recipient || ' ' || status from booking.sms_outbox
            where id = (select (r ->> 'sms_message_id')::uuid from texted)),
  'staff_invitation +14155550177 pending', 'its SMS is in the outbox, due');
select ok((select body like '%https://clinic.example/dashboard/invitations/' || (select r ->> 'invitation_token' from texted)
             from booking.sms_outbox where id = (select (r ->> 'sms_message_id')::uuid from texted)),
  'with the link to follow');
select ok((select body like 'Texted Clinic invites you to its dashboard (front desk)%'
             from booking.sms_outbox where id = (select (r ->> 'sms_message_id')::uuid from texted)),
  'naming the clinic and the role');
select is((select expires_at from booking.sms_outbox where id = (select (r ->> 'sms_message_id')::uuid from texted)),
  (select expires_at from booking.staff_invitations where invitation_id = (select (r ->> 'invitation_id')::uuid from texted)),
  'not worth sending once the invitation has expired');

select is(pg_temp.invite('mail@texted.example', null) ->> 'sms_message_id', null,
  'an email invitation queues no SMS');

select is(pg_temp.invite(null, '+19005550123') ->> 'error', 'PHONE_NOT_ALLOWED',
  'a premium-rate number is refused');
select is((select count(*) from booking.staff_invitations where phone = '+19005550123')::int, 0,
  'and nothing is written for it');

select * from finish();
rollback;
