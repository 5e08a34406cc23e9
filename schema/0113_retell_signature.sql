-- Retell's request signature (x-retell-signature: "v=<ms>,d=<hex>", the
-- HMAC-SHA256 of the body followed by the timestamp) besides Vapi's:
-- public.resolve_voice_agent_signed gains p_scheme, a new signature, so the
-- old one goes (functions/ creates the new one after the migrations).
-- depends: 0104_voice_platform_contract

set local lock_timeout = '5s';
set local statement_timeout = '60s';

-- squawk-ignore ban-drop-function
drop function if exists public.resolve_voice_agent_signed(bytea, text, text, text, text, text);
