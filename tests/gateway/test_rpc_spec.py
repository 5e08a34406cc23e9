"""PostgREST's RPC behaviour (test/spec/Feature/Query/RpcSpec.hs), ported.

The fixtures live in the schema rpc_fixtures (tests/gateway/rpc_fixtures.sql);
requests pick it with Accept-Profile / Content-Profile, as PostgREST's
multi-schema setup does.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import psycopg
import pytest

READ = {"Accept-Profile": "rpc_fixtures"}
WRITE = {"Content-Profile": "rpc_fixtures"}
INOUT = {"num": 1, "str": "two", "b": False}


def get(http: httpx.Client, path: str, params: Any = None, **headers: str) -> httpx.Response:
    return http.get(f"/rpc/{path}", params=params, headers={**READ, **headers})


def post(http: httpx.Client, path: str, body: Any = None, **headers: str) -> httpx.Response:
    return http.post(f"/rpc/{path}", json=body, headers={**WRITE, **headers})


def error(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"code", "message", "details", "hint"}
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    return body


# -- unknown functions and arguments ----------------------------------------------------
def test_unknown_function_hints_the_closest_name(http: httpx.Client) -> None:
    response = get(http, "sayhell")
    assert response.status_code == 404
    assert error(response) == {
        "hint": "Perhaps you meant to call the function rpc_fixtures.sayhello",
        "message": "Could not find the function rpc_fixtures.sayhell without parameters "
        "in the schema cache",
        "code": "PGRST202",
        "details": "Searched for the function rpc_fixtures.sayhell without parameters, "
        "but no matches were found in the schema cache.",
    }
    assert response.headers["proxy-status"] == "PostgREST; error=PGRST202"


def test_unknown_function_without_close_name_has_no_hint(http: httpx.Client) -> None:
    response = post(http, "fakefunc", {})
    assert response.status_code == 404
    assert error(response)["hint"] is None


def test_unknown_arguments_hint_the_closest_parameters(http: httpx.Client) -> None:
    response = get(http, "sayhello", {"nam": "Peter"})
    assert response.status_code == 404
    assert error(response) == {
        "hint": "Perhaps you meant to call the function rpc_fixtures.sayhello(name)",
        "message": "Could not find the function rpc_fixtures.sayhello(nam) in the schema cache",
        "code": "PGRST202",
        "details": "Searched for the function rpc_fixtures.sayhello with parameter nam, "
        "but no matches were found in the schema cache.",
    }


def test_extra_arguments_are_not_ignored(http: httpx.Client) -> None:
    response = get(http, "add_them", {"a": "1", "b": "2", "smthelse": "blabla"})
    assert response.status_code == 404
    assert error(response) == {
        "hint": "Perhaps you meant to call the function rpc_fixtures.add_them(a, b)",
        "message": "Could not find the function rpc_fixtures.add_them(a, b, smthelse) "
        "in the schema cache",
        "code": "PGRST202",
        "details": "Searched for the function rpc_fixtures.add_them with parameters "
        "a, b, smthelse, but no matches were found in the schema cache.",
    }


def test_post_details_mention_the_single_json_parameter(http: httpx.Client) -> None:
    response = post(http, "add_them", {"a": 1})
    assert error(response)["details"] == (
        "Searched for the function rpc_fixtures.add_them with parameter a or with a single "
        "unnamed json/jsonb parameter, but no matches were found in the schema cache."
    )


def test_overloads_with_unknown_arguments(http: httpx.Client) -> None:
    response = get(http, "overloaded", {"wrong_arg": "value"})
    assert response.status_code == 404
    assert error(response)["hint"] is None
    response = get(http, "overloaded", {"a": "1", "b": "2", "wrong_arg": "value"})
    assert error(response)["hint"] == (
        "Perhaps you meant to call the function rpc_fixtures.overloaded(a, b, c)"
    )


def test_ambiguous_overloads_give_300(http: httpx.Client) -> None:
    response = get(http, "overloaded_same_args", {"arg": "value"})
    assert response.status_code == 300
    assert error(response) == {
        "hint": "Try renaming the parameters or the function itself in the database so "
        "function overloading can be resolved",
        "message": "Could not choose the best candidate function between: "
        "rpc_fixtures.overloaded_same_args(arg => integer), "
        "rpc_fixtures.overloaded_same_args(arg => xml), "
        "rpc_fixtures.overloaded_same_args(arg => text, num => integer)",
        "code": "PGRST203",
        "details": None,
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [({}, [1, 2, 3]), ({"a": "1", "b": "2"}, 3), ({"a": "1", "b": "2", "c": "3"}, "123")],
)
def test_overload_resolution_by_argument_names(
    http: httpx.Client, params: dict[str, str], expected: object
) -> None:
    response = get(http, "overloaded", params)
    assert response.status_code == 200
    assert response.json() == expected


# -- arguments ----------------------------------------------------------------------------
def test_arguments_with_defaults_may_be_omitted(http: httpx.Client) -> None:
    assert get(http, "three_defaults", {"b": "4"}).json() == 8
    assert post(http, "three_defaults", {}).json() == 6
    assert get(http, "many_inout_params", {"num": "1", "str": "two"}).json() == {
        "num": 1,
        "str": "two",
        "b": True,
    }


def test_uppercase_identifiers(http: httpx.Client) -> None:
    expected = {"user": "mscott", "fullName": "Michael Scott", "SSN": "401-32-XXXX"}
    assert get(http, "quotedFunction", expected).json() == expected
    assert post(http, "quotedFunction", expected).json() == expected


def test_a_variety_of_arguments(http: httpx.Client) -> None:
    body = {
        "double": 3.1,
        "varchar": "hello",
        "boolean": True,
        "date": "20190101",
        "integer": 43,
        "arr": ["a", "b", "c"],
        "json": {"some key": "some value"},
        "jsonb": {"another key": [1, 2, "3"]},
    }
    expected = {**body, "date": "2019-01-01"}
    assert post(http, "varied_arguments", body).json() == expected
    query = "double=3.1&varchar=hello&boolean=true&date=20190101&integer=43&arr=%7Ba,b,c%7D"
    response = http.get(f"/rpc/varied_arguments?{query}", headers=READ)
    assert response.json() == {**expected, "json": {}, "jsonb": {}}
    form = http.post(
        "/rpc/varied_arguments",
        content=query,
        headers={**WRITE, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert form.json() == {**expected, "json": {}, "jsonb": {}}


def test_json_arguments(http: httpx.Client) -> None:
    assert post(http, "json_argument", {"arg": {"key": 3}}).json() == "object"
    assert post(http, "json_argument", {"arg": '{ "key": 3 }'}).json() == "string"


def test_variadic_parameters(http: httpx.Client) -> None:
    assert post(http, "variadic_param", {"v": ["hi", "hello", "there"]}).json() == [
        "hi",
        "hello",
        "there",
    ]
    assert get(http, "variadic_param").json() == []
    assert get(http, "variadic_param", {"v": "hi"}).json() == ["hi"]
    assert get(http, "variadic_param", [("v", "hi"), ("v", "there")]).json() == ["hi", "there"]


def test_repeated_parameters_take_the_last_value(http: httpx.Client) -> None:
    response = get(http, "sayhello", [("name", "ignored"), ("name", "world")])
    assert response.json() == "Hello, world"


def test_empty_body_is_an_empty_object(http: httpx.Client) -> None:
    response = http.post("/rpc/noparamsproc", content=b"", headers=WRITE)
    assert response.json() == "Return value of no parameters procedure."
    assert get(http, "noparamsproc").json() == "Return value of no parameters procedure."


def test_an_array_body_takes_its_first_object(http: httpx.Client) -> None:
    body = [{"a": 1, "b": 2}, {"a": 4, "b": 6}, {"a": 100, "b": 200}]
    assert post(http, "add_them", body).text == "3"
    response = post(http, "add_them", [{"a": 1, "b": 2}, {"a": 4}])
    assert response.status_code == 400
    assert error(response)["message"] == "All object keys must match"


def test_columns_restricts_the_argument_keys(http: httpx.Client) -> None:
    response = http.post(
        "/rpc/sayhello?columns=name",
        json={"name": "John", "smth": "here", "other": "stuff", "fake_id": 13},
        headers=WRITE,
    )
    assert response.json() == "Hello, John"


def test_a_single_unnamed_json_parameter_takes_the_whole_body(http: httpx.Client) -> None:
    body = {"p1": 1, "p2": "text", "p3": {"obj": "text"}}
    assert post(http, "singlejsonparam", body).json() == body


# -- results -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("function", "body", "expected"),
    [
        ("sayhello", {"name": "world"}, "Hello, world"),
        ("sayhello", {"name": "￥"}, "Hello, ￥"),
        ("ret_array", {}, [1, 2, 3]),
        ("ret_setof_integers", {}, [1, 2, 3]),
        ("ret_domain", {"val": "8"}, 8),
        ("ret_point_2d", {}, {"x": 10, "y": 5}),
        ("ret_null", {}, None),
        ("test_empty_rowset", {}, []),
        ("getitemrange", {"min": 2, "max": 4}, [{"id": 3}, {"id": 4}]),
        ("single_column_table_return", {}, [{"a": "A"}]),
        ("multi_column_table_return", {}, [{"a": "A", "b": "B"}]),
        ("single_out_param", {"num": 5}, {"num_plus_one": 6}),
        ("many_inout_params", INOUT, INOUT),
    ],
)  # fmt: skip
def test_result_shapes(http: httpx.Client, function: str, body: object, expected: object) -> None:
    response = post(http, function, body)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.json() == expected


def test_void_gives_204_without_content_type_or_body(http: httpx.Client) -> None:
    response = post(http, "ret_void", {})
    assert response.status_code == 204
    assert "content-type" not in response.headers
    assert response.content == b""


def test_content_range_of_sets_and_scalars(http: httpx.Client) -> None:
    assert get(http, "getitemrange", {"min": "2", "max": "4"}).headers["content-range"] == "0-1/*"
    assert get(http, "test_empty_rowset").headers["content-range"] == "*/*"
    counted = get(http, "add_them", {"a": "3", "b": "4"}, Prefer="count=exact")
    assert (counted.text, counted.headers["content-range"]) == ("7", "0-0/1")
    assert counted.headers["preference-applied"] == "count=exact"


def test_limit_and_offset_page_a_set(http: httpx.Client) -> None:
    response = http.post(
        "/rpc/getitemrange?limit=1&offset=1", json={"min": 2, "max": 4}, headers=WRITE
    )
    assert (response.status_code, response.json()) == (200, [{"id": 4}])
    assert response.headers["content-range"] == "1-1/*"
    counted = get(
        http, "getitemrange", {"min": "2", "max": "4", "limit": "1", "offset": "1"},
        Prefer="count=exact",
    )  # fmt: skip
    assert (counted.status_code, counted.headers["content-range"]) == (206, "1-1/2")
    ranged = get(http, "getitemrange", {"min": "2", "max": "4"}, Range="1-1")
    assert (ranged.json(), ranged.headers["content-range"]) == ([{"id": 4}], "1-1/*")


def test_head_answers_headers_only(http: httpx.Client) -> None:
    response = http.head("/rpc/getitemrange?min=2&max=4", headers=READ)
    assert response.status_code == 200
    assert response.headers["content-range"] == "0-1/*"
    assert response.content == b""


def test_object_accept_returns_a_single_object(http: httpx.Client) -> None:
    single = {"Accept": "application/vnd.pgrst.object+json"}
    response = post(http, "single_column_table_return", {}, **single)
    assert response.json() == {"a": "A"}
    assert response.headers["content-type"] == "application/vnd.pgrst.object+json; charset=utf-8"
    assert post(http, "sayhello", {"name": "x"}, **single).json() == "Hello, x"
    many = post(http, "getitemrange", {"min": 2, "max": 4}, **single)
    assert many.status_code == 406
    assert error(many) == {
        "code": "PGRST116",
        "message": "Cannot coerce the result to a single JSON object",
        "details": "The result contains 2 rows",
        "hint": None,
    }
    none = post(http, "test_empty_rowset", {}, **single)
    assert (none.status_code, error(none)["details"]) == (406, "The result contains 0 rows")


def test_nulls_stripped(http: httpx.Client) -> None:
    response = post(
        http, "rows_with_nulls", {}, Accept="application/vnd.pgrst.array+json;nulls=stripped"
    )
    assert response.json() == [{"a": "x"}, {"a": "y", "b": "z"}]


def test_unacceptable_media_type(http: httpx.Client) -> None:
    response = post(http, "sayhello", {"name": "world"}, Accept="audio/mpeg3")
    assert response.status_code == 406
    assert error(response)["code"] == "PGRST107"
    assert error(response)["message"] == "None of these media types are available: audio/mpeg3"


# -- transactions --------------------------------------------------------------------------
def test_get_on_a_writing_function_gives_405(http: httpx.Client) -> None:
    response = get(http, "write_row", {"id": "900001"})
    assert response.status_code == 405
    assert error(response)["code"] == "25006"


def test_post_to_a_stable_function_runs_read_only(http: httpx.Client) -> None:
    assert post(http, "whoami", {}).json()["read_only"] == "on"
    assert post(http, "callcounter", {}).status_code == 200  # volatile: read-write


def test_the_function_runs_exactly_once_per_request(http: httpx.Client) -> None:
    first = post(http, "callcounter", {}).json()
    assert post(http, "callcounter", {}).json() == first + 1


def test_an_error_rolls_the_request_back(http: httpx.Client, db: psycopg.Connection) -> None:
    assert post(http, "write_row", {"id": 900010}).status_code == 204
    duplicate = post(http, "write_row", {"id": 900010})
    assert (duplicate.status_code, error(duplicate)["code"]) == (409, "23505")
    dangling = post(http, "write_row", {"id": 900011, "parent_id": 42})
    assert (dangling.status_code, error(dangling)["code"]) == (409, "23503")
    assert db.execute("select count(*) from rpc_fixtures.writes where id = 900011").fetchone() == (
        0,
    )


def test_unsupported_methods(http: httpx.Client) -> None:
    response = http.delete("/rpc/sayhello", headers=READ)
    assert response.status_code == 405
    assert error(response) == {
        "message": "Cannot use the DELETE method on RPC",
        "code": "PGRST101",
        "details": None,
        "hint": None,
    }
    assert http.patch("/rpc/sayhello", headers=READ).status_code == 405


# -- errors raised by functions -------------------------------------------------------------
def test_raise_pt402_gives_402(http: httpx.Client) -> None:
    response = get(http, "raise_pt402")
    assert response.status_code == 402
    assert error(response) == {
        "hint": "Upgrade your plan",
        "details": "Quota exceeded",
        "code": "PT402",
        "message": "Payment Required",
    }


def test_pt_without_a_number_gives_500(http: httpx.Client) -> None:
    response = get(http, "raise_bad_pt")
    assert response.status_code == 500
    assert error(response) == {"hint": None, "details": None, "code": "PT40A", "message": "Wrong"}


def test_plain_raise_is_400_and_assert_is_500(http: httpx.Client) -> None:
    problem = post(http, "problem", {})
    assert (problem.status_code, error(problem)["code"]) == (400, "P0001")
    failed = post(http, "assert_fails", {})
    assert (failed.status_code, error(failed)["code"]) == (500, "P0004")


def test_raise_pgrst_controls_the_whole_response(http: httpx.Client) -> None:
    response = post(http, "raise_pgrst", {})
    assert response.status_code == 418
    assert response.headers["x-header"] == "Header Value"
    assert error(response) == {"code": "123", "message": "ABC", "details": "DEF", "hint": "XYZ"}


def test_response_gucs_set_status_and_headers(http: httpx.Client) -> None:
    response = post(http, "set_response", {"status": "202", "headers": '[{"X-Custom": "yes"}]'})
    assert (response.status_code, response.headers["x-custom"]) == (202, "yes")
    bad = post(http, "set_response", {"status": "202", "headers": '{"X-Custom": "yes"}'})
    assert (bad.status_code, error(bad)["code"]) == (500, "PGRST111")


@pytest.mark.parametrize("status", ["\u00b2\u00b2\u00b2", "\u0662\u0660\u0662", "2O2", "9" * 5000])
def test_a_response_status_that_is_not_a_number_is_pgrst112(
    http: httpx.Client, status: str
) -> None:
    bad = post(http, "set_response", {"status": status, "headers": "[]"})
    assert (bad.status_code, error(bad)["code"]) == (500, "PGRST112")


# -- request settings ------------------------------------------------------------------------
def guc(http: httpx.Client, prefix: str, name: str, **headers: str) -> Any:
    return post(http, "get_guc_value", {"prefix": prefix, "name": name}, **headers).json()


def test_request_settings_are_visible_to_sql(http: httpx.Client, gateway: Any) -> None:
    assert guc(http, "request.headers", "custom-header", **{"Custom-Header": "test"}) == "test"
    assert guc(http, "request.headers", "origin", Origin="http://example.com") == (
        "http://example.com"
    )
    assert guc(http, "request.jwt.claims", "role") == "anon"
    assert guc(http, "request.cookies", "secondcookie", Cookie="acookie=v;secondcookie=w") == "w"
    # Without Authorization, the apikey is the bearer token (Supabase's gateway).
    assert guc(http, "request.headers", "authorization") == f"Bearer {gateway.anon_key}"
    assert guc(http, "request.headers", "apikey") is None
    method = post(http, "get_guc_value", {"name": "request.method"}).json()
    path = post(http, "get_guc_value", {"name": "request.path"}).json()
    assert (method, path) == ("POST", "/rpc/get_guc_value")
    assert get(http, "get_guc_value", {"name": "request.method"}).json() == "GET"


def test_role_and_search_path(http: httpx.Client) -> None:
    who = post(http, "whoami", {}).json()
    assert who["current_user"] == "anon"
    assert who["search_path"] == '"rpc_fixtures", "public"'


# -- schema profiles -------------------------------------------------------------------------
def test_unknown_profile_gives_406(http: httpx.Client) -> None:
    response = http.get("/rpc/sayhello?name=x", headers={"Accept-Profile": "booking"})
    assert response.status_code == 406
    assert error(response) == {
        "code": "PGRST106",
        "message": "Invalid schema: booking",
        "details": None,
        "hint": "Only the following schemas are exposed: public, rpc_fixtures",
    }


def test_default_schema_is_public(http: httpx.Client) -> None:
    response = http.get("/rpc/sayhello?name=x")
    assert response.status_code == 404
    assert error(response)["message"].startswith("Could not find the function public.sayhello")


def test_result_filters_are_not_served(http: httpx.Client) -> None:
    response = get(http, "getitemrange", {"min": "2", "max": "4", "id": "gt.3"})
    assert (response.status_code, error(response)["code"]) == (400, "PGRST127")
    response = http.post("/rpc/sayhello?name=John", json={"name": "John"}, headers=WRITE)
    assert response.status_code == 400


# -- schema cache reload ----------------------------------------------------------------------
def test_schema_cache_reloads_on_notify(http: httpx.Client, db: psycopg.Connection) -> None:
    db.execute(
        "create function rpc_fixtures.added_later() returns text language sql"
        " as $$ select 'new' $$; grant execute on function rpc_fixtures.added_later() to anon"
    )
    try:
        assert post(http, "added_later", {}).status_code == 404
        db.execute("notify pgrst, 'reload schema'")
        deadline = time.monotonic() + 10
        while (response := post(http, "added_later", {})).status_code == 404:
            assert time.monotonic() < deadline, "the schema cache was not reloaded"
            time.sleep(0.05)
        assert response.json() == "new"
    finally:
        db.execute("drop function rpc_fixtures.added_later()")
        db.execute("notify pgrst, 'reload schema'")


def test_a_function_replaced_after_its_call_was_prepared(
    http: httpx.Client, db: psycopg.Connection
) -> None:
    """Calls are prepared per connection: after DDL (here a new return type
    and body under the same name) the next call still answers the new one."""
    db.execute(
        "create function rpc_fixtures.replaced_later() returns text language sql"
        " as $$ select 'old' $$; grant execute on function rpc_fixtures.replaced_later() to anon"
    )
    try:
        db.execute("notify pgrst, 'reload schema'")
        deadline = time.monotonic() + 10
        while (response := post(http, "replaced_later", {})).status_code == 404:
            assert time.monotonic() < deadline, "the schema cache was not reloaded"
            time.sleep(0.05)
        for _ in range(8):  # every pooled connection has prepared the call
            assert post(http, "replaced_later", {}).json() == "old"
        db.execute(
            "drop function rpc_fixtures.replaced_later();"
            " create function rpc_fixtures.replaced_later() returns integer language sql"
            " as $$ select 42 $$; grant execute on function rpc_fixtures.replaced_later() to anon"
        )
        db.execute("notify pgrst, 'reload schema'")
        deadline = time.monotonic() + 10
        while (response := post(http, "replaced_later", {})).json() != 42:
            assert time.monotonic() < deadline, f"still answering {response.text}"
            time.sleep(0.05)
        for _ in range(8):
            response = post(http, "replaced_later", {})
            assert (response.status_code, response.json()) == (200, 42)
    finally:
        db.execute("drop function if exists rpc_fixtures.replaced_later()")
        db.execute("notify pgrst, 'reload schema'")


def test_a_single_unnamed_json_parameter_takes_any_json(http: httpx.Client) -> None:
    assert post(http, "singlejsonparam", [1, "two"]).status_code == 400  # not objects
    assert post(http, "singlejsonparam", "text").json() == "text"
    assert post(http, "singlejsonparam", []).json() == []
    assert post(http, "noparamsproc", 42).json() == "Return value of no parameters procedure."


def test_an_offset_past_the_end_gives_416(http: httpx.Client) -> None:
    response = get(
        http, "getitemrange", {"min": "2", "max": "4", "offset": "5"}, Prefer="count=exact"
    )
    assert response.status_code == 416
    assert error(response)["details"] == "An offset of 5 was requested, but there are only 2 rows."
