"""Every SQL statement the Python shim runs, in one place.

The rules about bookings, holds, codes, SMS and tenants live in the SQL
functions; these statements only call them or do housekeeping.
"""

from __future__ import annotations

from typing import LiteralString

# -- migrate -----------------------------------------------------------------
CREATE_YOYO_SCHEMA: LiteralString = "create schema if not exists yoyo"

# Two migrate runs at once would interleave their CREATE OR REPLACE
# statements; a transaction-scoped advisory lock serialises them.
LOCK_FUNCTION_APPLY: LiteralString = (
    "select pg_advisory_xact_lock(hashtextextended('clinic-booking:migrate-functions', 0))"
)

# Function bodies may refer to functions defined in files applied later.
FUNCTION_APPLY_SETTINGS: LiteralString = (
    "set local check_function_bodies = off; set local search_path = ''"
)

ENABLE_RLS_ON_YOYO_TABLES: LiteralString = """
do $$
declare t record;
begin
  for t in select c.oid::regclass as rel from pg_class c
           join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'yoyo' and c.relkind = 'r' and not c.relrowsecurity
  loop
    execute format('alter table %s enable row level security', t.rel);
  end loop;
end $$
"""

# -- development database -----------------------------------------------------
DATABASE_EXISTS: LiteralString = "select 1 from pg_database where datname = %s"
