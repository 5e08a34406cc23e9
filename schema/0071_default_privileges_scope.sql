-- Migration 0001 ran `alter default privileges revoke execute on functions
-- from public` for the migrating role in every schema: on Supabase, where
-- that role is `postgres`, it also took PUBLIC's EXECUTE from the user's
-- own functions outside this package. PostgreSQL cannot scope that
-- revocation to schemas (per-schema default privileges only add to the
-- global ones), so this migration gives the global default back; the
-- package keeps its own functions closed without it: every function file
-- revokes EXECUTE from PUBLIC explicitly after its definition, and
-- tests_sql/test_001_schema_rules.sql fails for any function of the
-- package (booking, public) that PUBLIC may execute. A trigger function
-- written in a later migration must revoke explicitly as well.
-- depends: 0070_booking_settings

set local lock_timeout = '5s';
set local statement_timeout = '60s';

alter default privileges grant execute on functions to public;
