"""The functions of the exposed schemas, read from the catalog.

Requests name a function and its arguments; they are looked up here and
never reach SQL as text: the call is built from the cached names and types
with sql.Identifier. Overloads are resolved as PostgREST's `findProc` does,
and its PGRST202/PGRST203 errors (with the "Perhaps you meant" hints) are
raised from here.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from shim import queries
from shim.service.errors import ServiceError

_INPUT_MODES = {"i", "b", "v"}
_OUTPUT_MODES = {"o", "b", "t"}


class ReturnShape(enum.Enum):
    VOID = "void"
    SCALAR = "scalar"  # one value per row, including json and arrays
    ROW = "row"  # named columns: composite types, OUT/INOUT/TABLE parameters


@dataclass(frozen=True)
class TypeRef:
    schema: str
    name: str
    is_array: bool
    display: str

    def sql(self) -> sql.Composable:
        base = sql.Identifier(self.schema, self.name)
        return sql.Composed([base, sql.SQL("[]")]) if self.is_array else base


@dataclass(frozen=True)
class RoutineParam:
    name: str
    type: TypeRef
    required: bool
    variadic: bool


@dataclass(frozen=True)
class Routine:
    oid: int
    schema: str
    name: str
    description: str | None
    params: tuple[RoutineParam, ...]
    volatility: str  # 'i' immutable, 's' stable, 'v' volatile
    returns_set: bool
    shape: ReturnShape
    hoisted_settings: tuple[tuple[str, str], ...] = ()

    @property
    def is_volatile(self) -> bool:
        return self.volatility == "v"

    @property
    def single_unnamed_json_param(self) -> RoutineParam | None:
        if len(self.params) == 1 and self.params[0].name == "":
            param = self.params[0]
            if param.type.schema == "pg_catalog" and param.type.name in ("json", "jsonb"):
                return param
        return None

    def signature(self) -> str:
        params = ", ".join(f"{p.name} => {p.type.display}" for p in self.params)
        return f"{self.schema}.{self.name}({params})"

    def matches(self, keys: frozenset[str]) -> bool:
        """PostgREST's matchesParams: all required parameters and only known ones."""
        required = {p.name for p in self.params if p.required}
        optional = {p.name for p in self.params if not p.required}
        if not self.params:
            return not keys
        return keys - optional == required


@dataclass(frozen=True)
class SchemaCache:
    routines: Mapping[tuple[str, str], tuple[Routine, ...]]
    schema_descriptions: Mapping[str, str | None] = field(default_factory=dict)

    def routines_in(self, schema: str) -> list[Routine]:
        return [r for (s, _), overloads in self.routines.items() if s == schema for r in overloads]

    def find_routine(
        self, schema: str, name: str, keys: frozenset[str], *, json_post: bool
    ) -> Routine:
        """The one function `name` in `schema` that takes exactly these argument keys.

        json_post: a POST with a JSON body, which may also call a function
        with a single unnamed json/jsonb parameter.
        """
        overloads = self.routines.get((schema, name), ())
        named = sorted((r for r in overloads if r.matches(keys)), key=lambda r: r.oid)
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            raise ambiguous(named)
        fallback = [r for r in overloads if json_post and r.single_unnamed_json_param]
        if len(fallback) == 1:
            return fallback[0]
        if len(fallback) > 1:
            raise ambiguous(fallback)
        raise self.not_found(schema, name, keys, overloads, json_post=json_post)

    def not_found(
        self,
        schema: str,
        name: str,
        keys: Iterable[str],
        overloads: Iterable[Routine],
        *,
        json_post: bool,
    ) -> ServiceError:
        """PGRST202 with PostgREST's message, details and hint."""
        ordered = sorted(keys)
        function = f"{schema}.{name}"
        if ordered:
            in_message = "(" + ", ".join(ordered) + ")"
            plural = "s" if len(ordered) > 1 else ""
            searched = f" with parameter{plural} " + ", ".join(ordered)
        else:
            in_message = " without parameters"
            searched = " without parameters"
        if json_post:
            searched += " or with a single unnamed json/jsonb parameter"
        overloads = list(overloads)
        if overloads:
            signatures = [
                "(" + ", ".join(sorted(p.name for p in r.params)) + ")" for r in overloads
            ]
            best = closest("(" + ", ".join(ordered) + ")", signatures, minimum=0.33)
            hint = (
                None if best is None else f"Perhaps you meant to call the function {function}{best}"
            )
        else:
            names = sorted({n for (s, n) in self.routines if s == schema})
            best = closest(name, names, minimum=0.75)
            hint = (
                None if best is None else f"Perhaps you meant to call the function {schema}.{best}"
            )
        return ServiceError(
            404,
            "PGRST202",
            f"Could not find the function {function}{in_message} in the schema cache",
            f"Searched for the function {function}{searched}, "
            "but no matches were found in the schema cache.",
            hint,
        )


