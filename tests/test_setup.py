"""Set-up as a newcomer meets it: `make run PORT=…`, the addresses and commands printed."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from survey_app import create_app
from survey_app.config import ConfigError, DevelopmentConfig, ProductionConfig, new_contact_key
from survey_app.extensions import db

ROOT = Path(__file__).resolve().parent.parent


def make_dry_run(*args: str) -> list[str]:
    """The commands ``make -n`` would run, one a line."""
    make = shutil.which("make")
    if make is None:
        pytest.fail("make is missing: apt-get install make")
    command = [make, "-n", "--no-print-directory", *args]
    lines = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return lines.splitlines()


def test_development_addresses_follow_the_port_served(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    monkeypatch.delenv("PORT", raising=False)
    assert DevelopmentConfig().load(tmp_path)["PUBLIC_BASE_URL"] == "http://127.0.0.1:5000"
    monkeypatch.setenv("PORT", "5101")
    assert DevelopmentConfig().load(tmp_path)["PUBLIC_BASE_URL"] == "http://127.0.0.1:5101"
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://hailong.langson.gov.vn")
    assert DevelopmentConfig().load(tmp_path)["PUBLIC_BASE_URL"] == (
        "https://hailong.langson.gov.vn"
    )
    monkeypatch.delenv("PUBLIC_BASE_URL")
    monkeypatch.setenv("PORT", "http")
    with pytest.raises(ConfigError, match="PORT"):
        DevelopmentConfig().load(tmp_path)
    # Production prints what it is told, never a loopback address made from PORT.
    monkeypatch.setenv("PORT", "5101")
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("HAILONG_CONTACT_KEY", new_contact_key())
    assert "5101" not in ProductionConfig().load(tmp_path)["PUBLIC_BASE_URL"]


def test_make_run_hands_its_port_to_every_command_that_prints_an_address() -> None:
    lines = make_dry_run("run", "PORT=5101")
    printing = [line for line in lines if re.search(r"flask seed (demo|survey-demo)", line)]
    server = [line for line in lines if "gunicorn -c" in line]
    assert len(printing) == 2
    assert len(server) == 1
    assert all(line.startswith("PORT=5101 ") for line in printing + server)
    assert "--bind 127.0.0.1:5101" in server[0]
    assert any("http://127.0.0.1:5101/" in line for line in lines if "echo" in line)


@pytest.fixture
def dev_app(
    db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, seeded: Session
) -> Iterator[Flask]:
    """The development configuration as `make run PORT=5101` starts it, on the test database."""
    monkeypatch.setenv("PORT", "5101")
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("SECRET_KEY", "setup-test-" + "k" * 40)
    monkeypatch.setenv("HAILONG_CONTACT_KEY", new_contact_key())
    application = create_app("development", SURVEY_REPORT_REPLICATES=20)
    application.instance_path = str(tmp_path / "instance")
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def test_the_seed_prints_addresses_on_the_port_served_and_a_report_that_works(
    dev_app: Flask, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A report written "here" would land in the repository; run from a folder to watch.
    here = tmp_path / "checkout"
    here.mkdir()
    monkeypatch.chdir(here)
    runner = dev_app.test_cli_runner()
    output = ""
    # The suite's own app context is open; the commands must run in this app's.
    with dev_app.app_context():
        for args in (["seed", "demo", "--weeks", "1"], ["seed", "survey-demo", "--communes", "2"]):
            result = runner.invoke(args=args)
            assert result.exit_code == 0, result.output
            output += result.output

    urls = re.findall(r"https?://[^\s')]+", output)
    assert {re.sub(r"/[^/]*$", "", u).split("/", 3)[-1] for u in urls} >= {"q", "khao-sat"}
    assert any(u.endswith("/dang-nhap") for u in urls)
    assert urls
    assert all(u.startswith("http://127.0.0.1:5101/") for u in urls), urls

    surveyed = int(re.search(r"survey demo: (\d+) responses", output)[1])
    suggested = re.search(r"report: flask (report sipas .*)", output)[1].split()
    with dev_app.app_context():
        result = runner.invoke(args=suggested)
    assert result.exit_code == 0, result.output
    # The quarter named is the demo survey's: the report finds every one of its answers.
    workbook, figures = result.output.strip().rsplit(": ", 1)
    assert figures.startswith(f"{surveyed} survey responses")
    # The workbook goes to the instance folder (git ignores it), not where the command ran.
    assert Path(workbook).parent == Path(dev_app.instance_path)
    assert Path(workbook).is_file()
    assert list(here.iterdir()) == []
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "instance/sipas-2026-Q3.xlsx"], cwd=ROOT, check=False
    )
    assert ignored.returncode == 0
