-- Records a number's consent for an organization's SMS: opted out (STOP,
-- Twilio error 21610) or back in (START). The row is kept either way.
create or replace function booking.record_sms_opt_out(
  p_org_id uuid,
  p_phone text,
  p_opted_out boolean,
  p_keyword text,
  p_source text
) returns void
language sql
volatile
set search_path = ''
as $$
  insert into booking.sms_opt_outs as o (org_id, phone, opted_out, keyword, source)
  values (p_org_id, p_phone, p_opted_out, p_keyword, p_source)
  on conflict (org_id, phone) do update
     set opted_out = excluded.opted_out,
         keyword = excluded.keyword,
         source = excluded.source,
         updated_at = now();
$$;

revoke execute on function booking.record_sms_opt_out(uuid, text, boolean, text, text) from public, anon, authenticated, service_role;
comment on function booking.record_sms_opt_out(uuid, text, boolean, text, text) is
  'Upserts booking.sms_opt_outs for (organization, phone).';
