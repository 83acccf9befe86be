"""Calibrate helpers/memory.py: peak memory of a style transfer measured at several sizes.

    .venv/bin/python -m benchmarks.memory_fit           # about 5 minutes on 2 cores (Linux)

For each size and precision a fresh Python process runs `stylize` for a few loss evaluations on
the default network and reports its peak resident memory (ru_maxrss). Then
    peak = BASE + BYTES_PER_VALUE x activation values
is fitted by least squares on the smaller sizes, and the largest size is predicted with the fit:
the printed error is the estimate's accuracy. Results go to benchmarks/results/memory_fit.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# The imports alone peak at about 1.2 GB of resident memory (shared libraries mapped while
# torch loads), more than a small run needs: so the peak is reset (Linux: clear_refs) once the
# network is loaded, and read from VmHWM after the run.
WORKER = """
import sys, torch
from helpers import config, default_model, load_image, stylize
from helpers.images import resize
size, precision = int(sys.argv[1]), sys.argv[2]
photo = resize(load_image(config.CONTENT_DIR / "chelsea.jpg", max_size=None), size)
style = load_image(config.STYLE_DIR / "swirl_strokes.png", max_size=256)
model = default_model()
open("/proc/self/clear_refs", "w").write("5")
stylize(photo, style, model=model, steps=3, progress=False,
        autocast_dtype="auto" if precision == "default" else None)
status = open("/proc/self/status").read()
print(int(status.split("VmHWM:")[1].split()[0]) * 1024)
"""


def measure(size: int, precision: str) -> float:
    env = {"NST_SKIP_MEMORY_CHECK": "1", "PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", WORKER, str(size), precision], env=env,
                         capture_output=True, text=True, check=True, cwd=REPO)
    return float(out.stdout.split()[-1])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[128, 256, 384, 640])
    args = parser.parse_args(argv)

    import numpy as np

    from helpers import config, load_image
    from helpers.images import long_side_shape
    from helpers.memory import activation_values
    from helpers.objective import CONTENT_LAYERS, STYLE_LAYERS
    from helpers.vgg import load_vgg

    model = load_vgg("vgg19", "random", device="cpu")
    photo_shape = load_image(config.CONTENT_DIR / "chelsea.jpg", max_size=None).shape[-2:]
    layers = [*CONTENT_LAYERS, *STYLE_LAYERS]
    report = {}
    for precision in ("default", "float32"):
        rows = []
        for size in args.sizes:
            height, width = long_side_shape(photo_shape, size)
            values = activation_values(model, height, width, layers)
            peak = measure(size, precision)
            rows.append({"size": size, "shape": [height, width], "values": values, "peak": peak})
            print(f"{precision:8} {width}x{height}: {values / 1e6:6.1f} M values, "
                  f"peak {peak / 2**20:6.0f} MB", flush=True)
        x = np.array([r["values"] for r in rows[:-1]], dtype=float)
        y = np.array([r["peak"] for r in rows[:-1]], dtype=float)
        slope, base = np.polyfit(x, y, 1)
        last = rows[-1]
        predicted = base + slope * last["values"]
        error = predicted / last["peak"] - 1
        print(f"{precision:8} fit: BASE {base / 1e6:.0f} MB, {slope:.1f} bytes per value; "
              f"predicts {predicted / 2**20:.0f} MB at {last['size']} px, measured "
              f"{last['peak'] / 2**20:.0f} MB ({error:+.1%})", flush=True)
        report[precision] = {"rows": rows, "base": base, "bytes_per_value": slope,
                             "check_size": last["size"], "check_error": error}
    out = REPO / "benchmarks" / "results" / "memory_fit.json"
    out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
