-- A service type name as stored: trimmed, inner white space collapsed; NULL
-- when it is not a name (blank, control characters, over 100 characters).
-- PL/pgSQL: a LANGUAGE sql function with a SET clause is never inlined and
-- is planned again on every call (every booking calls this one).
create or replace function booking.normalize_service_type(p_service_type text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v text := btrim(regexp_replace(p_service_type, '[[:space:]]+', ' ', 'g'));
begin
  return case when v is not null and length(v) between 1 and 100 and v !~ '[[:cntrl:]]' then v end;
end;
$$;

revoke execute on function booking.normalize_service_type(text) from public, anon, authenticated, service_role;
comment on function booking.normalize_service_type(text) is
  'Trimmed, space-collapsed service type of 1-100 characters, or NULL.';
