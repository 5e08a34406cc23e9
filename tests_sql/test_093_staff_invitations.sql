-- Invitations: an owner or admin invites by email and/or phone with a
-- role; the token is single use, valid 7 days, replaced by a newer
-- invitation of the same person; the invitee (anon) sets a password of 12
-- characters or more, or, with an existing account, keeps its password and
-- gains the membership. Input errors are answered as codes.
begin;
select plan(33);

call tests.create_org('Invite Clinic');
call tests.create_org('Second Invite Clinic');
call tests.create_staff_account('owner@invite.example', 'Invite Clinic', 'owner');
call tests.create_staff_account('veteran@invite.example', 'Second Invite Clinic', 'front_desk');

create function pg_temp.invite(p_email text, p_phone text, p_role text, p_org text default 'Invite Clinic') returns jsonb language plpgsql as $$
declare
  v_answer jsonb;
begin
  call tests.authenticate_as_account('owner@invite.example');
  v_answer := public.invite_staff_member(tests.org_id(p_org), p_email, p_phone, p_role)::jsonb;
  call tests.clear_authentication();
  return v_answer;
end $$;
create function pg_temp.accept(p_token text, p_password text, p_email text default null) returns jsonb language plpgsql as $$
declare
  v_answer jsonb;
begin
  call tests.authenticate_as_anon();
  v_answer := public.accept_staff_invitation(p_token, p_password, p_email)::jsonb;
  call tests.clear_authentication();
  return v_answer;
end $$;

-- Inviting.
create temp table desk_invite as select pg_temp.invite('Desk@Invite.example', '(415) 555-0190', 'front_desk') as r;
select is((select r ->> 'success' from desk_invite), 'true', 'an owner invites a front-desk member');
select ok((select (r ->> 'expires_at')::timestamptz = now() + interval '7 days' from desk_invite), 'the invitation is valid 7 days');
select is((select array[email, phone, role, invited_by::text] from booking.staff_invitations
            where invitation_id = (select (r ->> 'invitation_id')::uuid from desk_invite)),
  array['desk@invite.example', '+14155550190', 'front_desk', tests.account_id('owner@invite.example')::text],
  'it records the lower-cased email, the E.164 phone, the role and the inviter');
select is(pg_temp.invite('not an email', null, 'front_desk') ->> 'error', 'INVALID_EMAIL', 'INVALID_EMAIL');
select is(pg_temp.invite(null, '12', 'front_desk') ->> 'error', 'INVALID_PHONE', 'INVALID_PHONE');
select is(pg_temp.invite(' ', null, 'front_desk') ->> 'error', 'CONTACT_REQUIRED', 'CONTACT_REQUIRED without email and phone');
select is(pg_temp.invite('x@invite.example', null, 'superuser') ->> 'error', 'INVALID_ROLE', 'INVALID_ROLE');
select is(pg_temp.invite('OWNER@invite.example', null, 'admin') ->> 'error', 'ALREADY_MEMBER', 'ALREADY_MEMBER for a member''s email');
call tests.authenticate_as_service_role();
select is(public.invite_staff_member(gen_random_uuid(), 'x@invite.example', null, 'admin') ->> 'error', 'INVALID_ORGANIZATION',
  'service_role: INVALID_ORGANIZATION for an unknown organization');
call tests.clear_authentication();
select is((select count(*)::integer from booking.staff_invitations where org_id = tests.org_id('Invite Clinic')), 1,
  'a refused invitation stores nothing');

-- Accepting.
do $$ begin perform set_config('t.desk', (select r ->> 'invitation_token' from desk_invite), true); end $$;
select is(pg_temp.accept(current_setting('t.desk'), 'short') ->> 'error', 'PASSWORD_TOO_SHORT',
  'a password under 12 characters answers PASSWORD_TOO_SHORT');
select is(pg_temp.accept(current_setting('t.desk'), repeat('é', 37)) ->> 'error', 'PASSWORD_TOO_LONG',
  'one over bcrypt''s 72 bytes answers PASSWORD_TOO_LONG');
select is((select accepted_at from booking.staff_invitations where token_hash = extensions.digest(current_setting('t.desk'), 'sha256')),
  null, 'a refused password leaves the invitation unused');
create temp table desk_accepted as select pg_temp.accept(current_setting('t.desk'), 'twelve chars ok!') as r;
select is((select r - 'account_id' - 'org_id' from desk_accepted),
  '{"success": true, "role": "front_desk", "email": "desk@invite.example", "existing_account": false, "password_set": true}'::jsonb,
  'the invitee accepts with a password of 12 characters: a new account');
select is((select array[a.email, a.phone, m.role] from booking.staff_accounts a join booking.memberships m using (account_id)
            where a.account_id = (select (r ->> 'account_id')::uuid from desk_accepted)
              and m.org_id = tests.org_id('Invite Clinic')),
  array['desk@invite.example', '+14155550190', 'front_desk'], 'with the invitation''s email, phone and role');
select is(pg_temp.accept(current_setting('t.desk'), 'twelve chars ok!') ->> 'error', 'INVITATION_USED',
  'the token is single use: INVITATION_USED');
select is(pg_temp.accept('not-a-token', 'twelve chars ok!') ->> 'error', 'INVALID_INVITATION', 'an unknown token: INVALID_INVITATION');

