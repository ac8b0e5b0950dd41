"""Time every text path that sees scraped text on 1 MB of each hostile unit alone (issue 15).

Run on demand: `.venv/bin/python benchmarks/hostile_text.py`. Prints, per path, the total over
all units and the slowest unit. Target: every unit well under a second (linear time).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))


def main() -> None:
    """Run the matrix and print one line per text path."""
    import importlib.util
    import logging

    logging.disable(logging.WARNING)  # title_of warns once per untitled unit

    spec = importlib.util.spec_from_file_location(
        "linear", PROJECT / "tests" / "scrapers" / "hostile" / "test_linear_text.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, path in module.PATHS.items():
        total, worst = 0.0, (0.0, "")
        for unit in module.UNITS:
            text = unit * (module.SIZE // len(unit))
            start = time.perf_counter()
            path(text)
            spent = time.perf_counter() - start
            total += spent
            worst = max(worst, (spent, unit))
        print(f"{name:18} total {total:6.2f} s  slowest {worst[0]:.3f} s on {worst[1]!r}")


if __name__ == "__main__":
    main()
