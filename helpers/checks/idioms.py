"""Old PyTorch and common crashes: turn an exception (or a warning) raised by the student's code
into what to write instead, and find the calls in a function's source that cut the autograd graph.

Each rule matches the text PyTorch itself prints, so a message here is only given for the error
it explains. `explain_error` and `explain_warnings` return None when no rule fits.
"""

from __future__ import annotations

import inspect
import re

from ..messages import again, listed, say

MATMUL = listed("the two factors of a matrix product do not fit: in A @ B the last axis of A "
                "must be as long as the second-to-last axis of B. For F F^T transpose the second "
                "factor: flat @ flat.transpose(1, 2).")
STAY = listed("Do not move tensors inside the function: the inputs are already where they should "
              "be. To put a new tensor next to an input, use .to(features.device).")

#: (exception types, a piece of the error text, what to write instead: a text or texts, each
#: marked `listed`, said with `again` and joined by a space)
ERROR_RULES = [
    ((TypeError,), "retain_variables",
     listed("backward(retain_variables=...) is from old PyTorch (0.3 and before). The argument "
            "is now called retain_graph, and you do not need it here: call backward() with no "
            "argument. Each call of the function builds a new graph.")),
    ((IndexError,), "invalid index of a 0-dim tensor",
     listed("`.data[0]` (or `[0]`) on a loss is from old PyTorch (0.3), where a loss had shape "
            "(1,). Today a loss is a 0-dim tensor: use loss.item() to print it, and return the "
            "tensor itself (no .data, no [0]).")),
    ((AssertionError, RuntimeError), "Torch not compiled with CUDA",
     (listed("`.cuda()` needs an NVIDIA GPU, and this PyTorch has no CUDA."), STAY)),
    ((RuntimeError,), "no NVIDIA driver",
     (listed("`.cuda()` needs an NVIDIA GPU, and this machine has none."), STAY)),
    ((RuntimeError,), "Expected all tensors to be on the same device",
     listed("mixes tensors on two devices (the GPU and the CPU). Do not call .cuda() or .cpu() "
            "inside the function; make new tensors with .to(features.device).")),
    ((RuntimeError,), "shapes cannot be multiplied",
     MATMUL),
    ((RuntimeError,), "Expected size for first two dimensions of batch2",
     MATMUL),
    ((NotImplementedError, RuntimeError, TypeError), "bitwise_xor",
     listed("`^` is XOR (on bits) in Python, not a power. Square with x ** 2 or x.pow(2).")),
    ((RuntimeError,), "self must be a matrix",
     listed("torch.mm works on 2-D matrices only. For a batch (N, C, M) use @ or torch.bmm: "
            "flat @ flat.transpose(1, 2).")),
    ((RuntimeError,), "t() expects a tensor with <= 2 dimensions",
     listed(".t() works on 2-D matrices only. For a batch (N, C, M) swap the last two axes: "
            ".transpose(1, 2) (or .mT).")),
    ((AttributeError,), "has no attribute 'Scale'",
     listed("`transforms.Scale` is from old torchvision; it is now `transforms.Resize` (same "
            "arguments).")),
    ((RuntimeError,), "view size is not compatible",
     listed(".view() needs a tensor stored in one piece (after a transpose or permute it is "
            "not). Use .reshape(...) instead: it copies only when it must.")),
    ((RuntimeError,), "Can't call numpy() on Tensor that requires grad",
     listed(".numpy() leaves PyTorch: the result has no gradient. Stay with torch operations "
            "(torch.sum, .pow, @) from the inputs to the returned tensor.")),
    ((RuntimeError, ValueError), "cannot be converted to Python scalars",
     listed(".item() or float() works on one number only. Keep the tensor: return it as it is.")),
    ((RuntimeError,), "cannot be converted to Scalar",
     listed(".item() or float() works on one number only. Keep the tensor: return it as it is.")),
]

#: (a piece of the warning text, what to write instead)
WARNING_RULES = [
    ("volatile was removed",
     listed("`Variable(..., volatile=True)` is from old PyTorch (0.3). Variable is no longer "
            "needed, volatile does nothing, and Variable(x) makes a new tensor with no link to "
            "x's graph. Use the tensor x itself (and `with torch.no_grad():` where you want no "
            "gradients).")),
    ("size_average and reduce args",
     listed("`size_average=False` is from old PyTorch. Write the sum yourself, (a - "
            "b).pow(2).sum(), or use reduction='sum'.")),
    ("The use of `x.T` on tensors of dimension other than 2",
     listed("`.T` on a tensor with 3 or more axes reverses ALL its axes, (N, C, M) becomes (M, "
            "C, N). Swap the last two only: .transpose(1, 2) (or .mT).")),
]


def explain_error(err: BaseException) -> str | None:
    """What to write instead, for an error we recognise; None otherwise."""
    text = str(err)
    for types, piece, advice in ERROR_RULES:
        if isinstance(err, types) and piece in text:
            return " ".join(again(part) for part in
                            (advice if isinstance(advice, tuple) else (advice,)))
    return None


def explain_warnings(messages) -> str | None:
    """What to write instead, for the first warning we recognise; None otherwise."""
    for message in messages:
        for piece, advice in WARNING_RULES:
            if piece in message:
                return again(advice)
    return None


#: Calls that give a result with no link to the autograd graph.
CUTTERS = [(r"\.detach\(", ".detach()"), (r"\.data\b", ".data"), (r"\.item\(", ".item()"),
           (r"\.numpy\(", ".numpy()"), (r"\.tolist\(", ".tolist()"),
           (r"torch\.tensor\(", "torch.tensor(...)"), (r"no_grad", "torch.no_grad()"),
           (r"\bVariable\(", "Variable(...)"), (r"(?<![.\w])float\(", "float(...)"),
           (r"\.requires_grad_\(False\)", ".requires_grad_(False)")]


def source_lines(fn) -> list[tuple[int, str]]:
    """(line number, text) of the function's source, comments dropped; [] if it cannot be read."""
    try:
        lines, first = inspect.getsourcelines(fn)
    except (OSError, TypeError):
        return []
    return [(first + i, line.split("#")[0]) for i, line in enumerate(lines)]


def graph_cutters(fn) -> str:
    """ Your code uses .detach() (line 3)..." for the graph-cutting calls in fn's source, or ""."""
    found = []
    for number, line in source_lines(fn):
        for pattern, name in CUTTERS:
            if re.search(pattern, line) and name not in [f for f, _ in found]:
                found.append((name, number))
    if not found:
        return ""
    names = say(", ").join(say("{name} (line {number})", name=name, number=number)
                           for name, number in found)
    each = say("each gives a result") if len(found) > 1 else say("it gives a result")
    return say(" Your code uses {names}: {each} with no link to the graph. Keep such calls off "
               "the path from the inputs to the returned tensor.", names=names, each=each)
