"""L-BFGS with a backtracking guard: one loss evaluation per step, and the loss never rises.

torch.optim.LBFGS offers two ways to choose the step length t along its direction d:
- a fixed t = lr (no line search, the PyTorch tutorial's choice): one evaluation per step, but
  the loss can jump (1.87x in one step on chelsea/stained_glass at 256 px);
- a strong Wolfe line search: every step lowers the loss, but the search spends evaluations,
  and on some pairs it settles early (3.6-5.7 % above the tutorial's best loss after 350
  evaluations, benchmarks/README.md).

`GuardedLBFGS` is the third way, a *backtracking* search that accepts any decrease: try t = lr;
if the loss at the new point is higher than at the current one, refuse the step (the pixels go
back), shorten t and try again along the same d; after 3 refusals in a row, forget the remembered
steps (the next direction is the gradient, as at the start). An accepted step costs one
evaluation; a refused one costs one too, and the run keeps the image it had.

How much shorter: the loss along the step is fitted by a parabola through the loss before, its
slope there and the refused loss; t moves to the parabola's lowest point, but by a factor of at
least 0.1 and at most 0.5 (Nocedal and Wright, *Numerical Optimization*, section 3.5). With
plain halving, a texture from relu1_1 alone (notebook 04) stalled: its steps were far too long,
3 halvings never reached a good length, and the memory was cleared again and again.

The direction is the usual L-BFGS one (Nocedal and Wright, Alg. 7.4) with torch.optim.LBFGS's
first step and curvature test. Its curvature pairs are the steps the pixels really made: the
closure clamps the pixels into [0, 1], so the step taken is not always t d (torch stores t d).
With the real steps, far fewer tries are refused. benchmarks/README.md ("The step rules") has
the measurements.
"""

from __future__ import annotations

import torch

#: After this many refusals in a row the memory is cleared.
MAX_REFUSALS = 3
#: A refused step is tried again with t multiplied by a factor in this range (see above).
SHORTEN = (0.1, 0.5)


def shorter(loss: float, slope: float, refused_loss: float) -> float:
    """The factor for t after a refusal: the lowest point of the parabola through (0, loss)
    with slope `slope` there (the gradient times the step taken) and (1, refused_loss), kept
    within SHORTEN."""
    bend = refused_loss - loss - slope  # > 0 when the parabola opens upwards
    factor = -slope / (2 * bend) if bend > 0 else SHORTEN[1]
    return min(SHORTEN[1], max(SHORTEN[0], factor))


def two_loop(grad: torch.Tensor, steps: list, diffs: list, rhos: list) -> torch.Tensor:
    """The L-BFGS direction d = -H g. grad: flat (n,). steps, diffs: the remembered pairs s_i
    (a step) and y_i (the change of the gradient over it), oldest first; rhos: 1 / (y_i . s_i).
    The starting H is (s.y / y.y) times the identity, from the newest pair (as torch does)."""
    q = -grad.clone()
    alphas = []
    for s, y, rho in zip(reversed(steps), reversed(diffs), reversed(rhos)):
        alpha = rho * torch.dot(s, q)
        q.add_(y, alpha=-alpha)
        alphas.append(alpha)
    if steps:
        q.mul_(torch.dot(steps[-1], diffs[-1]) / torch.dot(diffs[-1], diffs[-1]))
    for (s, y, rho), alpha in zip(zip(steps, diffs, rhos), reversed(alphas)):
        beta = rho * torch.dot(y, q)
        q.add_(s, alpha=float(alpha - beta))
    return q


class GuardedLBFGS(torch.optim.Optimizer):
    """L-BFGS with the backtracking guard above, for ONE tensor of parameters (the pixels).

    step(closure) runs up to `max_iter` loss evaluations. The closure evaluates the loss at
    the tensor's current values and returns it (it may change the values first, e.g. clamp
    them: the optimiser reads them back). Between calls nothing is evaluated twice: the loss
    and the gradient of the accepted point are kept. `accepts(loss)` says, before the step is
    decided, whether a loss just evaluated will be accepted: the run's history uses it.
    Counters: `refused` (steps refused), `resets` (times the memory was cleared).
    """

    def __init__(self, params, lr: float = 1.0, history_size: int = 50, max_iter: int = 20):
        super().__init__(params, dict(lr=lr, history_size=history_size, max_iter=max_iter))
        if len(self.param_groups) != 1 or len(self.param_groups[0]["params"]) != 1:
            raise ValueError("GuardedLBFGS optimises one tensor (the image)")
        self.refused = self.resets = 0
        self._pairs = ([], [], [])  # steps, diffs, rhos: oldest first
        self._loss = self._point = self._grad = None  # the accepted point: loss, pixels, gradient
        self._fresh, self._t, self._direction, self._refusals = True, None, None, 0

    def accepts(self, loss: float) -> bool:
        """Would a point with this loss be accepted? (The first point always is.)"""
        return self._loss is None or loss <= self._loss

    def _evaluate(self, closure) -> tuple[float, torch.Tensor, torch.Tensor]:
        with torch.enable_grad():
            loss = float(closure().detach())
        x = self.param_groups[0]["params"][0]
        return loss, x.detach().reshape(-1).clone(), x.grad.detach().reshape(-1).clone()

    @torch.no_grad()
    def step(self, closure):
        group = self.param_groups[0]
        x = group["params"][0]
        steps, diffs, rhos = self._pairs
        if self._loss is None:
            self._loss, self._point, self._grad = self._evaluate(closure)
        for _ in range(group["max_iter"]):
            if self._refusals == 0:
                if self._fresh:  # the first step, and the first after a reset: torch's
                    size = float(self._grad.abs().sum())
                    if size == 0:  # a flat point: nothing to do
                        return self._loss
                    self._direction = -self._grad
                    self._t = min(1.0, 1.0 / size) * group["lr"]
                else:
                    self._direction = two_loop(self._grad, steps, diffs, rhos)
                    self._t = group["lr"]
            x.copy_((self._point + self._t * self._direction).view_as(x))
            loss, point, grad = self._evaluate(closure)
            step = point - self._point  # the step the pixels made (after the clamp)
            if not self.accepts(loss):
                self.refused += 1
                self._refusals += 1
                self._t *= shorter(self._loss, float(torch.dot(self._grad, step)), loss)
                x.copy_(self._point.view_as(x))  # back to the accepted pixels
                if self._refusals >= MAX_REFUSALS:
                    steps.clear(), diffs.clear(), rhos.clear()
                    self.resets += 1
                    self._fresh, self._refusals = True, 0
                continue
            y = grad - self._grad
            ys = float(torch.dot(y, step))
            if ys > 1e-10:  # torch's curvature test: keep only pairs that curve upwards
                if len(steps) == group["history_size"]:
                    steps.pop(0), diffs.pop(0), rhos.pop(0)
                steps.append(step), diffs.append(y), rhos.append(1.0 / ys)
            self._loss, self._point, self._grad = loss, point, grad
            self._fresh, self._refusals = False, 0
        return self._loss
