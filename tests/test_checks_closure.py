"""check_closure: each planted mistake gets its own, true diagnosis, from the order of events.

The check records what the closure does (zero_grad, loss_fn, backward, step, changes to the
image, what it returns) and names the first thing out of place. KNOWN: the mistakes of the
first version of these tests; NEW: mistakes beyond them. Each entry: (kind, make_closure, a
phrase the message must contain); "formula" here is a wrong number in a right order (a scaled
backward), "structure" a wrong order, a wrong thing done, a wrong type or an old idiom.
"""

import pytest
import torch
from torch.autograd import Variable

from helpers import checks
from helpers.checks import CheckFailed


def closure_of(body):
    """make_closure whose closure runs body(image, optimizer, loss_fn)."""
    def make_closure(image, optimizer, loss_fn):
        def closure():
            return body(image, optimizer, loss_fn)
        return closure
    make_closure.__name__ = body.__name__
    return make_closure


def backward_then_zero_grad(image, optimizer, loss_fn):
    total = loss_fn(image)["total"]
    total.backward()
    optimizer.zero_grad()
    return total


def backward_then_grad_none(image, optimizer, loss_fn):
    total = loss_fn(image)["total"]
    total.backward()
    image.grad = None
    return total


def clamp_first(image, optimizer, loss_fn):
    optimizer.zero_grad()
    with torch.no_grad():
        image.clamp_(0, 1)
    total = loss_fn(image)["total"]
    total.backward()
    return total


def clamp_last(image, optimizer, loss_fn):
    optimizer.zero_grad()
    total = loss_fn(image)["total"]
    total.backward()
    image.data.clamp_(0, 1)
    return total


def clamp_with_gradients_on(image, optimizer, loss_fn):
    optimizer.zero_grad()
    image.clamp_(0, 1)
    total = loss_fn(image)["total"]
    total.backward()
    return total


def clamped_copy(image, optimizer, loss_fn):
    optimizer.zero_grad()
    total = loss_fn(image.clamp(0, 1))["total"]
    total.backward()
    return total


def retain_variables(image, optimizer, loss_fn):
    optimizer.zero_grad()
    total = loss_fn(image)["total"]
    total.backward(retain_variables=True)
    return total


def data_zero(image, optimizer, loss_fn):
    optimizer.zero_grad()
    total = loss_fn(image)["total"]
    total.backward()
    return total.data[0]


def volatile(image, optimizer, loss_fn):
    optimizer.zero_grad()
    total = loss_fn(Variable(image, volatile=True))["total"]
    total.backward()
    return total


def under_no_grad(image, optimizer, loss_fn):
    optimizer.zero_grad()
    with torch.no_grad():
        total = loss_fn(image)["total"]
    total.backward()
    return total


def backward_twice(image, optimizer, loss_fn):
    optimizer.zero_grad()
    total = loss_fn(image)["total"]
    total.backward(retain_graph=True)
    total.backward()
    return total


def scaled_backward(image, optimizer, loss_fn):
    optimizer.zero_grad()
    total = loss_fn(image)["total"]
    (2 * total).backward()
    return total


def unweighted_parts(image, optimizer, loss_fn):
    optimizer.zero_grad()
    parts = loss_fn(image)
    (parts["content"] + parts["tv"]).backward()
    return parts["total"]


def returns_a_tuple(image, optimizer, loss_fn):
    optimizer.zero_grad()
    parts = loss_fn(image)
    parts["total"].backward()
    return parts["total"], parts


def returns_detached(image, optimizer, loss_fn):
    optimizer.zero_grad()
    total = loss_fn(image)["total"]
    total.backward()
    return total.detach()


def zero_by_hand(image, optimizer, loss_fn):
    image.grad.zero_()
    total = loss_fn(image)["total"]
    total.backward()
    return total


def step_first(image, optimizer, loss_fn):
    optimizer.zero_grad()
    optimizer.step()
    total = loss_fn(image)["total"]
    total.backward()
    return total


def loss_made_once(image, optimizer, loss_fn):
    total = loss_fn(image)["total"]

    def closure():
        optimizer.zero_grad()
        total.backward(retain_graph=True)
        return total
    return closure


def takes_the_image(image, optimizer, loss_fn):
    def closure(image):
        optimizer.zero_grad()
        total = loss_fn(image)["total"]
        total.backward()
        return total
    return closure


def first_loss_kept(image, optimizer, loss_fn):
    kept = {}

    def closure():
        optimizer.zero_grad()
        total = loss_fn(image)["total"]
        total.backward()
        return kept.setdefault("total", total)
    return closure


def without_zero_grad(image, optimizer, loss_fn):
    total = loss_fn(image)["total"]
    total.backward()
    return total


def without_backward(image, optimizer, loss_fn):
    optimizer.zero_grad()
    return loss_fn(image)["total"]


def returns_the_dict(image, optimizer, loss_fn):
    optimizer.zero_grad()
    parts = loss_fn(image)
    parts["total"].backward()
    return parts


def returns_a_number(image, optimizer, loss_fn):
    optimizer.zero_grad()
    total = loss_fn(image)["total"]
    total.backward()
    return total.item()


def steps(image, optimizer, loss_fn):
    optimizer.zero_grad()
    total = loss_fn(image)["total"]
    total.backward()
    optimizer.step()
    return total


def loss_fn_twice(image, optimizer, loss_fn):
    optimizer.zero_grad()
    loss_fn(image)["total"].backward()
    return loss_fn(image)["total"]


