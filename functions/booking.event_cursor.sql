-- The live feed's cursor (the SSE id): '<txid>-<seq>', the position of an
-- event in its organization's feed order (txid, seq). Opaque to clients.
create or replace function booking.event_cursor(p_txid xid8, p_seq bigint)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select p_txid::text || '-' || p_seq::text;
$$;

revoke execute on function booking.event_cursor(xid8, bigint) from public, anon, authenticated, service_role;
grant execute on function booking.event_cursor(xid8, bigint) to authenticated, service_role;
comment on function booking.event_cursor(xid8, bigint) is
  'The live feed cursor of an event: ''<txid>-<seq>''. Read back with booking.event_cursor_position.';
