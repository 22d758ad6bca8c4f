"""The boundaries that keep the design easy to see (style.md, habit 5; docs/architecture.md).

The checker (``tests/architecture.py``) runs over this repository, and over a copy with a
deliberately wrong import to show that it would notice.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.architecture import (
    APP,
    CITIZEN,
    FEATURES,
    FLOORS,
    PURE,
    ROOT,
    STAFF_SERVICES,
    all_imports,
    is_module,
    offences,
)


@pytest.fixture(scope="module")
def found() -> dict[str, list[str]]:
    return offences(ROOT)


@pytest.mark.parametrize(
    "rule", ["unclassified", "pure", "features", "floors", "citizen", "placement"]
)
def test_the_rule_holds(found: dict[str, list[str]], rule: str) -> None:
    assert found[rule] == []


def test_every_feature_and_floor_exists() -> None:
    for part in (*FEATURES, *FLOORS):
        assert (ROOT / APP / part / "__init__.py").is_file(), part
    for citizen in CITIZEN:
        assert is_module(citizen, ROOT), citizen
    for service in STAFF_SERVICES:
        assert is_module(service, ROOT), service


def test_the_checker_reads_relative_and_nested_imports(tmp_path: Path) -> None:
    package = tmp_path / APP / "feedback"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("from . import views\n")
    (package / "views.py").write_text(
        '"""Doc."""\nfrom .blueprint import bp\nX = 1\nimport flask\n'
        "def f():\n    from sqlalchemy import select\n"
    )
    (package / "blueprint.py").write_text("")
    found = {(i.source, i.target, i.placed) for i in all_imports(tmp_path)}
    assert found == {
        ("survey_app.feedback", "survey_app.feedback.views", "top"),
        ("survey_app.feedback.views", "survey_app.feedback.blueprint", "top"),
        ("survey_app.feedback.views", "flask", "late"),
        ("survey_app.feedback.views", "sqlalchemy", "nested"),
    }


def _copy_of_the_code(tmp_path: Path) -> Path:
    for package in (APP, *PURE):
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=lambda folder, names: [
                n for n in names if not n.endswith(".py") and not (Path(folder) / n).is_dir()
            ],
        )
    return tmp_path


def _append(line: str, module: str) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        path = root / module
        path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")

    return write


def _new_package(root: Path) -> None:
    (root / APP / "widgets").mkdir()
    (root / APP / "widgets" / "__init__.py").write_text("")


def _insert_at_top(line: str, module: str) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        path = root / module
        text = path.read_text(encoding="utf-8")
        head, sep, rest = text.partition("from __future__ import annotations\n")
        path.write_text(head + sep + line + "\n" + rest, encoding="utf-8")

    return write


WRONG = {
    "forms imports flask": (
        "pure",
        _insert_at_top("from flask import request", "forms/auth.py"),
    ),
    "analysis imports the app": (
        "pure",
        _insert_at_top("from survey_app.models import Response", "analysis/counts.py"),
    ),
    "a feature imports another": (
        "features",
        _insert_at_top("from survey_app.admin import users", "survey_app/manage/summary.py"),
    ),
    "a feature imports the assembly": (
        "features",
        _insert_at_top("from survey_app.seeding import demo", "survey_app/survey/campaigns.py"),
    ),
    "core imports a feature": (
        "floors",
        _insert_at_top("from survey_app.complaints import workflow", "survey_app/core/audit.py"),
    ),
    "reporting imports the shell": (
        "floors",
        _insert_at_top("from survey_app import create_app", "survey_app/reporting/counts.py"),
    ),
    "core imports reporting": (
        "floors",
        _insert_at_top("from survey_app.reporting import counts", "survey_app/core/rollup.py"),
    ),
    "plumbing imports a feature": (
        "floors",
        _insert_at_top("from survey_app.auth import views", "survey_app/errors.py"),
    ),
    "models import core": (
        "floors",
        _insert_at_top("from survey_app.core import masking", "survey_app/models/base.py"),
    ),
    "citizen code imports a staff view": (
        "citizen",
        _insert_at_top(
            "from survey_app.complaints import views_staff",
            "survey_app/complaints/views_citizen.py",
        ),
    ),
    "citizen code reaches a staff service": (
        "citizen",
        _insert_at_top(
            "from survey_app.complaints import queries", "survey_app/complaints/intake.py"
        ),
    ),
    "an import in a function": (
        "placement",
        _append("def _late() -> None:\n    import json  # noqa: F401", "survey_app/core/weeks.py"),
    ),
    "an import below code": ("placement", _append("import json", "survey_app/auth/views.py")),
    "a silenced E402": ("placement", _append("# noqa: E402", "survey_app/main/views.py")),
    "an unclassified package": ("unclassified", _new_package),
}


@pytest.mark.parametrize("case", sorted(WRONG))
def test_the_checker_catches_a_wrong_import(tmp_path: Path, case: str) -> None:
    rule, spoil = WRONG[case]
    root = _copy_of_the_code(tmp_path)
    assert offences(root)[rule] == []
    spoil(root)
    assert offences(root)[rule] != []
