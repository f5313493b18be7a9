"""Failure injection for tests and demos: refuse with 503, drop the connection in the middle of a request (before
or after the receiver acted on it), answer slowly. ``--down-for`` is handled by the server (socket not listening)."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

EXEMPT = {("GET", "/api/v1/dossiers"), ("GET", "/api/v1/health")}  # what tests and the checker read back
EXEMPT_PREFIXES = {("GET", "/dvcqg/files/"), ("GET", "/emulator/"), ("POST", "/emulator/")}


def exempt(method: str, path: str) -> bool:
    return (method, path) in EXEMPT or any(method == m and path.startswith(p) for m, p in EXEMPT_PREFIXES)


@dataclass(frozen=True)
class Faults:
    fail_rate: float = 0.0
    reset_rate: float = 0.0
    delay_ms: tuple[int, int] = (0, 0)
    down_for: float = 0.0
    seed: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.fail_rate or self.reset_rate or self.delay_ms[1])

    @staticmethod
    def parse_delay(text: str) -> tuple[int, int]:
        """``"200"`` or ``"0-800"`` (a random delay in that range, in ms)."""
        low, _, high = text.partition("-")
        a = int(low)
        b = int(high) if high else a
        if a < 0 or b < a:
            raise ValueError(text)
        return a, b


class _QuietDrops(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "without completing response" not in record.getMessage()


class FaultMiddleware:
    def __init__(self, app: ASGIApp, faults: Faults) -> None:
        self.app = app
        self.faults = faults
        self.rng = random.Random(faults.seed)
        logging.getLogger("uvicorn.error").addFilter(_QuietDrops())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or exempt(scope["method"], scope["path"]):
            await self.app(scope, receive, send)
            return
        roll = self.rng.random()
        if roll < self.faults.fail_rate:
            await send({"type": "http.response.start", "status": 503,
                        "headers": [(b"content-type", b"application/json")]})
            await send({"type": "http.response.body", "body": b'{"error":"unavailable","injected":true}'})
            return
        if roll < self.faults.fail_rate + self.faults.reset_rate:
            if self.rng.random() < 0.5:
                await receive()  # part of the request read, then the line goes dead
            else:
                await self.app(scope, receive, _swallow)  # the receiver acted, but the answer never arrives
            await _drop(send)
            return
        low, high = self.faults.delay_ms
        if not high:
            await self.app(scope, receive, send)
            return
        delay = self.rng.uniform(low, high) / 1000.0

        async def slow_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                await asyncio.sleep(delay)
            await send(message)

        await self.app(scope, receive, slow_send)


async def _swallow(message: Message) -> None:
    return None


async def _drop(send: Send) -> None:
    """Start an answer that never completes: the server closes the connection under the client."""
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"4096")]})
    await send({"type": "http.response.body", "body": b'{"', "more_body": True})
