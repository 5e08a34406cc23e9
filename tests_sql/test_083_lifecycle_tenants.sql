-- Tenant matrix of the lifecycle: anon, a member of A, a member of B and
-- service_role against every new function and table. Another clinic's
-- appointment id is never distinguishable from an unknown one.
begin;
select plan(62);

call tests.create_org('Life A');
call tests.create_org('Life B');
create function pg_temp.book(p_org text, p_phone text, p_days integer) returns text language sql as $$
  select public.book_appointment_atomic(tests.org_id(p_org), 'Pat Patient', null, p_phone,
         'Cleaning', tests.local_noon(p_days), 30) ->> 'appointment_id';
$$;
do $$
begin
  perform set_config('t.a', pg_temp.book('Life A', '+14155550601', 3), true);
  perform set_config('t.b', pg_temp.book('Life B', '+14155550602', 3), true);
  perform set_config('t.a_past', pg_temp.book('Life A', '+14155550603', 4), true);
  perform set_config('t.b_past', pg_temp.book('Life B', '+14155550604', 4), true);
  update booking.appointments set scheduled_at = now() - interval '2 hours', ends_at = now() - interval '90 minutes'
   where id in (current_setting('t.a_past')::uuid, current_setting('t.b_past')::uuid);
  perform set_config('t.token_a', booking.issue_manage_token(tests.org_id('Life A'), current_setting('t.a')::uuid), true);
end $$;

-- The SQL of each staff function call, for an organization and an appointment.
create function pg_temp.calls(p_org text, p_appointment text, p_past text) returns table (name text, statement text)
language sql as $$
  values
    ('reschedule_appointment', format('select public.reschedule_appointment(%L, %L, %L)', tests.org_id(p_org), p_appointment,
                                      tests.local_noon(5))),
    ('cancel_appointment', format('select public.cancel_appointment(%L, %L, ''tenant test'')', tests.org_id(p_org), p_appointment)),
    ('set_appointment_outcome', format('select public.set_appointment_outcome(%L, %L, ''completed'')', tests.org_id(p_org), p_past)),
    ('appointment_history', format('select public.appointment_history(%L, %L)', tests.org_id(p_org), p_appointment))
$$;
create function pg_temp.answer(p_statement text) returns jsonb language plpgsql as $$
declare
  v json;
begin
  execute p_statement into v;
  return v::jsonb - 'created_at';
end $$;
grant execute on function pg_temp.calls(text, text, text), pg_temp.answer(text) to public;

create function pg_temp.matrix() returns setof text language plpgsql as $$
declare
  c record;
  v_unknown text := gen_random_uuid()::text;
