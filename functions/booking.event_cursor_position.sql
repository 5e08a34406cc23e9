-- Reads a live feed cursor (a Last-Event-ID) back into its position
-- (txid, seq). Accepted: '<txid>-<seq>' (booking.event_cursor), and a
-- whole number N, an id given out before migration 0090, which is '0-N'.
-- Null or '' is the start of the feed ('0-0').
-- Raises 22P02 for anything else.
create or replace function booking.event_cursor_position(p_cursor text, out txid xid8, out seq bigint)
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_parts text[];
begin
  if p_cursor is null or p_cursor = '' then
    txid := '0'; seq := 0;
    return;
  end if;
  v_parts := regexp_match(p_cursor, '^(?:([0-9]{1,19})-)?([0-9]{1,18})$');
  if v_parts is null or coalesce(v_parts[1]::numeric, 0) > 9223372036854775807 then
    raise exception 'Last-Event-ID % is not an event id of this feed', left(p_cursor, 60)
      using errcode = '22P02',
            hint = 'The id: line of the last event received, as the stream sent it.';
  end if;
  txid := coalesce(v_parts[1], '0')::xid8;
  seq := v_parts[2]::bigint;
end;
$$;

revoke execute on function booking.event_cursor_position(text) from public, anon, authenticated, service_role;
grant execute on function booking.event_cursor_position(text) to authenticated, service_role;
comment on function booking.event_cursor_position(text) is
  'The position (txid, seq) of a live feed cursor: ''<txid>-<seq>'', or a whole number N given out before migration 0090 (''0-N''); null or empty is the start. 22P02 otherwise.';
