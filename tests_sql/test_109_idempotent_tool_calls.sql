-- Idempotent voice tool calls (issue 26 §3): the first answer to a tool
-- call id of an organization is kept (booking.voice_tool_calls) and answered
-- again for a repeated id without acting twice; per organization; a
-- rolled-back call leaves nothing; members of another clinic and anon
-- cannot touch it. (Concurrent repeats: tests/voice_agent/test_idempotent_tool_calls.py.)
begin;
select plan(16);

call tests.create_org('Once Clinic');
call tests.create_org('Twice Clinic');
call tests.authenticate_as('Once Clinic');
select is(public.begin_voice_tool_call(tests.org_id('Once Clinic'), 'toolu_1', 'cancel_appointment')::text, null,
  'a new tool call id: run the tool');
select is(public.finish_voice_tool_call(tests.org_id('Once Clinic'), 'toolu_1', '{"success": true, "n": 1}') ->> 'success',
  'true', 'its answer is stored');
select is(public.begin_voice_tool_call(tests.org_id('Once Clinic'), 'toolu_1', 'cancel_appointment')::jsonb,
  '{"success": true, "n": 1}'::jsonb, 'the same id again: the first answer');
select is(public.finish_voice_tool_call(tests.org_id('Once Clinic'), 'toolu_1', '{"n": 2}') ->> 'error',
  'TOOL_CALL_NOT_STARTED', 'the first answer is never replaced');
select is(public.begin_voice_tool_call(tests.org_id('Once Clinic'), 'toolu_1', 'cancel_appointment')::jsonb ->> 'n', '1',
  'still the first');
select is(public.begin_voice_tool_call(tests.org_id('Once Clinic'), 'toolu_1', 'reserve_atomic') ->> 'error',
  'TOOL_CALL_ID_REUSED', 'an id of another tool is refused');
select is(public.begin_voice_tool_call(tests.org_id('Once Clinic'), '', 'reserve_atomic') ->> 'error',
  'INVALID_TOOL_CALL_ID', 'an empty id is refused');
select is(public.begin_voice_tool_call(tests.org_id('Once Clinic'), repeat('x', 257), 'reserve_atomic') ->> 'error',
  'INVALID_TOOL_CALL_ID', 'so is one of 257 characters');

-- A call whose transaction rolls back leaves nothing: a retry runs.
savepoint before_failure;
select is(public.begin_voice_tool_call(tests.org_id('Once Clinic'), 'toolu_2', 'send_otp')::text, null, 'a second call starts');
rollback to savepoint before_failure;
select is(public.begin_voice_tool_call(tests.org_id('Once Clinic'), 'toolu_2', 'send_otp')::text, null,
  'after a rollback the same id runs again');

call tests.authenticate_as('Twice Clinic');
select is(public.begin_voice_tool_call(tests.org_id('Twice Clinic'), 'toolu_1', 'cancel_appointment')::text, null,
  'ids are per organization: another clinic''s toolu_1 is its own');
select throws_ok(format('select public.begin_voice_tool_call(%L, ''toolu_1'', ''cancel_appointment'')',
  tests.org_id('Once Clinic')), '42501', null, 'a member of another clinic cannot read a clinic''s answers');
select throws_ok(format('select public.finish_voice_tool_call(%L, ''toolu_2'', ''{}'')', tests.org_id('Once Clinic')),
  '42501', null, 'nor store one');
select throws_ok('select count(*) from booking.voice_tool_calls', '42501', null, 'the table is not readable by members');
call tests.authenticate_as_anon();
select throws_ok(format('select public.begin_voice_tool_call(%L, ''toolu_9'', ''send_otp'')', tests.org_id('Once Clinic')),
  '42501', null, 'anon cannot start a call');
call tests.clear_authentication();
select is((select count(*)::integer from booking.voice_tool_calls), 3, 'three calls kept, with created_at for retention');

select * from finish();
rollback;
