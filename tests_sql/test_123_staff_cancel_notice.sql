-- Staff cancel with a reason, texting the patient or not (issue 23):
-- public.cancel_appointment's p_notify_patient (default true, NULL is
-- true); without the text the reminders are cancelled all the same; the
-- history shows the reason, the member and whether the patient was texted;
-- a patient's own cancellation is always texted.
begin;
select plan(15);
set constraints all immediate;

call tests.create_org('Quiet Clinic');
call tests.create_staff_account('desk@quiet.test', 'Quiet Clinic', 'front_desk');
create function pg_temp.book(p_phone text, p_days integer) returns text language sql as $$
  select public.book_appointment_atomic(tests.org_id('Quiet Clinic'), 'Quinn Quiet', null, p_phone,
         'Cleaning', tests.local_noon(p_days), 60) ->> 'appointment_id';
$$;
create function pg_temp.sms(p_id text) returns text language sql as $$
  select coalesce(string_agg(kind || '/' || status, ',' order by kind, status), 'none')
    from booking.sms_outbox where appointment_id = p_id::uuid and kind in ('cancellation', 'reminder');
$$;
grant execute on all functions in schema pg_temp to public;
do $$
begin
  perform set_config('t.quiet', pg_temp.book('+14155551231', 3), true);
  perform set_config('t.told', pg_temp.book('+14155551232', 4), true);
  perform set_config('t.null', pg_temp.book('+14155551233', 5), true);
  perform set_config('t.self', pg_temp.book('+14155551234', 6), true);
end $$;

select has_function('public', 'cancel_appointment', array['uuid', 'uuid', 'text', 'boolean'],
  'cancel_appointment takes p_notify_patient');
select hasnt_function('public', 'cancel_appointment', array['uuid', 'uuid', 'text'],
  'the old three-argument signature is gone (no ambiguous overload)');
select is(pg_temp.sms(current_setting('t.quiet')), 'reminder/pending', 'a booked appointment has a pending reminder');

-- Without texting the patient.
call tests.authenticate_as_account('desk@quiet.test');
select is(public.cancel_appointment(tests.org_id('Quiet Clinic'), current_setting('t.quiet')::uuid,
            'Practitioner unavailable: sick', false) ->> 'success', 'true', 'staff cancel without texting: success');
call tests.clear_authentication();
select is(pg_temp.sms(current_setting('t.quiet')), 'reminder/canceled',
  'no cancellation SMS is queued, and the reminder is cancelled all the same');
select is((select status from booking.appointments where id = current_setting('t.quiet')::uuid), 'cancelled', 'the appointment is cancelled');
call tests.authenticate_as_account('desk@quiet.test');
select is((select h - 'occurred_at' - 'from_scheduled_at' - 'to_scheduled_at'
             from jsonb_array_elements(public.appointment_history(tests.org_id('Quiet Clinic'),
                    current_setting('t.quiet')::uuid)::jsonb -> 'history') h),
  '{"action": "cancelled", "actor": "staff", "from_status": "scheduled", "to_status": "cancelled",
    "reason": "Practitioner unavailable: sick", "late": false, "patient_notified": false}'::jsonb,
  'the history shows the reason and that the patient was not texted');
select is((select actor_account_id from booking.appointment_history where appointment_id = current_setting('t.quiet')::uuid),
  tests.account_id('desk@quiet.test'), 'and the member who cancelled');
select is(public.cancel_appointment(tests.org_id('Quiet Clinic'), current_setting('t.quiet')::uuid, null, true) ->> 'success',
  'true', 'cancelling it again, now asking for the text: success');
call tests.clear_authentication();
select is(pg_temp.sms(current_setting('t.quiet')), 'reminder/canceled', 'but changes nothing: still no text');

-- Texting the patient: explicitly, by default, and for NULL.
call tests.authenticate_as_account('desk@quiet.test');
select is(public.cancel_appointment(tests.org_id('Quiet Clinic'), current_setting('t.told')::uuid, 'Clinic closed', true) ->> 'success',
  'true', 'staff cancel with the text');
select is(public.cancel_appointment(p_org_id => tests.org_id('Quiet Clinic'), p_appointment_id => current_setting('t.null')::uuid,
            p_notify_patient => null) ->> 'success', 'true', 'staff cancel with p_notify_patient NULL');
call tests.clear_authentication();
select is(pg_temp.sms(current_setting('t.told')) || ' ' || pg_temp.sms(current_setting('t.null')),
  'cancellation/pending,reminder/canceled cancellation/pending,reminder/canceled',
  'both queue the cancellation SMS (NULL means yes)');

-- A patient's own cancellation is always texted, whatever is passed.
select is(booking.cancel_appointment_as(tests.org_id('Quiet Clinic'), current_setting('t.self')::uuid, 'patient_link',
             null, false) ->> 'success', 'true', 'a patient cancels by link (passing false)');
select is(pg_temp.sms(current_setting('t.self')) || ' '
           || (select patient_notified from booking.appointment_history where appointment_id = current_setting('t.self')::uuid),
  'cancellation/pending,reminder/canceled true', 'and is texted: only staff may choose not to');

select * from finish();
rollback;
