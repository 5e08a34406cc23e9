"""Database plumbing shared by every surface: connection URLs (url.py), the
embedded development cluster (local_postgres.py), migrations
(`python -m shim.database.migrate`), and the reconnecting LISTEN connection
(listen_connection.py).

May import: `shim.queries` only; never a surface.
"""
