-- Why a hold can no longer take a code or be confirmed, as the business
-- error the hold functions answer, or NULL when it is live:
-- HOLD_ALREADY_CONFIRMED, HOLD_RELEASED, HOLD_EXPIRED (status expired, or
-- past expires_at), OTP_LOCKED (5 wrong codes).
create or replace function booking.hold_unusable_reason(p_hold booking.appointment_holds)
returns json
language plpgsql
stable
set search_path = ''
as $$
begin
  return case
    when p_hold.status = 'consumed' then
      booking.json_error('HOLD_ALREADY_CONFIRMED', 'The hold was already confirmed')
    when p_hold.status = 'released' then
      booking.json_error('HOLD_RELEASED', 'The hold was released; reserve the slot again')
    when p_hold.status = 'expired' or p_hold.expires_at <= now() then
      booking.json_error('HOLD_EXPIRED', 'The hold expired; reserve the slot again')
    when p_hold.otp_failed_attempts >= 5 then
      booking.json_error('OTP_LOCKED', 'Too many wrong codes; this hold cannot be confirmed')
  end;
end;
$$;

revoke execute on function booking.hold_unusable_reason(booking.appointment_holds) from public, anon, authenticated, service_role;
comment on function booking.hold_unusable_reason(booking.appointment_holds) is
  'HOLD_ALREADY_CONFIRMED / HOLD_RELEASED / HOLD_EXPIRED / OTP_LOCKED for a hold that cannot be used, else NULL.';
