"""Epoch seconds as text, cheaply: the date and time of day formatted once a second."""

from __future__ import annotations

from datetime import UTC, datetime


class SecondText:
    """Epoch seconds as `2026-11-29<sep>13:40:00.123456` (UTC, microseconds).

    Microseconds are rounded half to even, as `datetime.fromtimestamp` rounds them. The
    formatted second is kept with its epoch second as one tuple, so threads stamping at the
    same moment never pair one second's text with another's microseconds.
    """

    def __init__(self, separator: str = "T") -> None:
        self._format = f"%Y-%m-%d{separator}%H:%M:%S"
        self._second: tuple[int, str] = (-1, "")

    def __call__(self, moment: float) -> str:
        whole = int(moment)
        micro = round((moment - whole) * 1e6)
        if micro == 1_000_000:
            whole, micro = whole + 1, 0
        second, text = self._second
        if whole != second:
            text = datetime.fromtimestamp(whole, UTC).strftime(self._format)
            self._second = (whole, text)
        return f"{text}.{micro:06d}"
