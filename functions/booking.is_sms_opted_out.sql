-- True when the E.164 number opted out of SMS from the organization.
create or replace function booking.is_sms_opted_out(p_org_id uuid, p_phone text)
returns boolean
language plpgsql
stable
set search_path = ''
as $$
begin
  return exists (
    select from booking.sms_opt_outs
     where org_id = p_org_id and phone = p_phone and opted_out);
end;
$$;

revoke execute on function booking.is_sms_opted_out(uuid, text) from public, anon, authenticated, service_role;
comment on function booking.is_sms_opted_out(uuid, text) is
  'True when the number opted out of the organization''s SMS (STOP or provider error 21610).';