def detached_image(image, optimizer, loss_fn):
    optimizer.zero_grad()
    total = loss_fn(image.detach())["total"]
    total.backward()
    return total


def backward_on_a_part(image, optimizer, loss_fn):
    optimizer.zero_grad()
    parts = loss_fn(image)
    parts["content"].backward()
    return parts["total"]


def returns_a_part(image, optimizer, loss_fn):
    optimizer.zero_grad()
    parts = loss_fn(image)
    parts["total"].backward()
    return parts["content"]


def called_too_early(image, optimizer, loss_fn):
    return closure_of(returns_a_part)(image, optimizer, loss_fn)()


def not_returned(image, optimizer, loss_fn):
    def closure():
        return None


KNOWN = [
    ("structure", closure_of(without_zero_grad), "Start the closure with optimizer.zero_grad()"),
    ("structure", closure_of(without_backward), "never calls backward()"),
    ("structure", closure_of(returns_the_dict), "whole dict"),
    ("structure", closure_of(returns_a_number), "Python number"),
    ("structure", closure_of(steps), "calls optimizer.step()"),
    ("structure", closure_of(loss_fn_twice), "calls loss_fn 2 times in one call"),
    ("structure", called_too_early, "not a function"),
    ("structure", not_returned, "returned None"),
    ("structure", closure_of(detached_image), "a copy of the image that is cut from the graph"),
    ("structure", closure_of(backward_on_a_part),
     "calls backward() on losses['content'], not on losses['total']"),
    ("structure", closure_of(returns_a_part), "returns losses['content'], one part of the loss"),
]

NEW = [
    ("structure", closure_of(backward_then_zero_grad), "calls zero_grad() after backward()"),
    ("structure", closure_of(backward_then_grad_none), "clears image.grad after backward()"),
    ("structure", closure_of(clamp_first),
     "changes the image before it calls loss_fn: 35 pixels outside [0, 1] were clamped"),
    ("structure", closure_of(clamp_last), "changes the image after backward()"),
    ("structure", closure_of(clamp_with_gradients_on), "changes the image in place"),
    ("structure", closure_of(clamped_copy), "passes loss_fn a changed copy of the image"),
    ("structure", closure_of(retain_variables), "now called retain_graph, and you do not need it here"),
    ("structure", closure_of(data_zero), "use loss.item() to print it"),
    ("structure", closure_of(volatile), "volatile does nothing"),
    ("structure", closure_of(under_no_grad), "calls loss_fn under torch.no_grad()"),
    ("structure", closure_of(backward_twice), "calls backward() twice in one call"),
    ("formula", closure_of(scaled_backward), "the gradient that reaches losses['total'] is 2, not 1"),
    ("structure", closure_of(unweighted_parts), "calls backward() on losses['tv'] + losses['content']"),
    ("structure", closure_of(returns_a_tuple), "returned a tuple of 2 items"),
    ("structure", closure_of(returns_detached), "returns a copy of losses['total'] cut from the graph"),
    ("structure", closure_of(zero_by_hand), "image.grad.zero_() fails"),
    ("structure", closure_of(step_first), "calls optimizer.step()"),
    ("structure", loss_made_once, "make_closure calls loss_fn itself"),
    ("structure", takes_the_image, "closure() must take no arguments"),
    ("structure", first_loss_kept, "the loss of the first call's pixels"),
]


@pytest.mark.parametrize("kind, mistake, phrase", KNOWN + NEW,
                         ids=[m.__name__ for _, m, _ in KNOWN + NEW])
def test_closure_mistake_is_named(kind, mistake, phrase):
    with pytest.raises(CheckFailed, match="^closure: ") as failure:
        checks.check_closure(mistake)
    assert phrase in str(failure.value)


def test_enough_new_mistakes_most_not_formulas():
    kinds = [kind for kind, _, _ in NEW]
    assert len(NEW) >= 8 and kinds.count("structure") >= len(NEW) / 2


GPU = "needs an NVIDIA GPU|on two devices|but the inputs are on cpu"


def test_cuda_is_explained():
    """No GPU: .cuda() fails; with one, the result (or the loss) is on another device."""
    def on_the_gpu(image, optimizer, loss_fn):
        optimizer.zero_grad()
        total = loss_fn(image.cuda())["total"]
        total.backward()
        return total
    with pytest.raises(CheckFailed, match=GPU):
        checks.check_closure(closure_of(on_the_gpu))


def zero_grad_between(image, optimizer, loss_fn):
    parts = loss_fn(image)
    optimizer.zero_grad()
    parts["total"].backward()
    return parts["total"]


def grad_set_to_none(image, optimizer, loss_fn):
    image.grad = None
    parts = loss_fn(image)
    parts["total"].backward()
    return parts["total"]


def zero_grad_kept(image, optimizer, loss_fn):
    optimizer.zero_grad(set_to_none=False)
    total = loss_fn(image)["total"]
    total.backward()
    return total


def grad_enabled(image, optimizer, loss_fn):
    optimizer.zero_grad()
    with torch.enable_grad():
        total = loss_fn(image)["total"]
    total.backward()
    return total


@pytest.mark.parametrize("body", [zero_grad_between, grad_set_to_none, zero_grad_kept, grad_enabled])
def test_other_correct_closures_pass(body):
    assert checks.check_closure(closure_of(body)) is True
