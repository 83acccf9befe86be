"""The checks of a run's budget and weights, shared by every loop of the series.

A bad value is stopped here, before any network runs, with a message that names the fix
(helpers/messages holds its Chinese).
"""

from __future__ import annotations

import math
import numbers

import torch

from .inputs import InputError
from .messages import say


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
