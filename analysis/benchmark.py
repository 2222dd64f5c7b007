"""Timings on synthetic data: ``python -m analysis.benchmark``.

Prints the median wall time of each analysis over ``--repeat`` runs (data
generation not included). Repeated runs on the same AnalysisData reuse its
integer encoding (:mod:`analysis.encoding`), as the app does with its cached
data; the "new data object" line includes building that encoding."""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from analysis.cooccurrence import cooccurrence
from analysis.data import AnalysisData
from analysis.frequency import code_summary, frequency
from analysis.synthetic import synthetic_data


def _median_seconds(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def benchmarks(data: AnalysisData) -> dict[str, Callable[[], object]]:
    return {
        "frequency by organisation": lambda: frequency(data),
        # a new AnalysisData object has no integer encoding yet: this pays for it
        "frequency by organisation, new data object": lambda: frequency(data.replace()),
        "frequency by organisation, rollup": lambda: frequency(data, rollup=True),
        "frequency by attribute 'stakeholder'": lambda: frequency(data, by="stakeholder"),
        "code_summary": lambda: code_summary(data),
        "cooccurrence segment": lambda: cooccurrence(data, "segment"),
        "cooccurrence overlap": lambda: cooccurrence(data, "overlap"),
        "cooccurrence window=1": lambda: cooccurrence(data, "window", window=1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=2_000)
    parser.add_argument("--codings", type=int, default=1_000_000)
    parser.add_argument("--codes", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    began = time.perf_counter()
    data = synthetic_data(args.documents, args.codings, args.codes, args.seed)
    print(
        f"{args.codings:,} codings, {len(data.units):,} units, {args.documents:,} documents, "
        f"{args.codes} codes (generated in {time.perf_counter() - began:.1f} s)"
    )
    for name, run in benchmarks(data).items():
        print(f"{name:40s} median {_median_seconds(run, args.repeat):6.3f} s")


if __name__ == "__main__":
    main()
