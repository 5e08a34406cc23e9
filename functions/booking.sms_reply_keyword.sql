-- What an inbound SMS asks of the patient's next appointment when its whole
-- text (trimmed, any case) is a reply keyword of our messages:
--   confirm      Y, YES   (YES keeps its carrier meaning too: opt back in)
--   cancel       C        (never CANCEL: a carrier opt-out word)
--   manage_link  R        (the manage link, to reschedule or cancel)
-- NULL for anything else.
create or replace function booking.sms_reply_keyword(p_body text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case upper(btrim(p_body, E' \t\r\n.!'))
    when 'Y' then 'confirm'
    when 'YES' then 'confirm'
    when 'C' then 'cancel'
    when 'R' then 'manage_link'
  end;
$$;

revoke execute on function booking.sms_reply_keyword(text) from public, anon, authenticated, service_role;
comment on function booking.sms_reply_keyword(text) is
  'confirm (Y, YES), cancel (C) or manage_link (R) when the whole inbound text is such a reply keyword (case-insensitive); else NULL.';
