"""The old command, kept: `python benchmarks/bench.py [options]` runs `python -m benchmarks`."""
import sys
from pathlib import Path

if __name__ == "__main__":  # run as a script: the repository, not this folder, goes on the path
    sys.path[0] = str(Path(__file__).resolve().parents[1])
    from benchmarks.__main__ import main

    main()
