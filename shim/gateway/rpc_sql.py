"""The fragments the gateway assembles an RPC call from (shim/gateway/rpc.py).

They are composed with psycopg.sql: identifiers from the schema cache, never
text from the request; values are parameters. The call is shaped as
PostgREST's main query. Every whole statement Python sends is in
shim/queries.py; these are the gateway's pieces of one.
"""

from psycopg import sql

# The call, shaped as PostgREST's main query: the function's rows in
# pgrst_source, the JSON body, the row counts and the response GUCs.
STATEMENT = sql.SQL("""
with pgrst_source as ({source})
select {total_count} as total_count,
       pg_catalog.count(_postgrest_t) as page_count,
       {body} as body,
       nullif(pg_catalog.current_setting('response.headers', true), '') as response_headers,
       nullif(pg_catalog.current_setting('response.status', true), '') as response_status
  from (select * from pgrst_source limit %(limit)s offset %(offset)s) _postgrest_t
""")
TOTAL_COUNT = sql.SQL("(select pg_catalog.count(*) from pgrst_source)")
NO_TOTAL_COUNT = sql.SQL("null::bigint")
SOURCE = sql.SQL("select {projection} from {call} pgrst_call")
SOURCE_WITH_ARGUMENTS = sql.SQL(
    "select {projection} from pg_catalog.json_to_record({arguments}) as pgrst_body({columns}),"
    " lateral {call} pgrst_call"
)
# A JSON array body gives its first object, as PostgREST does for RPC.
ARGUMENTS = sql.SQL(
    "(case when pg_catalog.json_typeof(%(arguments)s::json) = 'array'"
    " then %(arguments)s::json -> 0 else %(arguments)s::json end)"
)
COLUMN = sql.SQL("{name} {type}")
NAMED_ARGUMENT = sql.SQL("{name} := pgrst_body.{name}")
VARIADIC_ARGUMENT = sql.SQL("variadic {name} := pgrst_body.{name}")
BODY_ARGUMENT = sql.SQL("%(arguments)s::{type}")
SCALAR_CALL = sql.SQL("(select {function}({arguments}) as pgrst_scalar)")
ROW_CALL = sql.SQL("{function}({arguments})")
SCALAR_PROJECTION = sql.SQL("pgrst_call.pgrst_scalar")
ROW_PROJECTION = sql.SQL("pgrst_call.*")
BODY_SCALAR = sql.SQL(
    "coalesce((pg_catalog.json_agg(_postgrest_t.pgrst_scalar) -> 0)::text, 'null')"
)
BODY_SCALARS = sql.SQL("coalesce(pg_catalog.json_agg(_postgrest_t.pgrst_scalar), '[]')::text")
BODY_ROW = sql.SQL("coalesce((pg_catalog.json_agg(_postgrest_t) -> 0)::text, 'null')")
BODY_ROWS = sql.SQL("coalesce(pg_catalog.json_agg(_postgrest_t), '[]')::text")
BODY_ROW_STRIPPED = sql.SQL(
    "coalesce(pg_catalog.json_strip_nulls(pg_catalog.json_agg(_postgrest_t) -> 0)::text, 'null')"
)
BODY_ROWS_STRIPPED = sql.SQL(
    "coalesce(pg_catalog.json_strip_nulls(pg_catalog.json_agg(_postgrest_t)), '[]')::text"
)
