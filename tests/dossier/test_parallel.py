"""fork_map: a pure function over many items on forked processes, in order, or in this one."""

from __future__ import annotations

import os

from dossier.analysis import parallel
from dossier.analysis.parallel import fork_map


def tagged(shared: str, item: int) -> tuple[str, int, int]:
    return shared, item * item, os.getpid()


def test_results_come_in_the_order_of_the_items_from_other_processes() -> None:
    results = fork_map(tagged, list(range(50)), "delt", workers=2, minimum=10)
    assert [r[:2] for r in results] == [("delt", n * n) for n in range(50)]
    assert os.getpid() not in {pid for _, _, pid in results}  # forked workers did the work


def test_few_items_are_done_in_this_process() -> None:
    results = fork_map(tagged, [1, 2, 3], "delt", workers=2, minimum=10)
    assert results == [("delt", 1, os.getpid()), ("delt", 4, os.getpid()), ("delt", 9, os.getpid())]
    assert parallel._SHARED is None  # nothing kept from the call


def test_one_core_works_in_this_process() -> None:
    results = fork_map(tagged, list(range(20)), "delt", workers=1, minimum=1)
    assert {pid for _, _, pid in results} == {os.getpid()}
