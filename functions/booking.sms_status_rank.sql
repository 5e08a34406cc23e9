-- The order of SMS statuses: a message only ever moves to a higher rank.
--   0 pending, 1 claimed, 2 queued/accepted/scheduled (provider has it),
--   3 sending, 4 sent, 5 delivered/undelivered/failed/canceled/suppressed
--   (final), 6 read (after delivered, on channels with read receipts).
-- NULL for a value that is not a status.
create or replace function booking.sms_status_rank(p_status text)
returns integer
language sql
immutable
strict
set search_path = ''
as $$
  select case p_status
    when 'pending' then 0
    when 'claimed' then 1
    when 'queued' then 2
    when 'accepted' then 2
    when 'scheduled' then 2
    when 'sending' then 3
    when 'sent' then 4
    when 'delivered' then 5
    when 'undelivered' then 5
    when 'failed' then 5
    when 'canceled' then 5
    when 'suppressed' then 5
    when 'read' then 6
  end;
$$;

revoke execute on function booking.sms_status_rank(text) from public, anon, authenticated, service_role;
comment on function booking.sms_status_rank(text) is
  'Rank of an SMS status (pending 0 ... final 5, read 6); statuses never move to a lower rank. NULL for unknown values.';
