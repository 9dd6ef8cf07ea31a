from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SAMPLE = Path(__file__).resolve().parents[1] / "src" / "quotetrail" / "data" / "sample"


def need_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared corpus sits beside the repo in CI)")
    return path


@pytest.fixture()
def seeds_dir() -> Path:
    return need_shared(SEEDS)


@pytest.fixture()
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite"


@pytest.fixture(autouse=True)
def _isolated_default_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Never let a test write into the user's real default store.
    monkeypatch.setenv("QUOTETRAIL_DB", str(tmp_path / "default.sqlite"))
    os.environ.pop("QUOTETRAIL_API_TOKEN", None)
