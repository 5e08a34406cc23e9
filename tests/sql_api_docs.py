"""docs/sql-api.md, the reference of the SQL API, generated from the catalog:
every function of the exposed schema `public` with its signature, the API
roles that may call it and its COMMENT (the contract, written once in
functions/*.sql). A test fails when the committed file is stale, as for
tests/schema.sql.

    python -m tests.sql_api_docs --write    # (make sql-api-docs) rewrite it
"""

from __future__ import annotations

import re
from pathlib import Path

import psycopg

from tests import database

DOCS_FILE = Path(__file__).resolve().parent.parent / "docs" / "sql-api.md"
API_ROLES = ("anon", "authenticated", "service_role")
_ROLE_NAMES = {
    "anon": "anon",
    "authenticated": "member (authenticated)",
    "service_role": "service_role",
}
_VOLATILITY = {"i": "IMMUTABLE", "s": "STABLE", "v": "VOLATILE"}

FUNCTIONS_QUERY = """
select p.proname::text,
       pg_get_function_arguments(p.oid),
       pg_get_function_result(p.oid),
       p.prosecdef,
       p.provolatile::text,
       obj_description(p.oid, 'pg_proc'),
       array(select r.rolname::text
               from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
               join pg_roles r on r.oid = a.grantee
              where a.privilege_type = 'EXECUTE' and r.rolname = any (%(roles)s)
              order by array_position(%(roles)s, r.rolname::text))
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
 where n.nspname = 'public'
   and p.prokind = 'f'
   and not exists (select from pg_depend d
                    where d.classid = 'pg_proc'::regclass and d.objid = p.oid
                      and d.deptype = 'e')
 order by p.proname collate "C", pg_get_function_identity_arguments(p.oid) collate "C"
"""

HEADER = """\
# SQL API reference

<!-- Generated from the catalog by `make sql-api-docs` (tests/sql_api_docs.py);
     do not edit: change the function's COMMENT in functions/ and regenerate.
     tests/test_migrations.py fails when this file is stale. -->

Every function of the exposed schema `public`, as a database built by the
migrations has it: its signature, who may call it (the API roles granted
EXECUTE; "member" is `authenticated` with the JWT claim
`app_metadata.org_id`) and its `COMMENT`, which is its contract and also the
OpenAPI document's summary (first line) and description (the rest) at
`GET /rest/v1/`. Over REST a function is `POST /rest/v1/rpc/<name>` with the
arguments as JSON keys; from SQL, `select public.<name>(...)`. How the
functions work together (booking, holds, the lifecycle, settings):
[bookings.md](bookings.md).

Business outcomes are answers, not exceptions: `{"success": true, ...}` or
`{"success": false, "error": CODE, "message": "CODE: text", "created_at"}`
with snake_case keys. Violations (acting for another organization, a caller
role that may not call the function, malformed arguments the JSON contract
does not cover) raise a SQLSTATE, which the gateway maps as PostgREST does
(`42501`: 401 for anon, 403 otherwise).
"""


def _escape(text: str) -> str:
    """Markdown-safe text: angle brackets, emphasis and table characters."""
    text = text.replace("\\", "\\\\")
    for char in "*`|":
        text = text.replace(char, "\\" + char)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _anchor(name: str, index: int) -> str:
    """The anchor GitHub gives the heading of the index-th function so named."""
    return name if index == 0 else f"{name}-{index}"


def render(functions: list[tuple]) -> str:
    seen: dict[str, int] = {}
    anchors = []
    for name, *_ in functions:
        anchors.append(_anchor(name, seen.get(name, 0)))
        seen[name] = seen.get(name, 0) + 1
    lines = [HEADER, "| function | who may call | summary |", "|---|---|---|"]
    for (name, _, _, _, _, comment, callers), anchor in zip(functions, anchors, strict=True):
        summary = (comment or "").partition("\n")[0]
        who = ", ".join(_ROLE_NAMES[role] for role in callers) or "no API role"
        lines.append(f"| [`{name}`](#{anchor}) | {who} | {_escape(summary)} |")
    for name, arguments, result, definer, volatility, comment, callers in functions:
        summary, _, details = (comment or "").partition("\n")
        security = "SECURITY DEFINER" if definer else "SECURITY INVOKER"
        who = ", ".join(_ROLE_NAMES[role] for role in callers) or "no API role"
        lines += [
            "",
            f"## `{name}`",
            "",
            "```sql",
            f"public.{name}({arguments}) returns {result}",
            "```",
            "",
            f"Who may call: {who}. {_VOLATILITY[volatility]}, {security}.",
            "",
            _escape(summary),
        ]
        details_lines = [line for line in details.strip("\n").split("\n") if line.strip()]
        if details_lines:
            lines.append("")
        for line in details_lines:
            label = re.match(r"^([A-Z][a-z]+):\s+(.*)$", line)
            if label:
                lines.append(f"- **{label[1]}:** {_escape(label[2])}")
            else:
                lines.append(f"- {_escape(line)}")
    return "\n".join(lines) + "\n"


def sql_api_docs(database_url: str) -> str:
    """docs/sql-api.md for the database at database_url."""
    with psycopg.connect(database_url) as conn:
        functions = conn.execute(FUNCTIONS_QUERY, {"roles": list(API_ROLES)}).fetchall()
    return render(functions)


def main() -> int:
    return database.generated_file(sql_api_docs, DOCS_FILE, __doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
