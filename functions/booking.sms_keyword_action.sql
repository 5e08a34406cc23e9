-- What an inbound SMS asks for when its whole text (trimmed, any case) is a
-- keyword, as Twilio's default STOP filtering reads it:
--   opt_out  STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT
--   opt_in   START, UNSTOP, YES
--   help     HELP, INFO
-- NULL for anything else ("STOP PLEASE" is not a keyword).
create or replace function booking.sms_keyword_action(p_body text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case upper(btrim(p_body, E' \t\r\n'))
    when 'STOP' then 'opt_out'
    when 'STOPALL' then 'opt_out'
    when 'UNSUBSCRIBE' then 'opt_out'
    when 'CANCEL' then 'opt_out'
    when 'END' then 'opt_out'
    when 'QUIT' then 'opt_out'
    when 'REVOKE' then 'opt_out'
    when 'OPTOUT' then 'opt_out'
    when 'START' then 'opt_in'
    when 'UNSTOP' then 'opt_in'
    when 'YES' then 'opt_in'
    when 'HELP' then 'help'
    when 'INFO' then 'help'
  end;
$$;

revoke execute on function booking.sms_keyword_action(text) from public, anon, authenticated, service_role;
comment on function booking.sms_keyword_action(text) is
  'opt_out, opt_in or help when the whole inbound text is such a keyword (case-insensitive); else NULL.';