-- Expiry.
create temp table late_invite as select pg_temp.invite('late@invite.example', null, 'admin') as r;
update booking.staff_invitations set created_at = now() - interval '7 days 1 minute', expires_at = now() - interval '1 minute'
 where invitation_id = (select (r ->> 'invitation_id')::uuid from late_invite);
select is(pg_temp.accept((select r ->> 'invitation_token' from late_invite), 'twelve chars ok!') ->> 'error', 'INVITATION_EXPIRED',
  'after 7 days: INVITATION_EXPIRED');
select is((select count(*)::integer from booking.staff_accounts where email = 'late@invite.example'), 0, 'and no account is created');

-- A newer invitation replaces the pending one.
create temp table first_invite as select pg_temp.invite('twice@invite.example', null, 'front_desk') as r;
create temp table second_invite as select pg_temp.invite('twice@invite.example', null, 'admin') as r;
select is(pg_temp.accept((select r ->> 'invitation_token' from first_invite), 'twelve chars ok!') ->> 'error', 'INVALID_INVITATION',
  'a newer invitation of the same person revokes the pending one');
call tests.authenticate_as_account('owner@invite.example');
select is((select jsonb_agg(i ->> 'email' || ':' || (i ->> 'role'))
             from jsonb_array_elements(public.list_staff(tests.org_id('Invite Clinic'))::jsonb -> 'invitations') i),
  '["twice@invite.example:admin"]'::jsonb, 'list_staff shows only the pending invitation (not the accepted, expired or replaced ones)');
call tests.clear_authentication();

-- An existing account keeps its password.
create temp table veteran_invite as select pg_temp.invite('veteran@invite.example', null, 'admin') as r;
create temp table veteran_hash as select password_hash from booking.staff_accounts where email = 'veteran@invite.example';
create temp table veteran_accepted as
  select pg_temp.accept((select r ->> 'invitation_token' from veteran_invite), 'anything at all, ignored') as r;
select is((select array[r ->> 'existing_account', r ->> 'password_set', r ->> 'account_id'] from veteran_accepted),
  array['true', 'false', tests.account_id('veteran@invite.example')::text],
  'an account with the invitation''s email gains the membership and says its password was left alone');
select is((select password_hash from booking.staff_accounts where email = 'veteran@invite.example'), (select password_hash from veteran_hash),
  'its password hash is unchanged');
select is((select array_agg(o.name || ':' || m.role order by o.name) from booking.memberships m join booking.organizations o using (org_id)
            where m.account_id = tests.account_id('veteran@invite.example')),
  array['Invite Clinic:admin', 'Second Invite Clinic:front_desk'], 'it is now a member of both clinics');

-- An invitation by phone alone: the invitee names the email to sign in with.
create temp table phone_invite as select pg_temp.invite(null, '+14155550191', 'front_desk') as r;
do $$ begin perform set_config('t.phone', (select r ->> 'invitation_token' from phone_invite), true); end $$;
select is(pg_temp.accept(current_setting('t.phone'), 'twelve chars ok!') ->> 'error', 'INVALID_EMAIL',
  'accepting a phone-only invitation needs an email: INVALID_EMAIL');
select is(pg_temp.accept(current_setting('t.phone'), 'twelve chars ok!', 'Veteran@invite.example') ->> 'error', 'EMAIL_IN_USE',
  'which may not be an existing account''s (the invitee cannot prove it is theirs): EMAIL_IN_USE');
select is(pg_temp.accept(current_setting('t.phone'), 'twelve chars ok!', 'phone.person@invite.example') ->> 'email', 'phone.person@invite.example',
  'with a new email, the account is created');

-- Who may invite and accept.
do $$ begin perform set_config('t.pending', (select r ->> 'invitation_token' from second_invite), true); end $$;
call tests.authenticate_as_account('desk@invite.example');
select throws_ok(format('select public.invite_staff_member(%L, %L, null, %L)', tests.org_id('Invite Clinic'), 'y@invite.example', 'front_desk'),
  '42501', null, 'a front-desk member cannot invite');
call tests.authenticate_as('Invite Clinic');
select throws_ok(format('select public.invite_staff_member(%L, %L, null, %L)', tests.org_id('Invite Clinic'), 'y@invite.example', 'front_desk'),
  '42501', null, 'nor can a clinic member known only by app_metadata.org_id (no account)');
select throws_ok(format('select public.accept_staff_invitation(%L, %L)', current_setting('t.pending'), 'twelve chars ok!'),
  '42501', null, 'authenticated cannot call accept_staff_invitation (the invitee is anon)');
call tests.authenticate_as_anon();
select throws_ok(format('select public.invite_staff_member(%L, %L, null, %L)', tests.org_id('Invite Clinic'), 'y@invite.example', 'front_desk'),
  '42501', null, 'anon cannot invite');
call tests.authenticate_as_service_role();
select is(public.accept_staff_invitation(current_setting('t.pending'), 'twelve chars ok!') ->> 'role', 'admin',
  'service_role may accept on the invitee''s behalf (the form posts through the service)');
call tests.clear_authentication();
select is((select count(*)::integer from booking.staff_invitations where accepted_at is not null and org_id = tests.org_id('Invite Clinic')), 4,
  'four invitations were accepted, each once');

select * from finish();
rollback;
