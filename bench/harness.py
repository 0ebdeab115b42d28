"""Measuring pages in-process: median server time and query count, as a ratio to the floor."""

import statistics
import time
from dataclasses import dataclass, field

from django.core.cache import caches
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

SIZES = {"S": 30, "L": 3000}  # organisations; the other volumes scale from these


@dataclass
class Page:
    name: str
    url: str
    user: object = None  # None = anonymous visitor


@dataclass
class Context:
    """What the scenarios built, for the scenarios that come after them."""

    size: str
    organisations: int
    data: dict = field(default_factory=dict)


def measure_page(page: Page, *, repeat: int = 25, warmup: int = 3) -> dict:
    client = Client()
    if page.user is not None:
        client.force_login(page.user)
    for _ in range(warmup):
        response = client.get(page.url)
        if response.status_code != 200:
            raise RuntimeError(f"{page.name}: {page.url} answered {response.status_code}")
    # The log may already be full (migrations): start empty so the count is this request's.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        client.get(page.url)
    query_count = len(queries)  # read now: captured_queries is a view on the live log
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(page.url)
        timings.append(time.perf_counter() - start)
    # The same page rendered from scratch: page fragments dropped before each request.
    cold = []
    for _ in range(repeat):
        caches["pages"].clear()
        start = time.perf_counter()
        client.get(page.url)
        cold.append(time.perf_counter() - start)
    return {
        "queries": query_count,
        "median_ms": statistics.median(timings) * 1000,
        "cold_ms": statistics.median(cold) * 1000,
    }
