"""`python -m shim serve [--check]`: the service in production (shim/serve.py).
`python -m shim admin create-clinic ...`: a clinic and its first owner
(shim/admin.py).

`make run` (python -m shim.run) is the development server.
"""

from __future__ import annotations

import sys

from shim import admin, serve

USAGE = "usage: python -m shim serve [--check]\n       python -m shim admin create-clinic ..."


def main(argv: list[str]) -> int:
    if argv and argv[0] == "admin":
        return admin.main(argv[1:])
    if not argv or argv[0] != "serve" or any(a != "--check" for a in argv[1:]):
        print(USAGE, file=sys.stderr)
        return 2
    return serve.main(argv[1:])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
