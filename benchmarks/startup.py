"""Cold start: `docgen --help` and `docgen build` on the example, each against `import docx`.

Usage: python benchmarks/startup.py [RUNS]   (run at the repository root; default 7 runs each)
Prints the median wall time of each command and its ratio to `python -c "import docx"`.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def median_seconds(command: list[str], runs: int, cwd: Path) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    docgen = [sys.executable, "-m", "docgen"]
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp) / "ws"
        workspace.mkdir()
        for item in ("docgen.yaml", "templates", "fragments", "inputs"):
            source = ROOT / item
            copy = shutil.copytree if source.is_dir() else shutil.copy2
            copy(source, workspace / item)
        baseline = median_seconds([sys.executable, "-c", "import docx"], runs, workspace)
        rows = [
            ('python -c "import docx"', baseline),
            ("docgen --help", median_seconds([*docgen, "--help"], runs, workspace)),
            ("docgen build", median_seconds([*docgen, "build"], runs, workspace)),
        ]
    print(f"{'command':<26}{'median s':>10}{'× import docx':>16}")
    for name, seconds in rows:
        print(f"{name:<26}{seconds:>10.3f}{seconds / baseline:>16.2f}")


if __name__ == "__main__":
    main()
