"""pyproject.toml ships every package of the shim and the files its
packages read at run time; the SQL is read from the checkout."""

from __future__ import annotations

import tomllib
from pathlib import Path

from setuptools import find_packages

from shim.database import migrate

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_every_shim_package_is_in_the_wheel() -> None:
    find = PYPROJECT["tool"]["setuptools"]["packages"]["find"]
    found = set(find_packages(where=str(ROOT), include=find["include"]))
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "shim").rglob("__init__.py")
    }
    assert found == on_disk


def test_files_the_packages_read_are_package_data() -> None:
    package_data = PYPROJECT["tool"]["setuptools"]["package-data"]
    for package, patterns in package_data.items():
        folder = ROOT.joinpath(*package.split("."))
        for pattern in patterns:
            assert list(folder.glob(pattern)), f"{package}: {pattern} matches nothing"
    assert "system_prompt.md" in package_data["shim.voice_agent"]
    assert {"templates/*.html", "static/*"} <= set(package_data["shim.web"])


def test_the_sql_is_read_from_the_checkout() -> None:
    assert migrate.MIGRATIONS_DIR == ROOT / "schema"
    assert migrate.FUNCTIONS_DIR == ROOT / "functions"
    assert any(migrate.MIGRATIONS_DIR.glob("*.sql"))
    assert migrate.function_files()
