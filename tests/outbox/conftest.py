"""Fixtures for the outbox tests: a real reference receiver on 127.0.0.1 with fault knobs, and a station store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.storage import Store
from app.receiver import start_receiver_process


@pytest.fixture
def receiver(tmp_path: Path) -> Iterator[Callable[..., str]]:
    """``receiver(**faults) -> url``: start a reference receiver; every one started is stopped at the end."""
    stops: list[Callable[[], None]] = []

    def start(**options: Any) -> str:
        url, stop = start_receiver_process(tmp_path / f"receiver-{len(stops)}", port=0, **options)
        stops.append(stop)
        return url

    yield start
    for stop in stops:
        stop()


@pytest.fixture
def station(isolated_station: Path) -> Store:
    return Store(isolated_station)
