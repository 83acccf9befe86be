"""The report: the machine line and one markdown table per section, from the results dict
(what is printed at the end and written to outputs/bench/results-<device>.md)."""

from __future__ import annotations

from .peers import peers_table
from .scale import scale_table
from .searches import searches_table
from .ttb_report import ttb_table


def report(results: dict, header: bool = True) -> str:
    lines = []
    info = results["machine"]
    lines.append(f"machine: {info.get('gpu') or info['cpu']}, {info['cores']} logical cores, "
                 f"{info['threads']} torch threads, torch {info['torch']}, "
                 f"capability {info['cpu_capability']}, native bf16 on CPU: {info['native_bf16']}, "
                 f"load average at start {info.get('load_average')}")
    if not header:
        lines = []
    for size, speed in results.get("speed", {}).items():
        lines.append("")
        lines.append(f"speed at {size} px (random VGG-19, paper layers, "
                     f"{speed['conv_gflop_per_eval']:.0f} conv GFLOP per evaluation; "
                     f"{speed['evaluations_per_block']} evaluations per block; medians of "
                     f"interleaved rounds in one process; "
                     f"speed-up = median of per-round ratios)")
        lines.append("| setting | s/eval (median) | s/eval (min) | speed-up | CPU s/eval | "
                     "CPU-time speed-up | conv GFLOP/s (share of peak) | conv GFLOP per CPU-s "
                     "(share of peak) |")
        lines.append("|---|---|---|---|---|---|---|---|")
        for row in speed["rows"]:
            lines.append(f"| {row['name']} | {row['median_s']:.3f} | {row['min_s']:.3f} | "
                         f"{row['speedup']:.2f}x | {row['cpu_s']:.3f} | {row['cpu_speedup']:.2f}x | "
                         f"{row['gflops']:.0f} ({100 * row['share_of_peak']:.0f}% of "
                         f"{row['peak_gflops']:.0f}) | {row['cpu_gflops']:.0f} "
                         f"({100 * row['cpu_share_of_peak']:.0f}% of {row['peak_cpu_gflops']:.0f}) |")
    for size, rows in results.get("memory", {}).items():
        lines.append("")
        lines.append(f"memory at {size} px (random VGG-19; one fresh process per row; peak = "
                     f"the process's peak after the network was built; loop = peak minus the "
                     f"memory in use before the loop; s/eval = evaluations 2.., one process at "
                     f"a time, NOT interleaved: indicative only)")
        lines.append("| setting | peak memory MB | loop memory MB | s/eval |")
        lines.append("|---|---|---|---|")
        for m in rows:
            peak = m.get("peak_gpu_mb", m.get("peak_rss_mb"))
            loop = m.get("loop_rss_mb")
            lines.append(f"| {m['name']} | "
                         f"{'-' if peak is None else f'{peak:.0f}'} | "
                         f"{'-' if loop is None else f'{loop:.0f}'} | "
                         f"{m.get('s_per_eval', float('nan')):.3f} |")
    for key, title in (("quality", "time to quality"),
                       ("lbfgs", "L-BFGS settings, float32: evaluations to quality")):
        if results.get(key):
            lines += ["", *quality_table(results[key], title)]
    for key, title, table in (("peers", "peers", peers_table),
                              ("time-to-best", "time to the tutorial's best", ttb_table),
                              ("scale", "scale", scale_table),
                              ("searches", "L-BFGS step rules", searches_table)):
        if results.get(key):
            lines += ["", f"{title}:", *table(results[key])]
    return "\n".join(lines)


def quality_table(quality: dict, title: str) -> list[str]:
    """The markdown table of one time-to-quality section."""
    lines = []
    lines.append(f"{title} at {quality['size']} px (weights {quality['weights']}; "
                 f"target = the tutorial's final common loss {quality['target']:.4f}; "
                 f"'within 5 %': common loss <= 1.05 x target; ratio = tutorial's time "
                 f"to the same milestone on its own curve / this run's; 'vs whole run' = the "
                 f"tutorial's time for all its evaluations / this run's time to equal (the "
                 f"issue's definition); wall seconds, CPU seconds in brackets)")
    lines.append("| run | evaluations per size (to equal, or all) | within 5 % | within 2 % | "
                 "equal | ratio at 5 % | ratio at 2 % | ratio at equal | vs whole run | "
                 "final loss | peak memory MB |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|")
    whole = quality["rows"][0].get("seconds", float("nan"))
    base = quality["rows"][0].get("milestones", {})

    def cell(row, margin):
        m = row.get("milestones", {}).get(str(margin))
        if m is None:
            return "not reached"
        wall, cpu = m["seconds"], m["cpu_seconds"]
        return f"{wall:.3g} s ({cpu:.3g})" if wall < 100 else f"{wall:.0f} s ({cpu:.0f})"

    def ratio(row, margin):
        m, b = row.get("milestones", {}).get(str(margin)), base.get(str(margin))
        if m is None or b is None:
            return "-"
        return f"{b['seconds'] / m['seconds']:.2f}x ({b['cpu_seconds'] / m['cpu_seconds']:.2f}x)"

    for row in quality["rows"]:
        m = row.get("milestones", {}).get("1.0")
        evals = (m or row)["evaluations"]
        evals = " + ".join(f"{v}@{k}" for k, v in evals.items())
        peak = row.get("peak_gpu_mb", row["peak_rss_mb"])
        equal = (row.get("milestones") or {}).get("1.0")
        versus = f"{whole / equal['seconds']:.2f}x" if equal and whole == whole else "-"
        if row is quality["rows"][0]:
            versus = "1.00x"  # the reference (its own curve may have dipped below it earlier)
        lines.append(f"| {row['name']} | {evals} | {cell(row, 1.05)} | {cell(row, 1.02)} | "
                     f"{cell(row, 1.0)} | {ratio(row, 1.05)} | {ratio(row, 1.02)} | "
                     f"{ratio(row, 1.0)} | {versus} | {row['loss']:.4f} | {peak:.0f} |")
    return lines
