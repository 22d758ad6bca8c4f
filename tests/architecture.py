"""The checker behind tests/test_architecture.py: the house's rules, read from imports.

It reads every import of ``survey_app/``, ``forms/`` and ``analysis/`` with the ``ast``
module (nothing is imported) and applies the rules below to a source tree; the lists of
features, floors, plumbing and citizen modules are the one place a new package is
classified (docs/architecture.md).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = "survey_app"

# Every package or module directly under survey_app/ is one of these, or the test fails.
FEATURES = (
    "admin",
    "api",
    "auth",
    "complaints",
    "feedback",
    "main",
    "manage",
    "public",
    "reports",
    "staff",
    "survey",
    "tracker",
)
# Bottom up: models, then core (what every feature stands on), then reporting (rows ->
# counts and DataFrames). A floor imports the floors below it and the plumbing.
FLOORS = ("models", "core", "reporting")
# The assembly: builds the app and its commands from everything else; nothing imports it.
ASSEMBLY = ("__init__", "cli", "seeding", "backup")
# App-wide plumbing the assembly binds (extensions, configuration, hooks); features may use it.
PLUMBING = (
    "config",
    "database",
    "errors",
    "extensions",
    "i18n",
    "legacy_urls",
    "navigation",
    "request_guard",
    "security",
)
# Folders without Python: data files, static assets, catalogues.
NOT_CODE = ("data", "static", "translations")

# Pure libraries: nothing of the web framework, the database or the app.
PURE = ("analysis", "forms")
FRAMEWORK = ("flask", "flask_*", "werkzeug", "sqlalchemy", "alembic", APP)

# What the models may import of the app: themselves and the clock.
MODELS_MAY_IMPORT = ("survey_app.models", "survey_app.core.clock")

# The modules that serve citizens (no account); everything they import, directly or not,
# stays clear of staff views and of the services only staff pages use.
CITIZEN = (
    "survey_app.feedback",
    "survey_app.survey.views_respondent",
    "survey_app.complaints.views_citizen",
    "survey_app.complaints.views_open311",
    "survey_app.public",
    "survey_app.main",
)
STAFF_SERVICES = (
    "survey_app.tracker",
    "survey_app.core.access",
    "survey_app.core.accounts",
    "survey_app.core.audit",
    "survey_app.core.scope",
    "survey_app.core.qr.service",
    "survey_app.complaints.privacy",
    "survey_app.complaints.queries",
    "survey_app.survey.entry",
    "survey_app.survey.report",
)


@dataclass(frozen=True, slots=True)
class Import:
    """One imported module, as named by an import statement of ``source``."""

    source: str  # the importing module, dotted
    target: str  # the module imported: ``from a.b import c`` is ``a.b.c`` if that is a module
    line: int
    placed: str  # "top", "late" (below module-level code) or "nested" (in a def, class, try…)


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str, root: Path) -> bool:
    base = root.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def python_files(root: Path) -> Iterator[Path]:
    for package in (APP, *PURE):
        yield from sorted((root / package).rglob("*.py"))


def _is_type_checking_block(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _placed_statements(tree: ast.Module) -> Iterator[tuple[ast.stmt, str]]:
    """Each import statement with where it stands."""
    code_seen = False
    for index, node in enumerate(tree.body):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, "late" if code_seen else "top"
        elif _is_type_checking_block(node):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    yield inner, "top"
        else:
            docstring = (
                index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            )
            code_seen = code_seen or not docstring
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    yield inner, "nested"


def imports_of(path: Path, root: Path) -> list[Import]:
    """Every module ``path`` imports, wherever the import stands."""
    source = module_name(path, root)
    package = source if path.name == "__init__.py" else source.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node, placed in _placed_statements(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [
                f"{base}.{alias.name}" if is_module(f"{base}.{alias.name}", root) else base
                for alias in node.names
            ]
        found.extend(Import(source, t, node.lineno, placed) for t in targets)
    return found


def all_imports(root: Path) -> list[Import]:
    return [i for path in python_files(root) for i in imports_of(path, root)]


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def part_of_app(name: str) -> str | None:
    """``survey_app.core.qr.codes`` -> ``core``; None outside the app."""
    parts = name.split(".")
    if parts[0] != APP:
        return None
    return parts[1] if len(parts) > 1 else "__init__"


def is_framework(name: str) -> bool:
    top = name.split(".", maxsplit=1)[0]
    return any(top == f or (f.endswith("*") and top.startswith(f[:-1])) for f in FRAMEWORK)


# The rules: each returns its offences in a tree, as readable lines.


def unclassified_parts(root: Path) -> list[str]:
    """Packages and modules under survey_app/ that the lists above do not name."""
    known = {*FEATURES, *FLOORS, *ASSEMBLY, *PLUMBING, *NOT_CODE, "__pycache__"}
    return sorted(
        f"{APP}/{child.name}: classify it (feature, floor, assembly or plumbing)"
        for child in (root / APP).iterdir()
        if (child.is_dir() or child.suffix == ".py") and child.stem not in known
    )


def pure_library_offences(imports: list[Import]) -> list[str]:
    return [
        f"{i.source}:{i.line} imports {i.target}: {i.source.split('.')[0]}/ is a pure library"
        for i in imports
        if i.source.split(".")[0] in PURE and is_framework(i.target)
    ]


def feature_offences(imports: list[Import]) -> list[str]:
    """A feature imports no other feature, and nothing of the assembly."""
    return [
        f"{i.source}:{i.line} imports {i.target}: features stand side by side"
        for i in imports
        if (part := part_of_app(i.source)) in FEATURES
        and (target := part_of_app(i.target)) is not None
        and ((target in FEATURES and target != part) or target in ASSEMBLY)
    ]


def floor_offences(imports: list[Import]) -> list[str]:
    """The floors and the plumbing import no feature and no assembly; a floor imports the
    floors below it, not above; models import only models and the clock."""
    offences = []
    for i in imports:
        part, target = part_of_app(i.source), part_of_app(i.target)
        if part not in (*FLOORS, *PLUMBING) or target is None:
            continue
        where = f"{i.source}:{i.line} imports {i.target}"
        if target in FEATURES or target in ASSEMBLY:
            offences.append(f"{where}: {part} stands below every feature")
        elif part == "models":
            if not any(within(i.target, m) for m in MODELS_MAY_IMPORT):
                offences.append(f"{where}: models import only models and the clock")
        elif part in FLOORS and target in FLOORS and FLOORS.index(target) > FLOORS.index(part):
            offences.append(f"{where}: {part} stands below {target}")
    return offences


def is_citizen(name: str) -> bool:
    return any(within(name, c) for c in CITIZEN)


def is_staff_code(name: str) -> bool:
    staff_view = part_of_app(name) in FEATURES and name.rpartition(".")[2].startswith("views")
    return (staff_view and not is_citizen(name)) or any(within(name, s) for s in STAFF_SERVICES)


def citizen_offences(imports: list[Import]) -> list[str]:
    """Nothing a citizen page imports, directly or through other modules, is staff code."""
    edges: dict[str, set[str]] = {}
    for i in imports:
        if part_of_app(i.target) is not None:
            edges.setdefault(i.source, set()).add(i.target)
    offences = []
    for start in sorted(s for s in edges if is_citizen(s)):
        path = {start: [start]}
        pending = [start]
        while pending:
            current = pending.pop()
            for target in sorted(edges.get(current, ())):
                if target in path:
                    continue
                path[target] = [*path[current], target]
                if is_staff_code(target):
                    offences.append(" -> ".join(path[target]) + ": citizen code reaches staff code")
                else:
                    pending.append(target)
    return offences


def placement_offences(imports: list[Import], root: Path) -> list[str]:
    """Imports stand at the top of app modules: not in functions, not below code."""
    offences = [
        f"{i.source}:{i.line} imports {i.target} {i.placed}: imports go at the top"
        for i in imports
        if part_of_app(i.source) is not None and i.placed != "top"
    ]
    offences += [
        f"{path.relative_to(root)}:{number}: no '# noqa: E402', move the import up"
        for path in python_files(root)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "noqa: E402" in line
    ]
    return offences


def offences(root: Path) -> dict[str, list[str]]:
    imports = all_imports(root)
    return {
        "unclassified": unclassified_parts(root),
        "pure": pure_library_offences(imports),
        "features": feature_offences(imports),
        "floors": floor_offences(imports),
        "citizen": citizen_offences(imports),
        "placement": placement_offences(imports, root),
    }
