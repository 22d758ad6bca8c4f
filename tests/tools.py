"""External programs some tests need (Debian's chromium, zbar-tools, poppler-utils,
postgresql-client-15, redis-server).

On a developer's machine a missing program skips the test with the package to install;
under CI=true it fails, so a green CI run always means the test really ran.
"""

from __future__ import annotations

import os
import shutil

import pytest

PACKAGES = {
    "chromium": "chromium",
    "zbarimg": "zbar-tools",
    "pdftoppm": "poppler-utils",
    "pdftotext": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "pg_dump": "postgresql-client-15",
    "pg_restore": "postgresql-client-15",
    "redis-server": "redis-server",
}


def require_tool(name: str) -> str:
    """The path of program ``name``; skip (or fail under CI) when it is missing."""
    path = shutil.which(name)
    if path is not None:
        return path
    message = f"{name} is missing: apt-get install {PACKAGES.get(name, name)}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)
