"""The web server: a REST API and a server-rendered UI over the store (``quotetrail serve``).

Needs the ``server`` extra (FastAPI, uvicorn, Jinja2, pyarrow); importing this package without
it raises ImportError naming the extra.
"""

from __future__ import annotations

try:
    from .app import create_app, run
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        f"quotetrail's web server needs the 'server' extra: pip install 'quotetrail[server]' ({exc})"
    ) from exc

__all__ = ["create_app", "run"]
