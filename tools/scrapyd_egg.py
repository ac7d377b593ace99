"""Build the Scrapyd egg of this checkout without writing into it: ``python tools/scrapyd_egg.py EGG``.

``scrapyd-deploy`` builds its egg by writing a ``setup.py`` next to ``scrapy.cfg`` (and leaving
it there), then running ``setup.py clean -a`` and ``setup.py bdist_egg``, which write ``build/``
and ``*.egg-info`` into the checkout. This runs the same setuptools commands on
``pyproject.toml`` alone, with every build directory in a fresh temporary one (so no stale file
of an earlier build can slip into the egg either), and copies the egg to EGG. Upload it with
``scrapyd-deploy TARGET -p idn_crawler --egg EGG``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
# setuptools reads pyproject.toml; the script text stands in for the setup.py the project lacks.
SETUP = "from setuptools import setup; setup()"
# pyproject.toml's SPDX ``license`` string: older setuptools rejects it with a schema dump.
SETUPTOOLS = Version("77")


def check_setuptools() -> None:
    try:
        found: Version | None = Version(version("setuptools"))
    except PackageNotFoundError:
        found = None
    if found is None or found < SETUPTOOLS:
        upgrade = f"pip install -U 'setuptools>={SETUPTOOLS}'"
        have = found or "none"
        raise SystemExit(f"scrapyd_egg: needs setuptools >= {SETUPTOOLS} (found {have}): {upgrade}")


def setuptools_command(work: Path) -> list[str]:
    return [
        sys.executable, "-c", SETUP, "--quiet",
        "egg_info", "--egg-base", str(work),
        "build", "--build-base", str(work / "build"),
        "bdist_egg", "--bdist-dir", str(work / "bdist"), "--dist-dir", str(work / "dist"),
    ]  # fmt: skip


def build_egg(target: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="idn-egg-") as work:
        command = setuptools_command(Path(work))
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        eggs = sorted(Path(work, "dist").glob("*.egg"))
        if result.returncode != 0 or len(eggs) != 1:
            lines = (result.stderr or result.stdout).strip().splitlines() or ["no egg was written"]
            raise SystemExit(f"scrapyd_egg: setuptools failed: {lines[-1]}")
        shutil.copyfile(eggs[0], target)


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit("usage: python tools/scrapyd_egg.py EGG")
    target = Path(argv[0]).resolve()
    if not target.parent.is_dir():
        raise SystemExit(f"scrapyd_egg: no such directory: {target.parent}")
    check_setuptools()
    build_egg(target)
    print(f"Wrote {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
