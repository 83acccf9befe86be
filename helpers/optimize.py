"""Optimising pixels: the loop every reconstruction and every style transfer runs.

The network is frozen; the only parameter is the image. `optimize_image` takes any objective
(image -> dict of losses with a "total") and a starting image, and changes the pixels to lower
the total. It counts loss evaluations (one forward + backward each), not optimizer steps,
because one L-BFGS `step()` may evaluate the loss many times.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Callable

import torch
from tqdm.auto import tqdm

from .budget import check_run
from .inputs import check_image
from .lbfgs import GuardedLBFGS
from .memory import check_fits
from .messages import notes, say, translate

LossFn = Callable[[torch.Tensor], dict]


@dataclass
class Result:
    """What an optimisation returns.

    image: (1, 3, H, W) in [0, 1] on the CPU: the image with the lowest total loss seen.
    history: one dict per loss evaluation: "total" and each part (floats) of the image the
        run holds after it, and "seconds" since the start. An evaluation whose step the
        guard refused (line_search="backtracking") adds "refused": 1.0 and "tried" (the loss
        of the refused pixels); its parts are those of the image kept. So the curves show
        the images the run holds, and `.refused` counts the refusals.
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

    @property
    def refused(self) -> int:
        """Evaluations whose step the guard refused (0 for other optimisers)."""
        return sum("refused" in entry for entry in self.history)


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


#: What torch raises when a GPU is full (torch.OutOfMemoryError from torch 2.5 on).
_OUT_OF_MEMORY = getattr(torch, "OutOfMemoryError", torch.cuda.OutOfMemoryError)


class _BudgetSpent(Exception):
    """Raised inside the closure to stop L-BFGS exactly when the evaluation budget is used."""


def optimize_image(loss_fn: LossFn, init: torch.Tensor, steps: int, *, optimizer: str = "lbfgs",
                   lr: float | None = None, clamp: bool = True, history_size: int = 50,
                   line_search: str | None = "backtracking", callback: Callable | None = None,
                   progress: bool = True, desc: str = "optimising") -> Result:
    """Change the pixels of `init` to lower `loss_fn(image)["total"]`.

    Args:
        loss_fn: image (1, 3, H, W) -> {"total": scalar tensor, other parts...}.
        init: the starting image (1, 3, H, W); it is copied, never changed.
        steps: the budget in loss evaluations (forward + backward passes), for every optimizer.
        optimizer: "lbfgs" (the paper's choice) or "adam".
        lr: step size. Defaults: 1 for L-BFGS (its first try; the line search may shorten
            it), 0.02 for Adam (2% of the pixel range per step).
        clamp: keep pixels in [0, 1]: the pixels are clamped before every loss evaluation (so
            the loss is computed on the clamped image) and after each optimizer step. We clamp
            the pixels themselves, not a copy: a clamped copy passes no gradient to a pixel
            that has left [0, 1] (torch.clamp passes it only inside the range, ends included),
            so such a pixel would hardly ever come back. False lets them leave the range
            (notebook 06).
        history_size: how many past steps L-BFGS remembers.
        line_search: L-BFGS only, how the step length is chosen:
            "backtracking" (the default): `lr` first; a step that raises the loss is refused
            (the pixels go back) and tried again shorter (helpers/lbfgs.py). One
            evaluation per try; the loss of the image held never rises.
            "strong_wolfe": torch's line search, which tries step lengths until the loss has
            fallen enough (several evaluations per step; notebook 06 shows one step).
            None: always the step length `lr`, as in the PyTorch tutorial (the loss can jump:
            at 512 px the tutorial's loop went from 0.593 to 1.376 in one step).
            benchmarks/README.md compares the three.
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
    if line_search not in {"strong_wolfe", "backtracking", None}:
        raise ValueError(f"line_search={line_search!r}: choose 'backtracking', 'strong_wolfe' "
                         "or None")
    guarded = optimizer == "lbfgs" and line_search == "backtracking"
    if guarded:
        opt = GuardedLBFGS([image], lr=lr or 1.0, history_size=history_size)
    elif optimizer == "lbfgs":
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
        shown = image
        if guarded and not opt.accepts(values["total"]):  # the guard will refuse this step:
            # record the losses of the image it keeps (the last entry: the first evaluation
            # is always accepted, and a refused entry repeats the kept losses)
            values = {**result.history[-1], "refused": 1.0, "tried": values["total"]}
            shown = best_image
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
            callback(result.evaluations, shown.detach().clone(), values)
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
