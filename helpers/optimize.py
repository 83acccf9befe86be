"""Optimising pixels: the loop every reconstruction and every style transfer runs.

The network is frozen; the only parameter is the image. `optimize_image` takes any objective
(image -> dict of losses with a "total") and a starting image, and changes the pixels to lower
the total. It counts loss evaluations (one forward + backward each), not optimizer steps,
because one L-BFGS `step()` may evaluate the loss many times.
"""

from __future__ import annotations

import math
import numbers
import time
from dataclasses import dataclass, field
from typing import Callable

import torch
from tqdm.auto import tqdm

from .inputs import InputError, check_image
from .memory import check_fits
from .messages import notes, say, translate

LossFn = Callable[[torch.Tensor], dict]


@dataclass
class Result:
    """What an optimisation returns.

    image: (1, 3, H, W) in [0, 1] on the CPU: the image with the lowest total loss seen.
    history: one dict per loss evaluation: "total" and each part (floats), and "seconds"
        since the start.
    seconds: wall time of the whole run. evaluations: how many loss evaluations ran.
    interrupted: True when Ctrl-C (Jupyter's Stop) ended the run early; the image is still the
        best so far. A loop over runs should stop there: `if result.interrupted: break`, so
        that one press of Stop stops the whole cell.
    out_of_memory: True when the GPU ran out of memory during the run; it ended there, with
        the best image so far (also marked interrupted, so loops stop too).
    """
    image: torch.Tensor
    history: list[dict[str, float]] = field(default_factory=list)
    seconds: float = 0.0
    evaluations: int = 0
    interrupted: bool = False
    out_of_memory: bool = False

    def curve(self, part: str = "total") -> list[float]:
        """One loss part over the evaluations, ready to plot."""
        return [entry[part] for entry in self.history]

    @property
    def best_loss(self) -> float:
        return min(self.curve()) if self.history else float("nan")


def finished(*runs) -> bool:
    """True when every run ran to its end. `runs`: Results, or dicts or lists of them.

    When one was stopped early (Jupyter's Stop, Ctrl-C, or out of memory) it prints that the
    cell's checks are skipped and returns False: `if finished(grid): assert ...`.
    """
    results = [r for group in runs
               for r in (group.values() if isinstance(group, dict) else
                         group if isinstance(group, (list, tuple)) else [group])]
    if any(r.interrupted for r in results):
        print(notes.cell_skipped())
        return False
    return True


class NonFiniteLossError(FloatingPointError):
    """The loss became NaN or infinite. `.result` holds the best image before that happened."""

    def __init__(self, message: str, result: Result):
        super().__init__(message)
        self.result = result


def check_steps(steps, name: str = "steps") -> int:
    """A budget of loss evaluations: a whole number >= 1 (True / False are not numbers here)."""
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral):
        whole = isinstance(steps, float) and steps.is_integer()
        raise InputError(say("{name}={steps!r}: give a whole number of loss evaluations, such as "
                             "{example}.", name=name, steps=steps,
                             example=int(steps) if whole else 100))
    if steps < 1:
        raise InputError(say("{name}={steps}: need at least 1 loss evaluation (100 is a start).",
                             name=name, steps=steps))
    return int(steps)


def _check_weight(name: str, value) -> None:
    number = isinstance(value, numbers.Real) or (isinstance(value, torch.Tensor)
                                                 and value.numel() == 1)
    if isinstance(value, bool) or not number or not math.isfinite(float(value)):
        raise InputError(say("{name}={value!r}: a weight is a finite number >= 0, such as 1.0.",
                             name=name, value=value))
    if float(value) < 0:
        raise InputError(say("{name}={value!r}: a weight must be >= 0 (0 switches the term off); "
                             "a negative weight would reward the error.", name=name, value=value))


def check_run(steps=None, *, lr=None, **weights) -> int | None:
    """The one check of a run's budget and weights, for stylize, reconstruct_content,
    synthesize_texture, the coarse-to-fine stages and optimize_image.

    steps: None (not given) or a whole number >= 1. lr: None or a finite number > 0.
    weights: name=value; a value may be a number, a list (blend) or a dict (layer_weights);
    each number must be finite and >= 0. Returns steps as an int (None stays None).
    """
    for name, value in weights.items():
        if value is None:
            continue
        items = (value.items() if isinstance(value, dict) else
                 enumerate(value) if isinstance(value, (list, tuple)) else [(None, value)])
        for key, number in items:
            _check_weight(name if key is None else f"{name}[{key!r}]", number)
    if lr is not None:
        _check_weight("lr", lr)
        if float(lr) == 0:
            raise InputError(say("lr=0: the step size must be > 0 (None picks the default)."))
    return None if steps is None else check_steps(steps)


#: What torch raises when a GPU is full (torch.OutOfMemoryError from torch 2.5 on).
_OUT_OF_MEMORY = getattr(torch, "OutOfMemoryError", torch.cuda.OutOfMemoryError)


class _BudgetSpent(Exception):
    """Raised inside the closure to stop L-BFGS exactly when the evaluation budget is used."""


