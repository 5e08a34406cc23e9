-- Settings (an owner or admin of the organization, or service_role): an organization's lead-scoring weights and
-- threshold. The contract is the COMMENT at the end of this file.
create or replace function public.set_lead_scoring(p_org_id uuid, p_settings jsonb)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_known text[] := array['threshold', 'weight_booked', 'weight_long_call', 'long_call_seconds',
                          'weight_new_contact', 'weight_high_value_service', 'high_value_cents',
                          'weight_positive_analysis'];
  v_row booking.lead_scoring_settings%rowtype;
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  if not exists (select from booking.organizations where org_id = p_org_id) then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if p_settings is null or jsonb_typeof(p_settings) <> 'object'
     or exists (select from jsonb_object_keys(p_settings) k where k <> all (v_known))
     or exists (select from jsonb_each(p_settings) e
                 where jsonb_typeof(e.value) <> 'number' or (e.value #>> '{}') !~ '^[0-9]{1,9}$') then
    return booking.json_error('INVALID_SETTINGS', 'Settings must be whole numbers for ' || array_to_string(v_known, ', '));
  end if;

  insert into booking.lead_scoring_settings as s (org_id) values (p_org_id) on conflict (org_id) do nothing;
  update booking.lead_scoring_settings s set
    threshold = coalesce((p_settings ->> 'threshold')::integer, s.threshold),
    weight_booked = coalesce((p_settings ->> 'weight_booked')::integer, s.weight_booked),
    weight_long_call = coalesce((p_settings ->> 'weight_long_call')::integer, s.weight_long_call),
    long_call_seconds = coalesce((p_settings ->> 'long_call_seconds')::integer, s.long_call_seconds),
    weight_new_contact = coalesce((p_settings ->> 'weight_new_contact')::integer, s.weight_new_contact),
    weight_high_value_service = coalesce((p_settings ->> 'weight_high_value_service')::integer, s.weight_high_value_service),
    high_value_cents = coalesce((p_settings ->> 'high_value_cents')::integer, s.high_value_cents),
    weight_positive_analysis = coalesce((p_settings ->> 'weight_positive_analysis')::integer, s.weight_positive_analysis),
    updated_at = now()
  where s.org_id = p_org_id
  returning * into v_row;
  return json_build_object('success', true, 'settings', to_jsonb(v_row) - 'org_id' - 'updated_at');
exception
  when check_violation then
    return booking.json_error('INVALID_SETTINGS', 'Weights and the threshold are 0-100');
end;
$$;

revoke execute on function public.set_lead_scoring(uuid, jsonb) from public, anon, authenticated, service_role;
grant execute on function public.set_lead_scoring(uuid, jsonb) to authenticated, service_role;
comment on function public.set_lead_scoring(uuid, jsonb) is
'Settings (an owner or admin of the organization, or service_role): sets an organization''s lead-scoring weights and threshold.

Arguments: p_org_id; p_settings {"threshold", "weight_booked", "weight_long_call", "long_call_seconds", "weight_new_contact", "weight_high_value_service", "high_value_cents", "weight_positive_analysis"} (whole numbers; weights and threshold 0-100); absent keys are unchanged.
Answer: {"success": true, "settings"}.
Errors: INVALID_ORGANIZATION, INVALID_SETTINGS. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';
