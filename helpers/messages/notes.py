"""The notes the pixel loop prints (optimize.py): a run stopped early is not an error, so these
are printed, not raised; in the reader's language, like every message (say)."""

from __future__ import annotations

from . import say


def cell_skipped() -> str:
    """helpers.finished: a run of this cell was stopped, so the cell's checks are skipped."""
    return say("A run was stopped early (Stop or Ctrl-C), so the rest of this cell is skipped. "
               "Run the cells again to the end to see it.")


def stopped(done: int, steps: int, loss: float) -> str:
    """Ctrl-C (Jupyter's Stop) after `done` of `steps` loss evaluations; `loss`: the best."""
    return say("Stopped after {done} of {steps} evaluations: keeping the best image so far "
               "(loss {loss:.4g}); result.interrupted is True.", done=done, steps=steps,
               loss=loss)


def out_of_memory(device, done: int) -> str:
    """The GPU (or MPS) `device` ran out of memory after `done` loss evaluations."""
    return say("The {device} ran out of memory after {done} evaluations: keeping the best image "
               "so far. Use a smaller max_size for the images, or NST_DEVICE=cpu.",
               device=device.type.upper(), done=done)
