-- Multi-tenant isolation of the SMS, call, lead, event and voice-agent
-- tables: anon reads nothing, a clinic member reads only their own
-- organization's rows and writes none, service_role reads all; SMS, event
-- and voice-agent rows are written only through the functions.
begin;
select plan(90);
-- Events are written at commit (deferred triggers); this test rolls back.
set constraints all immediate;

call tests.create_org('Iso A');
call tests.create_org('Iso B');
create function pg_temp.fill(p_org text, p_phone text) returns void language plpgsql as $$
begin
  perform public.set_integration_settings(tests.org_id(p_org), 'k', p_hot_lead_alert_phone => '+14155551390');
  perform public.set_lead_scoring(tests.org_id(p_org), '{"threshold": 10}');
  perform public.set_voice_agent(tests.org_id(p_org), md5(p_org) || md5(p_org));
  perform booking.record_sms_opt_out(tests.org_id(p_org), p_phone, true, 'STOP', 'inbound_keyword');
  perform tests.book_during_call(p_org, 'iso-call-' || replace(p_org, ' ', '-'), '+14155551301', tests.local_noon(2));
  perform public.record_call_report(tests.org_id(p_org), tests.call_report('iso-call-' || replace(p_org, ' ', '-'), '+14155551301', 400));
end $$;
select pg_temp.fill('Iso A', '+14155551311') is null as filled into temp fill_a;
select pg_temp.fill('Iso B', '+14155551312') is null as filled into temp fill_b;

-- 9 tables x 10 assertions
create function pg_temp.matrix() returns setof text language plpgsql as $$
declare
  t text;
  a uuid := tests.org_id('Iso A');
  b uuid := tests.org_id('Iso B');
begin
  foreach t in array array['integration_settings', 'sms_outbox', 'sms_opt_outs', 'calls',
                           'lead_scoring_settings', 'hot_leads', 'events', 'voice_agents', 'sms_confirmation_logs'] loop
    call tests.authenticate_as_anon();
    return next throws_ok(format('select org_id from booking.%I', t), '42501', null, format('anon cannot read %s', t));

    call tests.authenticate_as('Iso A');
    return next results_eq(format('select distinct org_id from booking.%I', t), format('values (%L::uuid)', a),
      format('a member of A reads only A''s %s', t));
    return next throws_ok(format('update booking.%I set org_id = org_id', t), '42501', null,
      format('a member of A cannot update %s', t));
    return next throws_ok(format('delete from booking.%I where org_id = %L', t, b), '42501', null,
      format('a member of A cannot delete from %s', t));

    call tests.authenticate_as('Iso B');
    return next results_eq(format('select distinct org_id from booking.%I', t), format('values (%L::uuid)', b),
      format('a member of B reads only B''s %s', t));
    return next is_empty(format('select org_id from booking.%I where org_id = %L', t, a),
      format('a member of B asking for A''s %s gets nothing', t));

    call tests.authenticate_as('Iso A', jsonb_build_object('org_id', b));
    return next results_eq(format('select distinct org_id from booking.%I', t), format('values (%L::uuid)', a),
      format('user_metadata.org_id does not widen access to %s', t));

    call tests.authenticate_as_service_role();
    return next results_eq(format('select count(distinct org_id)::int from booking.%I where org_id in (%L, %L)', t, a, b),
      'values (2)', format('service_role reads every organization''s %s', t));
    if t in ('calls', 'lead_scoring_settings', 'hot_leads') then
      return next lives_ok(format('update booking.%I set org_id = org_id where org_id = %L', t, b),
        format('service_role (the admin role) can write %s', t));
    else
      return next throws_ok(format('insert into booking.%I (org_id) values (%L)', t, a), '42501', null,
        format('service_role writes %s only through the functions', t));
    end if;

    call tests.clear_authentication();
    return next ok(true, format('%s checked', t));
  end loop;
end $$;
select * from pg_temp.matrix();

select * from finish();
rollback;
