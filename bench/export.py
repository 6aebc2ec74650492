"""Benchmark: the CSV export (/funn/?format=csv) at 1x and 100x the statements.

Run with `make bench-export`. It measures rows written per CPU-second of this
process, and the peak Python memory while one export streams, at 1x, 10x and 100x
the statements, and fails when the rate misses its target or memory grows with the
data.
It works in a throwaway database (SQLite in memory, or `bench_<name>` on the
PostgreSQL server DATABASE_URL names), so it never touches real data. On PostgreSQL
the database server's own CPU is not in the rate; the wall time is printed beside it.
"""

import os
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_ROWS_PER_CPU_SECOND = 50_000
# Memory may not grow with the data: a chunk of rows is held, never the export. At
# 1x the export is smaller than a chunk, so flatness is judged from 10x to 100x; a
# chunk then holds copies of fewer distinct statements, so its size wobbles a little.
FACTORS = (1, 10, 100)
TARGET_PEAK_GROWTH_MB = 2.0
TARGET_PEAK_MB = 10.0
URL = "/funn/?format=csv"


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ia_portal.test_settings")
    # Every export streams afresh anyway; no cache table is needed.
    os.environ["CACHE_URL"] = "dummy://"
    import django

    django.setup()


def multiply_statements(factor, start=1):
    """Set-based: grow the statements from `start` to `factor` times the real ones,
    copying each with its measure links in batches rather than one save (and one
    history row) per statement."""
    from findings.models import Statement

    links = Statement.measures.through
    originals = list(Statement.objects.exclude(key__regex=r"-x[0-9]+$").order_by("pk"))
    measures_of = defaultdict(list)
    for statement_id, measure_id in links.objects.filter(
        statement__in=[original.pk for original in originals]
    ).values_list("statement_id", "measure_id"):
        measures_of[statement_id].append(measure_id)
    fields = [field.attname for field in Statement._meta.concrete_fields if not field.primary_key]
    for n in range(start, factor):
        clones = []
        for original in originals:
            clone = Statement(**{name: getattr(original, name) for name in fields})
            clone.key = f"{original.key}-x{n}"
            clones.append(clone)
        created = Statement.objects.bulk_create(clones, batch_size=1000)
        links.objects.bulk_create(
            [
                links(statement_id=clone.pk, measure_id=measure_id)
                for original, clone in zip(originals, created, strict=True)
                for measure_id in measures_of[original.pk]
            ],
            batch_size=5000,
        )


def export(client):
    """One whole export; returns the number of data rows and bytes."""
    response = client.get(URL)
    assert response.status_code == 200 and response.streaming
    rows = size = 0
    for chunk in response.streaming_content:
        rows += chunk.count(b"\r\n")
        size += len(chunk)
    return rows - 1, size  # less the header


def measure(client):
    export(client)  # warm: connections, templates, imports
    cpu, wall = time.process_time(), time.perf_counter()
    rows, size = export(client)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    tracemalloc.start()
    export(client)
    peak = tracemalloc.get_traced_memory()[1] / 1_000_000
    tracemalloc.stop()
    return rows, size, cpu, wall, peak


def report(label, rows, size, cpu, wall, peak):
    print(
        f"{label:6} {rows:9d} rader {size / 1e6:8.1f} MB CSV  {rows / cpu:9.0f} rader/CPU-s  "
        f"{wall:6.2f} s  topp {peak:6.1f} MB"
    )


def main():
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tests.conftest import load_content

    setup_test_environment()
    if connection.vendor == "postgresql":
        # A name of its own, so a test run on the same server is never clobbered.
        connection.settings_dict["TEST"]["NAME"] = f"bench_{connection.settings_dict['NAME']}"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_content()
        client = Client()
        print(f"CSV-eksporten på {connection.vendor}; {calibration()}")
        results = {}
        grown = 1
        for factor in FACTORS:
            multiply_statements(factor, start=grown)
            grown = factor
            results[factor] = measure(client)
            report(f"{factor}x", *results[factor])
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return verdict(results)


def calibration():
    """How fast this machine is right now, to compare rates between machines."""
    start = time.process_time()
    sum(range(10**7))
    return f"sum(range(10**7)) tok {(time.process_time() - start) * 1000:.0f} ms CPU"


def verdict(results):
    largest = results[FACTORS[-1]]
    rate = largest[0] / largest[2]
    growth = largest[4] - results[FACTORS[1]][4]
    missed = []
    if rate < TARGET_ROWS_PER_CPU_SECOND:
        missed.append(f"{rate:.0f} rader per CPU-sekund (mål {TARGET_ROWS_PER_CPU_SECOND})")
    if growth > TARGET_PEAK_GROWTH_MB:
        missed.append(
            f"minnet vokste {growth:.1f} MB fra {FACTORS[1]}x til {FACTORS[-1]}x "
            f"(mål under {TARGET_PEAK_GROWTH_MB})"
        )
    if largest[4] > TARGET_PEAK_MB:
        missed.append(f"toppen var {largest[4]:.1f} MB (mål under {TARGET_PEAK_MB})")
    if missed:
        print("Mål ikke nådd: " + "; ".join(missed))
        return 1
    print(
        f"Mål nådd: minst {TARGET_ROWS_PER_CPU_SECOND} rader per CPU-sekund, "
        f"og minnet er flatt (under {TARGET_PEAK_MB} MB)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
