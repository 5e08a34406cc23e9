-- Patient search for the front desk: part of a name, with typos
-- (pg_trgm's word similarity), or part of a phone number, read as the
-- caller under RLS (SECURITY INVOKER): a member finds only their own
-- clinic's patients. The contract is the COMMENT at the end of this file.
--
-- The three tests are each served by an index (contacts_name_trigram for
-- <% and ILIKE, contacts_phone_trigram for the digits), combined by a
-- bitmap OR; the word-similarity threshold is lowered for the call so
-- that one typo in a short name still matches ("Jonh" finds "John").
create or replace function public.search_patients(
  p_org_id uuid,
  p_query text,
  p_limit integer default 20
) returns json
language plpgsql
stable
set search_path = ''
set pg_trgm.word_similarity_threshold = '0.3'
as $$
declare
  v_query text := btrim(p_query);
  v_digits text;
  v_like text;
begin
  if p_org_id is null or p_limit is null or p_limit not between 1 and 100 then
    raise exception 'p_org_id is required and p_limit must be between 1 and 100' using errcode = '22023';
  end if;
  -- RLS: a member sees only their own organization's row.
  if not exists (select from booking.organizations o where o.org_id = p_org_id) then
    raise exception 'not allowed to read organization %', p_org_id using errcode = '42501';
  end if;
  if v_query is null or length(v_query) not between 2 and 100 then
    -- (booking.json_error's shape: an invoker cannot call booking's functions)
    return json_build_object('success', false, 'error', 'INVALID_QUERY',
      'message', 'INVALID_QUERY: Search with 2 to 100 characters of a name or phone number');
  end if;
  v_digits := regexp_replace(v_query, '[^0-9]', '', 'g');
  v_like := '%' || replace(replace(replace(v_query, '\', '\\'), '%', '\%'), '_', '\_') || '%';

  return json_build_object('success', true, 'query', v_query, 'patients', coalesce((
    select json_agg(json_build_object('contact_id', m.id, 'name', m.name, 'phone', m.phone, 'email', m.email,
                                      'no_show_count', m.no_shows, 'next_appointment_at', m.next_at)
                    order by m.score desc, m.name)
      from (select c.id, c.name, c.phone, c.email,
                   greatest(extensions.word_similarity(v_query, c.name),
                            case when c.name ilike v_like then 1 end,
                            case when length(v_digits) >= 3 and c.phone like '%' || v_digits || '%' then 1 end) as score,
                   (select count(*) from booking.appointments a
                     where a.org_id = c.org_id and a.contact_id = c.id and a.status = 'no_show') as no_shows,
                   (select min(a.scheduled_at) from booking.appointments a
                     where a.org_id = c.org_id and a.contact_id = c.id
                       and a.status in ('scheduled', 'confirmed') and a.scheduled_at > now()) as next_at
              from booking.contacts c
             where c.org_id = p_org_id
               and (v_query operator(extensions.<%) c.name
                    or c.name ilike v_like
                    or (length(v_digits) >= 3 and c.phone like '%' || v_digits || '%'))
             order by 5 desc, c.name
             limit p_limit) m), '[]'::json));
end;
$$;

revoke execute on function public.search_patients(uuid, text, integer) from public, anon, authenticated, service_role;
grant execute on function public.search_patients(uuid, text, integer) to authenticated, service_role;
comment on function public.search_patients(uuid, text, integer) is
'Staff find patients by part of a name (typos tolerated) or part of a phone number.

Arguments: p_org_id; p_query (2-100 characters: a name or part of one, or at least 3 digits of a phone number); p_limit (1-100, default 20).
Answer: {"success": true, "query", "patients": [{"contact_id", "name", "phone", "email", "no_show_count", "next_appointment_at"}]}, best match first. SECURITY INVOKER: RLS decides, so a member finds only their own clinic''s patients.
Errors: INVALID_QUERY. Raises 42501 when the caller cannot read the organization (another clinic''s and unknown ones are not told apart), 22023 for a NULL p_org_id or p_limit outside 1-100.';
