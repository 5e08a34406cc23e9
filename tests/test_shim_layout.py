"""The shim's tree shows its architecture: one package per external surface,
plumbing below them, and no surface reaching into another's internals.

The allowed imports are written down once (ALLOWED_IMPORTS) and checked
against every module's actual `import` statements.
"""

from __future__ import annotations

import ast
from pathlib import Path

SHIM = Path(__file__).resolve().parent.parent / "shim"

PLUMBING = {"shim.queries", "shim.database.*", "shim.http_input.*"}
# What every surface shares: the service below them (state, callers,
# transactions, settings, errors, the application that mounts them).
SERVICE = PLUMBING | {"shim.service.*"}

# Each top-level part of the shim, and the parts of the shim it may import
# (besides its own modules). A name allows that module; `name.*` allows the
# package and everything under it. The surfaces are peers: each may use the
# service and the plumbing, never another surface.
ALLOWED_IMPORTS: dict[str, set[str]] = {
    "queries": set(),
    "http_input": set(),
    "database": {"shim.queries"},
    "service": PLUMBING,
    "gateway": SERVICE,
    "voice_agent": SERVICE,
    "events": SERVICE,
    "sms": SERVICE,
    "web": SERVICE,
    # The service's assembly may use every surface's public entry points.
    "service_app": {"shim.*"},
    "run": {"shim.*"},
    "serve": {"shim.*"},
    "__main__": {"shim.serve", "shim.admin"},
    # Set-up commands: the plumbing, and the pages' paths for the links they print.
    "admin": PLUMBING | {"shim.web.paths"},
    "psql": {"shim.run", "shim.database.*"},
    "sms_reply": {"shim.run", "shim.service.settings"},
}
SURFACES = {"gateway", "voice_agent", "sms", "events", "web"}


def _part(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def _modules() -> dict[str, Path]:
    found = {}
    for path in SHIM.rglob("*.py"):
        parts = path.relative_to(SHIM.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _shim_imports(module: str, path: Path) -> set[str]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    imported: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            imported.add(base)
            imported.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in imported if name == "shim" or name.startswith("shim.")}


def _allowed(name: str, allowed: set[str], modules: dict[str, Path]) -> bool:
    if name not in modules and name.rpartition(".")[0] in modules:
        name = name.rpartition(".")[0]  # `from shim.x import y` where y is a name in x
    return any(
        name == rule.removesuffix(".*")
        or (rule.endswith(".*") and name.startswith(rule.removesuffix("*")))
        for rule in allowed
    )


def test_every_part_of_the_shim_is_listed() -> None:
    parts = {_part(module) for module in _modules()} - {""}
    assert parts <= set(ALLOWED_IMPORTS), f"add to ALLOWED_IMPORTS: {parts - set(ALLOWED_IMPORTS)}"


def test_every_surface_and_plumbing_package_says_what_it_may_import() -> None:
    modules = _modules()
    for part in SURFACES | {"service", "database", "http_input"}:
        init = modules.get(f"shim.{part}")
        if init is None:
            continue
        docstring = ast.get_docstring(ast.parse(init.read_text())) or ""
        assert "May import" in docstring, f"shim/{part}/__init__.py must say what it may import"


def test_no_part_imports_what_it_may_not() -> None:
    modules = _modules()
    wrong = []
    for module, path in sorted(modules.items()):
        part = _part(module)
        if not part:
            continue
        own = f"shim.{part}"
        allowed = ALLOWED_IMPORTS[part] | {own + ".*"}
        for name in sorted(_shim_imports(module, path)):
            if name == "shim" and part not in ("service_app", "run"):
                # `from shim import queries` is checked through its alias below
                continue
            if not _allowed(name, allowed, modules):
                wrong.append(f"{module} imports {name}")
    assert not wrong, "imports across surfaces:\n" + "\n".join(wrong)


def test_the_check_sees_a_forbidden_import() -> None:
    imports = _shim_imports("shim.sms.worker", SHIM / "sms" / "worker.py")
    assert "shim.sms.outbox_listener" in imports
    modules = _modules()
    assert not _allowed("shim.voice_agent.routes", ALLOWED_IMPORTS["sms"], modules)
    assert not _allowed("shim.gateway.rpc", ALLOWED_IMPORTS["events"], modules)
    assert not _allowed("shim.gateway", ALLOWED_IMPORTS["web"], modules)
    assert not _allowed("shim.web.routes", ALLOWED_IMPORTS["service"], modules)
    assert _allowed("shim.service.transaction", ALLOWED_IMPORTS["web"], modules)


def test_the_surfaces_are_peers_over_the_service() -> None:
    """No surface imports another; each one that runs SQL uses the service."""
    modules = _modules()
    users: dict[str, set[str]] = {part: set() for part in SURFACES}
    for module, path in modules.items():
        part = _part(module)
        if part in SURFACES:
            imported = _shim_imports(module, path)
            users[part] |= {_part(name) for name in imported if name.count(".")}
    for part, parts in users.items():
        assert not (parts & SURFACES) - {part}, f"{part} imports {parts & SURFACES - {part}}"
        assert "service" in parts, f"{part} does not use the shared service package"


def test_no_surface_keeps_what_the_service_shares() -> None:
    """The shared modules live in shim/service, not in the gateway."""
    for name in ("auth", "settings", "state", "transaction", "request_context"):
        assert not (SHIM / "gateway" / f"{name}.py").exists(), f"shim/gateway/{name}.py"
