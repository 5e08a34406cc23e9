"""Database plumbing shared by every surface: connection URLs (url.py), the
embedded development cluster (local_postgres.py), migrations
(`python -m shim.database.migrate`), the reconnecting LISTEN connection
(listen_connection.py), and the wake-ups a committed transaction owes, sent
after its COMMIT (after_commit.py).

May import: `shim.queries` only; never a surface.
"""
