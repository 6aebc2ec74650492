"""The benchmark's CPU accounting (bench/run.py), which no timed test checks."""

from bench.run import _used


def test_cpu_used_is_the_difference_for_the_same_process():
    assert _used(5.0, 2.0) == 3.0


def test_a_process_id_reused_by_a_new_process_counts_the_new_one_whole():
    # The old process had 4 s; the new one with its id has used 1 s so far.
    assert _used(1.0, 4.0) == 1.0