def optimize_image(loss_fn: LossFn, init: torch.Tensor, steps: int, *, optimizer: str = "lbfgs",
                   lr: float | None = None, clamp: bool = True, history_size: int = 50,
                   line_search: str | None = "strong_wolfe", callback: Callable | None = None,
                   progress: bool = True, desc: str = "optimising") -> Result:
    """Change the pixels of `init` to lower `loss_fn(image)["total"]`.

    Args:
        loss_fn: image (1, 3, H, W) -> {"total": scalar tensor, other parts...}.
        init: the starting image (1, 3, H, W); it is copied, never changed.
        steps: the budget in loss evaluations (forward + backward passes), for every optimizer.
        optimizer: "lbfgs" (the paper's choice; strong Wolfe line search) or "adam".
        lr: step size. Defaults: 1 for L-BFGS (its line search scales it), 0.02 for Adam
            (2% of the pixel range per step).
        clamp: keep pixels in [0, 1]: the pixels are clamped before every loss evaluation (so
            the loss is computed on the clamped image) and after each optimizer step. We clamp
            the pixels themselves, not a copy: a clamped copy passes no gradient to a pixel
            that has left [0, 1] (torch.clamp passes it only inside the range, ends included),
            so such a pixel would hardly ever come back. False lets them leave the range
            (notebook 06).
        history_size: how many past steps L-BFGS remembers.
        line_search: L-BFGS only: "strong_wolfe" (tries step lengths until the loss has fallen
            enough) or None (always the step length `lr`, as the PyTorch tutorial's default
            L-BFGS does). benchmarks/README.md compares them: without it, a few per cent fewer
            evaluations on our benchmark image, but the loss can jump (at 512 px the tutorial's
            loop went from 0.593 to 1.376 in one step); with it, every step it takes lowers
            the loss.
        callback: called as callback(evaluation, image, losses) after every evaluation; `image`
            is a detached copy, `losses` a dict of floats. Use it for live figures.
        progress: show a progress bar (tqdm; a widget in notebooks).

    Returns:
        Result (see its docstring). Ctrl-C (Stop) returns the best image so far, with
        .interrupted = True and one printed note, instead of raising: check it in a loop.

    Raises:
        NonFiniteLossError: the loss became NaN or infinite (its `.result` keeps the best image).
        InputError, ImageError: a bad budget, step size or starting image (helpers/inputs.py).
    """
    if optimizer not in {"lbfgs", "adam"}:
        raise ValueError(f"optimizer={optimizer!r}: choose 'lbfgs' or 'adam'")
    steps = check_run(steps, lr=lr)
    init = check_image(init, "init", check_range=clamp)
    image = init.detach().clone().contiguous().requires_grad_(True)  # L-BFGS needs contiguous
    if optimizer == "lbfgs":
        opt = torch.optim.LBFGS([image], lr=lr or 1.0, max_iter=20, history_size=history_size,
                                line_search_fn=line_search, tolerance_grad=0.0,
                                tolerance_change=1e-12)
    else:
        opt = torch.optim.Adam([image], lr=lr or 0.02)

    model, layers = getattr(loss_fn, "model", None), getattr(loss_fn, "layers", None)
    if model is not None and layers:  # an Objective: refuse a CPU run that cannot fit
        check_fits(model, image.shape, layers)
    result = Result(image=init.detach().clamp(0, 1).cpu().clone())
    best_image, best = image.detach().clone(), float("inf")
    start = time.perf_counter()
    bar = tqdm(total=steps, desc=translate(desc), disable=not progress, leave=False,
               mininterval=0.5)

    def closure():
        nonlocal best
        if result.evaluations >= steps:
            raise _BudgetSpent
        opt.zero_grad(set_to_none=True)
        if clamp:
            with torch.no_grad():
                image.clamp_(0, 1)
        losses = loss_fn(image)
        total = losses["total"]
        # One device-to-host transfer for all parts (each float() would wait for the GPU).
        parts = torch.stack([value.detach().float() for value in losses.values()]).tolist()
        values = dict(zip(losses, parts))
        if not math.isfinite(values["total"]):
            raise NonFiniteLossError(say(
                "the loss became {loss} at evaluation {count}. Lower the learning rate or the "
                "style weight, or start from the content image.", loss=values["total"],
                count=result.evaluations + 1), result)
        total.backward()
        result.evaluations += 1
        values["seconds"] = time.perf_counter() - start
        result.history.append(values)
        if values["total"] < best:
            best = values["total"]
            # Stays on the device; copied to the CPU once, at the end.
            best_image.copy_(image.detach())
        bar.update(1)
        if result.evaluations % 10 == 0:
            bar.set_postfix(loss=f"{values['total']:.4g}", refresh=False)
        if callback is not None:
            callback(result.evaluations, image.detach().clone(), values)
        return total

    try:
        while result.evaluations < steps:
            before = result.evaluations
            opt.step(closure)
            if clamp:
                with torch.no_grad():
                    image.clamp_(0, 1)
            if result.evaluations == before:  # converged: L-BFGS took no more evaluations
                break
    except _BudgetSpent:
        pass
    except KeyboardInterrupt:
        result.interrupted = True
        print(notes.stopped(result.evaluations, steps, result.best_loss))
    except _OUT_OF_MEMORY:  # a GPU (or MPS) that is full: keep what we have, say what to do
        result.interrupted = result.out_of_memory = True
        print(notes.out_of_memory(image.device, result.evaluations))
    finally:
        bar.close()
        if result.history:
            result.image = best_image.clamp(0, 1).cpu()
        result.seconds = time.perf_counter() - start
    return result
