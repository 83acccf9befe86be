"""The line that heads every table of the peers, time-to-best and scale sections: which CPU
(model name, threads, whether it computes bfloat16 natively) and how loaded the machine was."""

from __future__ import annotations

import os
import time
from pathlib import Path

import torch

from helpers.config import default_autocast_dtype

#: The /proc/cpuinfo flags that mean native bfloat16 (AVX-512 BF16, AMX).
BF16_FLAGS = ("avx512_bf16", "amx_bf16")


def parse_cpuinfo(text: str) -> dict:
    """{"model": the first "model name", "bf16_flags": the BF16_FLAGS present} from the text of
    /proc/cpuinfo (empty text: model "unknown", no flags)."""
    model, flags = "unknown", set()
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key = key.strip()
        if key == "model name" and model == "unknown":
            model = value.strip()
        elif key in {"flags", "Features"}:
            flags.update(value.split())
    return {"model": model, "bf16_flags": [f for f in BF16_FLAGS if f in flags]}


def cpu_info() -> dict:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        text = ""
    info = parse_cpuinfo(text)
    dtype = default_autocast_dtype("cpu")
    info.update(threads=torch.get_num_threads(), cores=os.cpu_count(), torch=torch.__version__,
                default_precision="bf16" if dtype == torch.bfloat16 else "fp32")
    return info


def load_average() -> tuple[float, float, float] | None:
    return os.getloadavg() if hasattr(os, "getloadavg") else None


def cpu_line(info: dict, loads: list | None = None) -> str:
    """"CPU: AMD EPYC, 2 torch threads (2 logical cores), bf16: yes (avx512_bf16) ...": the
    line each table starts with. loads: load averages (1, 5, 15 min) read during the section."""
    bf16 = (f"yes ({', '.join(info['bf16_flags'])})" if info["bf16_flags"]
            else "no (neither avx512_bf16 nor amx_bf16)")
    line = (f"CPU: {info['model']}, {info['threads']} torch threads ({info['cores']} logical "
            f"cores), native bfloat16: {bf16}, default precision: {info['default_precision']}, "
            f"torch {info['torch']}")
    if loads:
        line += "; load average (1 min) " + ", ".join(f"{l[0]:.2f}" for l in loads if l)
    return line


def busy_seconds(stat_text: str, ticks_per_second: float) -> float:
    """CPU seconds all cores have been busy since boot, from the "cpu" line of /proc/stat
    (user nice system idle iowait irq softirq steal ...: all but idle and iowait)."""
    for line in stat_text.splitlines():
        if line.startswith("cpu "):
            values = [float(v) for v in line.split()[1:]]
            return (sum(values[:8]) - values[3] - values[4]) / ticks_per_second
    raise ValueError("no cpu line in /proc/stat")


class OthersGauge:
    """How many cores OTHER processes kept busy while a block ran: the machine's busy CPU
    seconds (/proc/stat) minus this process's, per second of wall time. None where /proc/stat
    is missing. A benchmark block is only as quiet as this number is small."""

    def __init__(self):
        self.start = self._now()

    @staticmethod
    def _now():
        try:
            text = Path("/proc/stat").read_text()
            busy = busy_seconds(text, os.sysconf("SC_CLK_TCK"))
        except (OSError, ValueError):
            busy = None
        times = os.times()  # this process and its finished children (the scale workers)
        mine = time.process_time() + times.children_user + times.children_system
        return time.perf_counter(), mine, busy

    def cores(self) -> float | None:
        wall, mine, busy = self._now()
        wall0, mine0, busy0 = self.start
        if busy is None or busy0 is None or wall <= wall0:
            return None
        return max(0.0, ((busy - busy0) - (mine - mine0)) / (wall - wall0))
