"""`python -m shim serve [--check]`: the service in production (shim/serve.py).

`make run` (python -m shim.run) is the development server.
"""

from __future__ import annotations

import sys

from shim import serve

USAGE = "usage: python -m shim serve [--check]"


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "serve" or any(a != "--check" for a in argv[1:]):
        print(USAGE, file=sys.stderr)
        return 2
    return serve.main(argv[1:])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
