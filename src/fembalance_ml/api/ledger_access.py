"""What the routes that read or change the ledger share: its 503, its faults, rate limits.

Outcomes, erasures and experiment reports need the ledger's database; predictions never
do. While the database is away (or before it first answered) those routes answer 503
`ledger_unavailable` with Retry-After, never a 500: a client can tell an outage from a
bug. A database fault met by a route marks the ledger down too, so its writer reconnects.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request

from fembalance_ml.api.error_texts import LEDGER_DOWN, LEDGER_OFF
from fembalance_ml.api.errors import ApiError
from fembalance_ml.http.ratelimit import RouteLimits
from fembalance_ml.ledger.outages import LedgerDownError, outage_reason
from fembalance_ml.ledger.writer import LedgerWriter

DISABLED = "disabled"


class LedgerUnavailableError(ApiError):
    """The ledger is switched off, or its database cannot be used now (details: why)."""

    status_code = 503
    code = "ledger_unavailable"

    def __init__(self, reason: str, retry_after: int | None) -> None:
        if reason == DISABLED:
            message = LEDGER_OFF.render()
        else:
            message = LEDGER_DOWN.render()
        detail: dict[str, str | int] = {"reason": reason}
        if retry_after is not None:
            detail["retry_after_s"] = retry_after
        super().__init__(message, [detail])
        self.headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}

    @classmethod
    def of(cls, ledger: LedgerWriter | None) -> LedgerUnavailableError:
        """The 503 for this ledger as it stands."""
        if ledger is None:
            return cls(DISABLED, None)
        return cls(ledger.health.reason or "database_unreachable", ledger.health.retry_after())


async def ledger_of(request: Request) -> LedgerWriter:
    """The process's ledger while its database answers; 503 while it does not, or is off."""
    ledger: LedgerWriter | None = request.app.state.ledger
    if ledger is None or not ledger.available or not ledger.up:
        raise LedgerUnavailableError.of(ledger)
    return ledger


@contextlib.contextmanager
def ledger_faults(ledger: LedgerWriter) -> Iterator[None]:
    """Turn a database outage met inside the block into 503 `ledger_unavailable`.

    Any other exception passes: it is a bug, answered 500 and reported as one.
    """
    try:
        yield
    except LedgerDownError as exc:
        raise LedgerUnavailableError.of(ledger) from exc
    except Exception as exc:
        reason = outage_reason(exc)
        if reason is None:
            raise
        ledger.health.failed(reason, type(exc).__name__)
        raise LedgerUnavailableError.of(ledger) from exc


async def limit_route(request: Request) -> None:
    """Count the request against its route's rate limit (429 over it).

    Declared after the route's credential, so the client is counted, not its address.
    """
    limits: RouteLimits = request.app.state.rate_limits
    await limits.check(request)


LedgerDep = Annotated[LedgerWriter, Depends(ledger_of)]
RateLimited = Annotated[None, Depends(limit_route)]
