-- A patient's name as stored: trimmed, inner white space collapsed to one
-- space; all-lower or all-upper input is title-cased ("JOHN O'BRIEN" ->
-- "John O'Brien"), deliberate mixed case is kept ("McDonald", "van der
-- Berg"). NULL when the input is not a plausible name: no letter, control
-- characters, or longer than 200 characters.
create or replace function booking.normalize_person_name(p_name text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_name text := btrim(regexp_replace(p_name, '[[:space:]]+', ' ', 'g'));
begin
  if v_name is null or v_name = '' or length(v_name) > 200
     or v_name !~ '[[:alpha:]]' or v_name ~ '[[:cntrl:]]' then
    return null;
  end if;
  if v_name = lower(v_name) or v_name = upper(v_name) then
    return initcap(v_name);
  end if;
  return v_name;
end;
$$;

revoke execute on function booking.normalize_person_name(text) from public, anon, authenticated, service_role;
comment on function booking.normalize_person_name(text) is
  'Trimmed, space-collapsed name; all-lower/all-upper input title-cased, mixed case kept; NULL if not a name.';
