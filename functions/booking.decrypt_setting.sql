-- Decrypts a secret of booking.integration_settings with the key the
-- caller got from its environment (SETTINGS_ENCRYPTION_KEY). Raises BKKEY
-- when the key is missing or is not the key the secret was stored with.
create or replace function booking.decrypt_setting(p_ciphertext bytea, p_encryption_key text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_ciphertext is null then
    return null;
  end if;
  if nullif(p_encryption_key, '') is null then
    raise exception 'no encryption key given for a stored secret'
      using errcode = 'BKKEY', hint = 'Set SETTINGS_ENCRYPTION_KEY to the key the settings were stored with.';
  end if;
  return extensions.pgp_sym_decrypt(p_ciphertext, p_encryption_key);
exception
  when external_routine_invocation_exception then
    raise exception 'the encryption key does not decrypt the stored secret'
      using errcode = 'BKKEY', hint = 'SETTINGS_ENCRYPTION_KEY differs from the key the settings were stored with.';
end;
$$;

revoke execute on function booking.decrypt_setting(bytea, text) from public, anon, authenticated, service_role;
comment on function booking.decrypt_setting(bytea, text) is
  'pgp_sym_decrypt of a stored secret; raises BKKEY for a missing or wrong key.';
