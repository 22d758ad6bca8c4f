"""Run every benchmark in this folder, one after the other, and let each print its table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def main() -> int:
    """Run each ``bench_*.py`` as a module from the project root; non-zero if any failed."""
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n== {script.name}", flush=True)
        command = [sys.executable, "-m", f"bench.{script.stem}"]
        if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