def ambiguous(routines: list[Routine]) -> ServiceError:
    return ServiceError(
        300,
        "PGRST203",
        "Could not choose the best candidate function between: "
        + ", ".join(r.signature() for r in routines),
        None,
        "Try renaming the parameters or the function itself in the database so function "
        "overloading can be resolved",
    )


# -- fuzzy hints -------------------------------------------------------------------
def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def similarity(a: str, b: str) -> float:
    """1 - edit distance / longer length, case-insensitive (as Data.FuzzySet scores)."""
    a, b = a.lower(), b.lower()
    longest = max(len(a), len(b))
    return 1.0 if longest == 0 else 1.0 - _levenshtein(a, b) / longest


_MAX_HINT_INPUT = 256  # longer input gets no hint: edit distance is quadratic


def closest(word: str, candidates: Iterable[str], minimum: float) -> str | None:
    if len(word) > _MAX_HINT_INPUT:
        return None
    scored = [(similarity(word, c), c) for c in candidates]
    scored = [(score, c) for score, c in scored if score >= minimum]
    if not scored:
        return None
    best = max(score for score, _ in scored)
    return min(c for score, c in scored if score == best)


# -- loading --------------------------------------------------------------------------
def _routine(row: Mapping[str, Any]) -> Routine:
    arguments: list[dict[str, Any]] = row["arguments"]
    inputs = [a for a in arguments if a["mode"] in _INPUT_MODES]
    has_output_columns = any(a["mode"] in _OUTPUT_MODES for a in arguments)
    first_default = len(inputs) - row["defaults"]
    params = tuple(
        RoutineParam(
            name=a["name"],
            type=TypeRef(a["type_schema"], a["type_name"], a["is_array"], a["display"]),
            required=index < first_default,
            variadic=a["mode"] == "v",
        )
        for index, a in enumerate(inputs)
    )
    if (row["return_type_schema"], row["return_type_name"]) == ("pg_catalog", "void"):
        shape = ReturnShape.VOID
    elif has_output_columns or row["return_type_kind"] == "c":
        shape = ReturnShape.ROW
    else:
        shape = ReturnShape.SCALAR
    hoisted = tuple(
        (setting.split("=", 1)[0], setting.split("=", 1)[1]) for setting in row["hoisted_settings"]
    )
    return Routine(
        oid=row["oid"],
        schema=row["schema"],
        name=row["name"],
        description=row["description"],
        params=params,
        volatility=row["volatility"],
        returns_set=row["returns_set"],
        shape=shape,
        hoisted_settings=hoisted,
    )


async def load(conn: psycopg.AsyncConnection[Any], schemas: tuple[str, ...]) -> SchemaCache:
    """Read the schema cache in one read-only transaction."""
    async with conn.transaction():
        cursor = conn.cursor(row_factory=dict_row)
        await cursor.execute(queries.READ_ONLY_TRANSACTION)
        await cursor.execute(queries.GATEWAY_ROUTINES, {"schemas": list(schemas)})
        routines: dict[tuple[str, str], list[Routine]] = {}
        for row in await cursor.fetchall():
            routine = _routine(row)
            routines.setdefault((routine.schema, routine.name), []).append(routine)
        await cursor.execute(queries.GATEWAY_SCHEMA_DESCRIPTIONS, {"schemas": list(schemas)})
        descriptions = {row["schema"]: row["description"] for row in await cursor.fetchall()}
    return SchemaCache(
        routines={key: tuple(value) for key, value in routines.items()},
        schema_descriptions=descriptions,
    )