begin
  -- anon: nothing.
  call tests.authenticate_as_anon();
  for c in select * from pg_temp.calls('Life A', current_setting('t.a'), current_setting('t.a_past')) loop
    return next throws_ok(c.statement, '42501', null, format('anon cannot call %s', c.name));
  end loop;
  return next throws_ok(format('select public.set_reminder_offsets(%L, ''{60}'')', tests.org_id('Life A')), '42501', null,
    'anon cannot set reminder offsets');

  -- A member of A: for A, not for B; B's ids are unknown ids.
  call tests.authenticate_as('Life A');
  for c in select * from pg_temp.calls('Life B', current_setting('t.b'), current_setting('t.b_past')) loop
    return next throws_ok(c.statement, '42501', null, format('a member of A cannot call %s for B', c.name));
  end loop;
  for c in select a.name, a.statement as own, u.statement as unknown
             from pg_temp.calls('Life A', current_setting('t.b'), current_setting('t.b_past')) a
             join pg_temp.calls('Life A', v_unknown, v_unknown) u using (name) loop
    return next is(pg_temp.answer(c.own), pg_temp.answer(c.unknown),
      format('%s: B''s appointment id, asked as A, answers exactly like an unknown id', c.name));
    return next is(pg_temp.answer(c.own) ->> 'error', 'APPOINTMENT_NOT_FOUND',
      format('%s: that answer is APPOINTMENT_NOT_FOUND', c.name));
  end loop;
  for c in select * from pg_temp.calls('Life A', current_setting('t.a'), current_setting('t.a_past')) loop
    return next is(pg_temp.answer(c.statement) ->> 'success', 'true', format('a member of A may call %s for A', c.name));
  end loop;
  return next is((select count(*)::integer from booking.appointment_history
                   where org_id <> tests.org_id('Life A')), 0, 'a member of A reads no other history rows');
  return next is((select count(distinct org_id)::integer from booking.appointment_history), 1,
    'a member of A reads A''s history rows');
  return next throws_ok('select * from booking.appointment_manage_tokens', '42501', null,
    'a member cannot read manage tokens (not even their digests)');
  return next throws_ok(format('insert into booking.appointment_history (org_id, appointment_id, action, actor) values (%L, %L, ''cancelled'', ''staff'')',
    tests.org_id('Life A'), current_setting('t.a')), '42501', null, 'a member cannot write history rows');
  return next throws_ok(format('select public.set_reminder_offsets(%L, ''{60}'')', tests.org_id('Life A')), '42501', null,
    'a member cannot set reminder offsets (admin function)');
  return next throws_ok(format('select booking.cancel_appointment_as(%L, %L, ''staff'', null)', tests.org_id('Life A'), current_setting('t.a')),
    '42501', null, 'a member cannot call the internal cancel_appointment_as');
  return next throws_ok(format('select booking.issue_manage_token(%L, %L)', tests.org_id('Life A'), current_setting('t.a')),
    '42501', null, 'a member cannot mint manage tokens');

  -- user_metadata is not a way in.
  call tests.authenticate_as('Life A', jsonb_build_object('org_id', tests.org_id('Life B')));
  return next throws_ok(format('select public.cancel_appointment(%L, %L)', tests.org_id('Life B'), current_setting('t.b')),
    '42501', null, 'user_metadata.org_id (user-editable) does not let A cancel B''s appointment');

  -- A member of B: the mirror image.
  call tests.authenticate_as('Life B');
  for c in select * from pg_temp.calls('Life A', current_setting('t.a'), current_setting('t.a_past')) loop
    return next throws_ok(c.statement, '42501', null, format('a member of B cannot call %s for A', c.name));
  end loop;
  for c in select * from pg_temp.calls('Life B', current_setting('t.a'), current_setting('t.a_past')) loop
    return next is(pg_temp.answer(c.statement) ->> 'error', 'APPOINTMENT_NOT_FOUND',
      format('%s: A''s appointment id, asked as B, is APPOINTMENT_NOT_FOUND', c.name));
  end loop;
  return next is((select count(*)::integer from booking.appointment_history), 0, 'a member of B reads none of A''s history');

  -- service_role: any organization.
  call tests.authenticate_as_service_role();
  for c in select * from pg_temp.calls('Life B', current_setting('t.b'), current_setting('t.b_past')) loop
    return next is(pg_temp.answer(c.statement) ->> 'success', 'true', format('service_role may call %s for B', c.name));
  end loop;
  for c in select * from pg_temp.calls('Life B', current_setting('t.a'), current_setting('t.a_past')) loop
    return next is(pg_temp.answer(c.statement) ->> 'error', 'APPOINTMENT_NOT_FOUND',
      format('%s: service_role naming B with A''s appointment gets APPOINTMENT_NOT_FOUND', c.name));
  end loop;
  return next is(public.set_reminder_offsets(tests.org_id('Life B'), '{60}') ->> 'success', 'true',
    'service_role sets reminder offsets');
  return next is((select count(distinct org_id)::integer from booking.appointment_history), 2,
    'service_role reads every organization''s history');
  return next throws_ok('select * from booking.appointment_manage_tokens', '42501', null,
    'service_role cannot read manage tokens either');
  call tests.clear_authentication();
end $$;
select * from pg_temp.matrix();

-- The token-gated functions: the token is the credential, whoever calls.
create function pg_temp.token_matrix() returns setof text language plpgsql as $$
declare
  v_role text;
  v_wrong text := translate(encode(extensions.gen_random_bytes(24), 'base64'), '+/', '-_');
begin
  foreach v_role in array array['anon', 'Life A', 'Life B', 'service_role'] loop
    if v_role = 'anon' then call tests.authenticate_as_anon();
    elsif v_role = 'service_role' then call tests.authenticate_as_service_role();
    else call tests.authenticate_as(v_role);
    end if;
    return next is(public.manage_appointment(current_setting('t.token_a')) ->> 'appointment_id', current_setting('t.a'),
      format('%s: A''s token opens A''s appointment', v_role));
    return next is((public.manage_appointment(v_wrong)::jsonb - 'created_at' - 'message'),
      '{"success": false, "error": "APPOINTMENT_NOT_FOUND"}'::jsonb, format('%s: a wrong token reveals nothing', v_role));
    return next is(public.manage_cancel(v_wrong) ->> 'error', 'APPOINTMENT_NOT_FOUND',
      format('%s: a wrong token cancels nothing', v_role));
  end loop;
  call tests.clear_authentication();
end $$;
grant execute on function pg_temp.token_matrix() to public;
select * from pg_temp.token_matrix();

select is((select status from booking.appointments where id = current_setting('t.b')::uuid), 'cancelled',
  'B''s appointment was cancelled by service_role acting for B, no one else');

select * from finish();
rollback;
