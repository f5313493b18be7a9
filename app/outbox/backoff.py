"""When to try an entry again: exponential backoff with jitter, capped, honouring the server's Retry-After."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RetryPolicy:
    """Delay after the n-th consecutive failure: ``base * 2**(n-1)`` capped at ``cap``, times a jitter in
    [1 - jitter, 1] so that counters coming back online together do not hit the server in step."""

    base: float = 2.0
    cap: float = 600.0
    jitter: float = 0.5
    lease: float = 120.0
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def delay(self, failures: int, retry_after: float | None = None) -> float:
        exponent = min(max(failures, 1) - 1, 30)
        raw = min(self.cap, self.base * float(2 ** exponent))
        wait = raw * (1.0 - self.jitter * self.rng.random())
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.cap))
        return float(wait)
