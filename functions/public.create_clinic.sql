-- Onboarding (service_role only): a clinic and its first owner's
-- invitation, for a fresh deployment (python -m shim admin create-clinic).
-- The contract is the COMMENT at the end of this file.
--
-- Idempotent: a clinic of the same name (case and white space aside) whose
-- owner is, or was invited as, the same email is the same clinic: nothing
-- is created again; its owner gets a fresh invitation (the pending one is
-- revoked, invite_staff_member) unless they have joined already. Two runs
-- at once serialise on a transaction lock of that name and email (this is
-- onboarding, not a booking path).
create or replace function public.create_clinic(
  p_name text,
  p_timezone text,
  p_phone_region text,
  p_contact_phone text,
  p_owner_email text
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_name text := btrim(regexp_replace(p_name, '[[:space:]]+', ' ', 'g'));
  v_region text := upper(btrim(p_phone_region));
  v_email text := booking.normalize_staff_email(p_owner_email);
  v_phone text;
  v_refusal json;
  v_org_id uuid;
  v_created boolean := false;
  v_answer json;
  v_invitation json;
begin
  perform booking.assert_service_role();
  -- Without a region, a number written with its calling code names one:
  -- that code's main region (US for +1, GB for +44); else US.
  if v_region is null and btrim(p_contact_phone) ~ '^\+[1-9]' then
    select c.main_region into v_region
      from booking.phone_calling_codes c, booking.normalize_phone(p_contact_phone, 'US') n(phone)
     where c.calling_code in (substr(n.phone, 2, 1)::integer, substr(n.phone, 2, 2)::integer,
                              substr(n.phone, 2, 3)::integer);
  end if;
  v_region := coalesce(v_region, case when p_phone_region is null then 'US' end);
  v_refusal := booking.clinic_profile_refusal(v_name, p_timezone, v_region, p_contact_phone);
  if v_refusal is not null then
    return v_refusal;
  end if;
  v_phone := booking.normalize_phone(nullif(btrim(p_contact_phone), ''), v_region);
  if v_email is null then
    return booking.json_error('INVALID_EMAIL', 'The owner''s email is not a valid address');
  end if;

  perform pg_catalog.pg_advisory_xact_lock(
    pg_catalog.hashtextextended('public.create_clinic ' || lower(v_name) || ' ' || v_email, 0));
  select o.org_id into v_org_id
    from booking.organizations o
   where lower(o.name) = lower(v_name)
     and (exists (select from booking.staff_invitations i
                   where i.org_id = o.org_id and i.email = v_email and i.role = 'owner')
          or exists (select from booking.memberships m join booking.staff_accounts a on a.account_id = m.account_id
                      where m.org_id = o.org_id and a.email = v_email and m.role = 'owner'))
   order by o.created_at
   limit 1;

  if v_org_id is null then
    v_answer := public.create_organization(v_name, p_timezone, v_region);
    v_org_id := (v_answer ->> 'org_id')::uuid;
    v_answer := public.set_clinic_profile(v_org_id, v_name, v_phone, null, p_timezone, v_region);
    if not (v_answer ->> 'success')::boolean then
      raise exception 'create_clinic: %', v_answer;  -- validated above; never leave half a clinic
    end if;
    v_created := true;
  end if;

  if exists (select from booking.staff_invitations i
              where i.org_id = v_org_id and i.email = v_email and i.role = 'owner' and i.accepted_at is not null)
     or exists (select from booking.memberships m join booking.staff_accounts a on a.account_id = m.account_id
                 where m.org_id = v_org_id and a.email = v_email and m.role = 'owner') then
    v_invitation := null;  -- the owner has joined: they sign in
  else
    v_invitation := public.invite_staff_member(v_org_id, v_email, null, 'owner');
    if not (v_invitation ->> 'success')::boolean then
      raise exception 'create_clinic: %', v_invitation;
    end if;
  end if;

  return json_build_object(
    'success', true,
    'org_id', v_org_id,
    'created', v_created,
    'name', (select name from booking.organizations where org_id = v_org_id),
    'owner_email', v_email,
    'owner_joined', v_invitation is null,
    'invitation_token', v_invitation ->> 'invitation_token',
    'expires_at', v_invitation ->> 'expires_at');
end;
$$;

revoke execute on function public.create_clinic(text, text, text, text, text) from public, anon, authenticated, service_role;
grant execute on function public.create_clinic(text, text, text, text, text) to service_role;
comment on function public.create_clinic(text, text, text, text, text) is
'Onboarding (service_role): creates a clinic with its default calendar, its profile and its first owner''s invitation; idempotent.

Arguments: p_name (1-200 characters); p_timezone (IANA, e.g. America/New_York); p_phone_region (ISO 3166, e.g. US or GB; NULL: the main region of p_contact_phone''s calling code when it is written with one, US for +1, GB for +44; else US); p_contact_phone (the number patients are told to call, read in the region; NULL: none); p_owner_email.
Answer: {"success": true, "org_id", "created" (false: a clinic of this name whose owner is or was invited as this email exists, and nothing was created), "name", "owner_email", "owner_joined" (true: the owner has accepted and signs in; no invitation), "invitation_token" (for /dashboard/invitations/<token>, 7 days; a new one on every call until the owner joins, revoking the previous one), "expires_at"}.
Errors: INVALID_NAME, INVALID_TIMEZONE, INVALID_REGION, INVALID_PHONE (not a valid number, or premium-rate/shared-cost), INVALID_EMAIL. Raises 42501 for other callers.';
