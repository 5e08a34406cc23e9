-- The JSON answer of a business failure: {"success": false, "error": CODE,
-- "message": "CODE: text", "created_at"}.
create or replace function booking.json_error(p_code text, p_message text)
returns json
language plpgsql
stable
set search_path = ''
as $$
begin
  return json_build_object(
    'success', false,
    'error', p_code,
    'message', p_code || ': ' || p_message,
    'created_at', booking.to_iso8601_utc(now()));
end;
$$;

revoke execute on function booking.json_error(text, text) from public, anon, authenticated, service_role;
comment on function booking.json_error(text, text) is
  'Business-failure answer {"success": false, "error", "message", "created_at"}.';
