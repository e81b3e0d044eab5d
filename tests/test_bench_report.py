"""`make bench`'s verdicts: issue 24's targets read off one run's rows."""

from __future__ import annotations

from typing import Any

from bench.report import Row, checks, markdown


def row(key: str, rps: float, p99: float = 10.0, **extra: Any) -> Row:
    route = extra.pop("route", "pcos")
    kind = extra.pop("kind", "service")
    rows_per_s = extra.pop("rows_per_s", rps)
    return Row(key, key, rps, rows_per_s, p99 / 2, p99, 0, {}, route, kind, **extra)


def run(**overrides: Row) -> dict[str, Row]:
    rows = {
        "trivial": row("trivial", 5000, kind="floor"),
        "fair": row("fair", 4000, p99=8.0, kind="fair"),
        "raw": row("raw", 3600, kind="raw"),
        "pcos": row("pcos", 3300, p99=11.0),
        "fair-cycle": row("fair-cycle", 3000, route="cycle", kind="fair"),
        "cycle": row("cycle", 700, route="cycle"),
        "fair-symptoms": row("fair-symptoms", 3000, route="symptoms", kind="fair"),
        "symptoms": row("symptoms", 700, route="symptoms"),
        "batch": row("batch", 30, rows_per_s=30_000, route="batch"),
        "health": row("health", 800, route="health", kind="health", max_ms=40.0),
    }
    return rows | overrides


def verdicts(rows: dict[str, Row]) -> dict[str, bool]:
    return {check.name: check.passed for check in checks(rows)}


def test_every_target_of_the_issue_is_judged_against_its_own_floor() -> None:
    assert verdicts(run()) == {
        "/predict/pcos >= 0.8x the fair floor": True,  # 0.825x
        "/predict/pcos p99 <= 1.5x the fair floor's": True,  # 1.375x
        "/predict/cycle >= 0.2x its fair floor": True,  # 0.233x
        "/predict/symptoms >= 0.25x its fair floor": False,  # 0.233x
        "batch >= 25,000 PCOS rows/s": True,
        "/health within 250 ms during symptom batches": True,
    }


def test_misses_and_rows_that_did_not_run() -> None:
    slow = run(
        pcos=row("pcos", 3000, p99=13.0),
        health=row("health", 800, route="health", kind="health", max_ms=300.0),
    )
    assert not any(
        verdicts(slow)[name]
        for name in (
            "/predict/pcos >= 0.8x the fair floor",
            "/predict/pcos p99 <= 1.5x the fair floor's",
            "/health within 250 ms during symptom batches",
        )
    )
    only_pcos = {key: value for key, value in run().items() if key in ("fair", "pcos")}
    assert set(verdicts(only_pcos)) == {
        "/predict/pcos >= 0.8x the fair floor",
        "/predict/pcos p99 <= 1.5x the fair floor's",
    }


def test_the_table_gives_each_row_its_ratios() -> None:
    meta = {
        "date": "today",
        "machine": "here",
        "connections": 16,
        "seconds": 10,
        "warmup_seconds": 2,
    }
    text = markdown(run(), meta)
    pcos = next(line for line in text.splitlines() if line.startswith("| pcos |"))
    # ÷ fair floor, ÷ raw limit, ÷ old floor
    assert pcos.endswith("| 0.82x | 0.92x | 0.66x |")
    assert "| PASS |" in text
    assert "| MISS |" in text


def test_a_ratio_target_is_judged_on_the_median_of_its_pairs() -> None:
    rows = run()  # the table's pair: 3300 / 4000 = 0.825x, p99 11 / 8
    pairs = {
        "pcos": [
            (rows["fair"], rows["pcos"]),
            (row("fair", 4400, p99=8.0, kind="fair"), row("pcos", 3300, p99=13.0)),  # 0.75x
            (row("fair", 4000, p99=8.0, kind="fair"), row("pcos", 3120, p99=12.5)),  # 0.78x
        ]
    }
    judged = {check.name: check for check in checks(rows, pairs)}
    share = judged["/predict/pcos >= 0.8x the fair floor"]
    assert not share.passed  # one good pair of three does not pass the target
    assert share.measured == "0.78x (median of 3 pairs: 0.82, 0.75, 0.78)"
    p99 = judged["/predict/pcos p99 <= 1.5x the fair floor's"]
    assert not p99.passed  # 1.375x, 1.625x, 1.5625x: median 1.5625x
    assert p99.measured == "1.56x (median of 3 pairs: 1.38, 1.62, 1.56), p99 11.00 ms"
    # The routes without pairs keep the table's pair.
    assert judged["/predict/cycle >= 0.2x its fair floor"].measured == "0.23x"
    text = markdown(
        rows,
        {"date": "d", "machine": "m", "connections": 16, "seconds": 1, "warmup_seconds": 1},
        pairs,
    )
    assert "| pcos | 2 | 4,400 | 3,300 | 0.75x | 8.00 | 13.00 |" in text


def test_an_error_in_any_pair_fails_the_target() -> None:
    rows = run()
    broken = Row("pcos", "pcos", 3600, 3600, 5.0, 10.0, 3, {}, "pcos", "service")
    pairs = {"pcos": [(rows["fair"], rows["pcos"]), (rows["fair"], broken)]}
    judged = {check.name: check.passed for check in checks(rows, pairs)}
    assert not judged["/predict/pcos >= 0.8x the fair floor"]
