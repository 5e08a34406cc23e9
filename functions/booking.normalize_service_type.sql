-- A service type name as stored: trimmed, inner white space collapsed; NULL
-- when it is not a name (blank, control characters, over 100 characters).
create or replace function booking.normalize_service_type(p_service_type text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case when v is not null and length(v) between 1 and 100 and v !~ '[[:cntrl:]]' then v end
    from (select btrim(regexp_replace(p_service_type, '[[:space:]]+', ' ', 'g')) as v) s;
$$;

revoke execute on function booking.normalize_service_type(text) from public, anon, authenticated, service_role;
comment on function booking.normalize_service_type(text) is
  'Trimmed, space-collapsed service type of 1-100 characters, or NULL.';
