-- An e-mail address as stored: trimmed, domain lower-cased, local part kept.
-- NULL when it is not a valid address: one @, a dot-atom local part of at
-- most 64 characters, a domain of letter/digit/hyphen labels with an
-- alphabetic top-level label, 254 characters at most in all.
create or replace function booking.normalize_email(p_email text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_email text := btrim(p_email);
  v_local text;
  v_domain text;
begin
  if v_email is null or length(v_email) > 254 or v_email !~ '^[^@]+@[^@]+$' then
    return null;
  end if;
  v_local := split_part(v_email, '@', 1);
  v_domain := lower(split_part(v_email, '@', 2));
  if length(v_local) > 64
     or v_local !~ '^[A-Za-z0-9!#$%&''*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&''*+/=?^_`{|}~-]+)*$'
     or v_domain !~ '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$' then
    return null;
  end if;
  return v_local || '@' || v_domain;
end;
$$;

revoke execute on function booking.normalize_email(text) from public, anon, authenticated, service_role;
comment on function booking.normalize_email(text) is
  'Trimmed e-mail with lower-cased domain, or NULL when invalid.';
