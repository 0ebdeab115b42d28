"""Periodic jobs run by `manage.py worker`: a database-backed loop, no broker needed.

Each app registers its jobs in `AppConfig.ready()`. Jobs must be idempotent and safe to run
from several workers at once (they claim rows with `select_for_update(skip_locked=True)`).
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from cercle.core import pagecache

logger = logging.getLogger(__name__)


@dataclass
class Job:
    name: str
    func: Callable[[], object]
    every: float
    last_run: float = float("-inf")


_registry: dict[str, Job] = {}


def register(name: str, func: Callable[[], object], *, every: float) -> None:
    _registry[name] = Job(name=name, func=func, every=every)


def registered() -> list[Job]:
    return list(_registry.values())


def run_due(now: float | None = None) -> list[str]:
    """Run the jobs whose interval has elapsed; a failing job is logged, never fatal."""
    now = time.monotonic() if now is None else now
    ran = []
    for job in _registry.values():
        if now - job.last_run < job.every:
            continue
        job.last_run = now
        try:
            job.func()
        except Exception:
            logger.exception("Job %s failed", job.name)
        pagecache.flush()
        ran.append(job.name)
    return ran
