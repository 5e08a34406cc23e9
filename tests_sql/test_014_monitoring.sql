-- The monitoring views and RPCs answer what the spec's queries answer, and
-- each clinic sees only its own numbers.
begin;
select plan(10);

call tests.create_org('Monitor Clinic');
call tests.create_org('Nosy Clinic');
select is(public.set_integration_settings(tests.org_id('Monitor Clinic'), 'k', p_hot_lead_alert_phone => '+14155550900') ->> 'success', 'true', 'alert phone set');
create temp table booked as
  select n, public.book_appointment_atomic(tests.org_id('Monitor Clinic'), 'Mona Monitor', null, '+1415555091' || n,
           'consultation', tests.local_noon(2 + n), 30) as r
    from generate_series(1, 3) n;
select public.book_appointment_atomic(tests.org_id('Nosy Clinic'), 'Nora Nosy', null, '+14155550920', 'consultation',
  tests.local_noon(2), 30) is not null as nosy_booked into temp nosy;
-- The worker hands two of Monitor Clinic's confirmations to the provider; one is delivered.
select booking.record_sms_accepted(o.org_id, o.id, 'console', 'SM' || md5(o.id::text), 'sent') is not null as accepted into temp accepted
  from booking.sms_outbox o join booked b on o.appointment_id = (b.r ->> 'appointment_id')::uuid where b.n <= 2;
select booking.record_sms_status(o.org_id, o.id, o.provider_message_id, 'delivered', null) is not null as recorded into temp delivered
  from booking.sms_outbox o join booked b on o.appointment_id = (b.r ->> 'appointment_id')::uuid where b.n = 1;
select is(tests.book_during_call('Monitor Clinic', 'call-monitor', '+14155550930', tests.local_noon(9)) is not null, true, 'a booking during a call');
select is(public.record_call_report(tests.org_id('Monitor Clinic'), tests.call_report('call-monitor', '+14155550930', 400)) ->> 'hot_lead',
  'true', 'a hot lead');

set local search_path = booking, public, tap, tests;
set local timezone = 'America/New_York';

select results_eq(
  format($$ select date, appointments_created, confirmations_sent, confirmation_rate from daily_report(%L) $$, tests.org_id('Monitor Clinic')),
  format($$ SELECT
      DATE(created_at) as date,
      COUNT(*) as appointments_created,
      COUNT(*) FILTER (WHERE confirmation_sms_sent = true) as confirmations_sent,
      ROUND(100.0 * COUNT(*) FILTER (WHERE confirmation_sms_sent = true) / COUNT(*), 2) as confirmation_rate
    FROM appointments
    WHERE org_id = %L
      AND created_at > NOW() - INTERVAL '7 days'
    GROUP BY DATE(created_at)
    ORDER BY date DESC $$, tests.org_id('Monitor Clinic')),
  'the daily report equals the spec''s query (run in the clinic''s time zone)');
select results_eq(
  $$ select 4::bigint, 2::bigint, 50.00::numeric $$,
  format($$ select appointments_created, confirmations_sent, confirmation_rate from daily_report(%L) $$, tests.org_id('Monitor Clinic')),
  'four appointments, two confirmations sent: 50%');
select set_eq(
  $$ select status, sum(count)::bigint from public.sms_delivery_status() where kind = 'confirmation' group by status $$,
  $$ SELECT status, COUNT(*) as count FROM sms_confirmation_logs WHERE created_at > NOW() - INTERVAL '24 hours' GROUP BY status $$,
  'SMS delivery status equals the spec''s query');
select results_eq(
  format($$ select lead_name, lead_phone, lead_score, alert_sent_at from hot_leads_generated(%L) $$, tests.org_id('Monitor Clinic')),
  format($$ SELECT lead_name, lead_phone, lead_score, alert_sent_at FROM hot_lead_alerts
             WHERE org_id = %L AND created_at > NOW() - INTERVAL '24 hours' ORDER BY created_at DESC $$, tests.org_id('Monitor Clinic')),
  'hot leads generated equals the spec''s query');

call tests.authenticate_as('Nosy Clinic');
select is_empty(format('select * from public.daily_report(%L)', tests.org_id('Monitor Clinic')),
  'another clinic reads nothing of this clinic''s daily report');
select results_eq('select distinct org_id from public.sms_delivery_status()', format('values (%L::uuid)', tests.org_id('Nosy Clinic')),
  'a clinic''s SMS status shows only its own messages');
select is_empty(format('select * from public.hot_leads_generated(%L)', tests.org_id('Monitor Clinic')),
  'another clinic reads none of this clinic''s hot leads');
call tests.clear_authentication();

select * from finish();
rollback;
