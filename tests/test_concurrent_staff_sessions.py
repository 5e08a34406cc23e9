"""Staff sessions raced over real connections: of many concurrent uses of
one refresh token exactly one rotates it and the family ends revoked (no
deadlock, no second winner); concurrent wrong passwords all count, so
guessing in parallel still locks the account."""

from __future__ import annotations

import threading
import uuid

import psycopg

from tests.fixtures import create_org

SIGN_IN = "select public.staff_sign_in(%s, %s)"
PASSWORD = "correct horse battery staple"
# bcrypt (cost 12) of PASSWORD, as in tests_sql/support/helpers.sql.
PASSWORD_HASH = "$2a$12$9uh/D.GgWMHAOKLSaFbFIuS18WEjsR/E3nEPe/E5ejbRPBPyYtHEm"


def _race(database_url: str, query: str, params: list[tuple]) -> list[dict]:
    """Runs query once per params on its own connection, all released at once."""
    barrier = threading.Barrier(len(params))
    answers: list[dict] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def client(args: tuple) -> None:
        try:
            with psycopg.connect(database_url, autocommit=True) as conn:
                barrier.wait(timeout=30)
                answer = conn.execute(query, args).fetchone()[0]
            with lock:
                answers.append(answer)
        except BaseException as exc:
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=client, args=(args,)) for args in params]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not errors, errors
    assert len(answers) == len(params)
    return answers


def _account(db: psycopg.Connection, org: uuid.UUID, email: str) -> uuid.UUID:
    (account_id,) = db.execute(
        """insert into booking.staff_accounts (email, password_hash) values (%s, %s)
           returning account_id""",
        (email, PASSWORD_HASH),
    ).fetchone()
    db.execute(
        "insert into booking.memberships (org_id, account_id, role) values (%s, %s, 'front_desk')",
        (org, account_id),
    )
    return account_id


def test_concurrent_uses_of_one_refresh_token_have_one_winner(
    database_url: str, db: psycopg.Connection
) -> None:
    org = create_org(db, "Refresh Race Clinic")
    account = _account(db, org, "race@refresh-race.example")
    for _ in range(3):
        (session,) = db.execute(
            "select booking.issue_staff_session(%s, gen_random_uuid())", (account,)
        ).fetchone()
        token = session["refresh_token"]
        answers = _race(database_url, "select public.staff_refresh(%s)", [(token,)] * 12)
        winners = [answer for answer in answers if answer["success"]]
        assert len(winners) == 1, answers
        losers = {answer["error"] for answer in answers if not answer["success"]}
        assert "REFRESH_TOKEN_REUSED" in losers, losers
        assert losers <= {"REFRESH_TOKEN_REUSED", "INVALID_REFRESH_TOKEN"}, losers
        # The reuse revoked the family, the winner's new token included.
        (live,) = db.execute(
            """select count(*) from booking.staff_refresh_tokens
                where family_id = (select family_id from booking.staff_refresh_tokens
                                    where token_hash = booking.staff_token_hash(%s))
                  and revoked_at is null""",
            (token,),
        ).fetchone()
        assert live == 0
        (after,) = db.execute(
            "select public.staff_refresh(%s)", (winners[0]["refresh_token"],)
        ).fetchone()
        assert after["error"] == "INVALID_REFRESH_TOKEN"


def test_concurrent_wrong_passwords_all_count(database_url: str, db: psycopg.Connection) -> None:
    org = create_org(db, "Guessing Race Clinic")
    _account(db, org, "guessed@guessing-race.example")
    _account(db, org, "bystander@guessing-race.example")
    answers = _race(
        database_url,
        SIGN_IN,
        [("guessed@guessing-race.example", f"guess number {n}") for n in range(6)],
    )
    assert {answer["error"] for answer in answers} <= {"INVALID_CREDENTIALS", "ACCOUNT_LOCKED"}
    (locked,) = db.execute(
        """select locked_until > now() from booking.staff_accounts
            where email = 'guessed@guessing-race.example'"""
    ).fetchone()
    assert locked, "six wrong passwords at once lock the account"
    (locked_answer,) = db.execute(SIGN_IN, ("guessed@guessing-race.example", PASSWORD)).fetchone()
    assert locked_answer["error"] == "ACCOUNT_LOCKED"
    (bystander,) = db.execute(SIGN_IN, ("bystander@guessing-race.example", PASSWORD)).fetchone()
    assert bystander["success"], "another account of the clinic is not locked"
