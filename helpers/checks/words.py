"""How values and shapes are said in the checks' messages: an output shape in words of the
input's axes, what a wrong return value is, a short form of a tensor, the shapes of a case.
"""

from __future__ import annotations

import torch

from ..messages import say


def describe_shape(out_shape, in_shape, axes: str = "NCHW") -> str:
    """'(2, 3): one value for each N and C' for an output of shape (2, 3) from (2, 3, 5, 7)."""
    h, w = in_shape[-2], in_shape[-1]
    if out_shape and all(size == 1 for size in out_shape):
        axes = (say("1 extra axis") if len(out_shape) == 1 else
                say("{count} extra axes", count=len(out_shape)))
        return say("{shape}: one number, but with {axes} of size 1 (keepdim=True, .unsqueeze, "
                   ".view(1) or .reshape(1)?)", shape=tuple(out_shape), axes=axes)
    names = []
    for size in out_shape:
        found = [a for a, s in zip(axes, in_shape) if s == size]
        if len(found) == 1:
            names.append(found[0])
        elif size == h * w:
            names.append("M = H*W")
        else:
            names.append(say("{size} (no axis of the input)", size=size))
    if not names:
        return say("() (one number)")
    return say("{shape}, that is one value for each {names}", shape=tuple(out_shape),
               names=say(" and ").join(names))


def type_text(value, shape: str = "") -> str:
    """'a tuple of 2 items. Return only the torch tensor': what a wrong return value is."""
    if type(value).__module__ == "numpy":
        what = say("a NumPy array. .numpy() leaves PyTorch, so no gradient can flow: stay with "
                   "torch operations and return the torch tensor")
    elif isinstance(value, (tuple, list)):
        items = say("1 item") if len(value) == 1 else say("{count} items", count=len(value))
        what = say("a {kind} of {items}. Return only the torch tensor",
                   kind=type(value).__name__, items=items)
    else:
        what = say("a {kind}. Return a torch tensor", kind=type(value).__name__)
    return what + (say(" of shape {shape}", shape=shape) if shape else "")


def _short(value: torch.Tensor) -> str:
    value = value.detach()
    if value.dim() == 0:
        return f"{value.item():.6g}"
    return say("a tensor of shape {shape}", shape=tuple(value.shape))


def _shape_text(case) -> str:
    return say("inputs of shape {shapes}", shapes=", ".join(str(tuple(x.shape)) for x in case))
