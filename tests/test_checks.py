"""helpers.checks: the reference solutions pass, and each planted mistake gets its own message."""

import pytest
import torch

from helpers import checks, losses
from helpers.checks import CheckFailed


def _flat(f):
    n, c, h, w = f.shape
    return f.reshape(n, c, h * w)


def reference_closure(image, optimizer, loss_fn):
    def closure():
        optimizer.zero_grad()
        total = loss_fn(image)["total"]
        total.backward()
        return total
    return closure


@pytest.mark.parametrize("check, solution, passed", [
    (checks.check_content_loss, losses.content_loss, 6),
    (checks.check_gram_matrix, losses.gram_matrix, 7),
    (checks.check_style_loss, losses.style_loss, 7),
    (checks.check_total_variation_loss, losses.total_variation_loss, 7),
    (checks.check_closure, reference_closure, 7),
], ids=["content", "gram", "style", "tv", "closure"])
def test_reference_passes(check, solution, passed, capsys):
    assert check(solution) is True
    name = check.__name__.removeprefix("check_")
    assert capsys.readouterr().out.strip() == f"{name}: all {passed} checks passed"


def test_other_correct_solutions_pass():
    """Correct code written another way: mean/mean, einsum, a loop over images, image.grad=None."""
    checks.check_content_loss(lambda f, p: ((f - p) ** 2).mean() / (p ** 2).mean())
    checks.check_gram_matrix(lambda f: torch.einsum("nchw,ndhw->ncd", f, f) / (f.shape[2] * f.shape[3]))
    checks.check_gram_matrix(lambda f: torch.stack([x.reshape(x.shape[0], -1) @ x.reshape(x.shape[0], -1).T
                                                    / (x.shape[1] * x.shape[2]) for x in f]))
    checks.check_style_loss(lambda f, a: torch.sum((losses.gram_matrix(f) - a) ** 2) / torch.sum(a ** 2))
    checks.check_total_variation_loss(
        lambda x: torch.mean(torch.diff(x, dim=3) ** 2) + torch.mean(torch.diff(x, dim=2) ** 2))

    def make_closure(image, optimizer, loss_fn):
        def closure():
            image.grad = None
            losses_now = loss_fn(image)
            losses_now["total"].backward()
            return losses_now["total"]
        return closure
    checks.check_closure(make_closure)


def _content_in_place(f, p):
    f -= p
    return f.pow(2).sum() / p.pow(2).sum()


CONTENT = [
    (lambda f, p: ((f - p) ** 2).sum(), "forgot to divide by ||P||^2"),
    (lambda f, p: 0.5 * ((f - p) ** 2).sum(), "paper's 1/2"),
    (lambda f, p: ((f - p) ** 2).mean(), "mean squared error"),
    (lambda f, p: ((f - p) ** 2).mean() / (p ** 2).sum(), "mean in the numerator but sum"),
    (lambda f, p: (f - p).abs().sum() / (p ** 2).sum(), "absolute values"),
    (lambda f, p: ((f - p) ** 2).sum() / (f ** 2).sum(), "divided by sum(F^2)"),
    (lambda f, p: (f - p).norm() / p.norm(), "norm (a square root)"),
    (lambda f, p: ((f - p) ** 2).sum() / f[0].numel(), "divided by C*H*W"),
    (lambda f, p: (((f - p) ** 2).sum() / (p ** 2).sum()).item(), "Python number"),
    (lambda f, p: ((f - p) ** 2).sum(dim=(2, 3)) / (p ** 2).sum(), "expected a scalar"),
    (_content_in_place, "changed its input `features` in place"),
    (lambda f, p: ((f.detach() - p) ** 2).sum() / (p ** 2).sum(), "no gradient flows"),
    (lambda f, p: ((f - p) * (f.detach() - p)).sum() / (p ** 2).sum(), "gradient is not"),
    (lambda f, p: (p - f).sum() / (p ** 2).sum(), "negative"),
    (lambda f, p: 3 * ((f - p) ** 2).sum() / (p ** 2).sum(), "always 3 times the reference"),
]


@pytest.mark.parametrize("mistake, message", CONTENT, ids=[m for _, m in CONTENT])
def test_content_loss_mistakes(mistake, message):
    with pytest.raises(CheckFailed, match="^content_loss: ") as failure:
        checks.check_content_loss(mistake)
    assert message in str(failure.value)


def _gram_in_place(f):
    n, c, h, w = f.shape
    f /= (h * w) ** 0.5
    return _flat(f) @ _flat(f).transpose(1, 2)


GRAM = [
    (lambda f: _flat(f) @ _flat(f).transpose(1, 2), "forgot to divide by M = H*W"),
    (lambda f: _flat(f) @ _flat(f).transpose(1, 2) / f[0].numel(), "divided by C*H*W"),
    (lambda f: _flat(f) @ _flat(f).transpose(1, 2) / (f.shape[2] * f.shape[3]) ** 2,
     "divided by M = H*W twice"),
    (lambda f: _flat(f) @ _flat(f).transpose(1, 2) / f.shape[1], "divided by C (the channels)"),
    (lambda f: _flat(f) @ _flat(f).transpose(1, 2) / f.shape[3], "divided by H or by W only"),
    (lambda f: _flat(f).transpose(1, 2) @ _flat(f) / (f.shape[2] * f.shape[3]),
     "transposed the wrong factor"),
    (lambda f: f[0].reshape(f.shape[1], -1) @ f[0].reshape(f.shape[1], -1).T / (f.shape[2] * f.shape[3]),
     "Keep the batch dimension"),
    (lambda f: _flat(f) @ _flat(f).roll(1, dims=1).transpose(1, 2) / (f.shape[2] * f.shape[3]),
     "not symmetric"),
    (lambda f: (lambda c: c @ c.transpose(1, 2) / c.shape[2])(_flat(f) - _flat(f).mean(2, keepdim=True)),
     "covariance matrix"),
    (lambda f: (lambda x: x @ x.transpose(1, 2) / (f.shape[2] * f.shape[3]))(f.reshape(1, f.shape[1], -1)),
     "works for one image but not for a batch"),
    (lambda f: -_flat(f) @ _flat(f).transpose(1, 2) / (f.shape[2] * f.shape[3]), "negative eigenvalue"),
    (_gram_in_place, "in place"),
    (lambda f: (_flat(f) @ _flat(f).transpose(1, 2) / (f.shape[2] * f.shape[3])).detach(),
     "no gradient flows"),
    (lambda f: [[0.0]], "expected a torch tensor"),
]


@pytest.mark.parametrize("mistake, message", GRAM, ids=[m for _, m in GRAM])
def test_gram_matrix_mistakes(mistake, message):
    with pytest.raises(CheckFailed, match="^gram_matrix: ") as failure:
        checks.check_gram_matrix(mistake)
    assert message in str(failure.value)


def _raw(f):
    return _flat(f) @ _flat(f).transpose(1, 2)


def _m(f):
    return f.shape[2] * f.shape[3]


def _positions_first_gram(f):  # reshaped to (N, M, C): channels and positions get mixed up
    n, c, h, w = f.shape
    flat = f.reshape(n, h * w, c).transpose(1, 2)
    return flat @ flat.transpose(1, 2) / (h * w)


STYLE = [
    (lambda f, a: ((losses.gram_matrix(f) - a) ** 2).sum(), "forgot to divide by ||A||^2"),
    (lambda f, a: ((losses.gram_matrix(f) - a) ** 2).sum() / (4 * f.shape[1] ** 2 * _m(f) ** 2),
     "1 / (4 N^2 M^2)"),
    (lambda f, a: ((_raw(f) - a * _m(f)) ** 2).sum() / (4 * f.shape[1] ** 2 * _m(f) ** 2),
     "1 / (4 N^2 M^2)"),
    (lambda f, a: ((_raw(f) - a) ** 2).sum() / (4 * f.shape[1] ** 2 * _m(f) ** 2),
     "1 / (4 N^2 M^2)"),
    (lambda f, a: ((_raw(f) - a) ** 2).sum() / (a ** 2).sum(),
     "is not divided by M = H*W, but target_gram is"),
    (lambda f, a: ((losses.gram_matrix(f) - a) ** 2).mean() / (a ** 2).sum(), "mean instead of sum"),
    (lambda f, a: ((losses.gram_matrix(f) - a) ** 2).mean(), "mean squared error"),
    (lambda f, a: (losses.gram_matrix(f) - a).abs().sum() / (a ** 2).sum(), "absolute values"),
    (lambda f, a: (losses.gram_matrix(f) - a).norm() / a.norm(), "norm (a square root)"),
    (lambda f, a: ((losses.gram_matrix(f) - a) ** 2).sum() / (losses.gram_matrix(f) ** 2).sum(),
     "divided by sum(G^2)"),
    (lambda f, a: ((_positions_first_gram(f) - a) ** 2).sum() / (a ** 2).sum(), "shuffled"),
    (lambda f, a: ((losses.gram_matrix(f.detach()) - a) ** 2).sum() / (a ** 2).sum(),
     "no gradient flows"),
    (lambda f, a: (losses.gram_matrix(f) - a).pow(2).sum(dim=0) / (a ** 2).sum(),
     "expected a scalar"),
]


@pytest.mark.parametrize("mistake, message", STYLE, ids=[f"{i}-{m}" for i, (_, m) in enumerate(STYLE)])
def test_style_loss_mistakes(mistake, message):
    with pytest.raises(CheckFailed, match="^style_loss: ") as failure:
        checks.check_style_loss(mistake)
    assert message in str(failure.value)


def _dx(x):
    return x[..., :, 1:] - x[..., :, :-1]


def _dy(x):
    return x[..., 1:, :] - x[..., :-1, :]


def _tv_in_place(x):
    x.clamp_(0.2, 0.8)
    return _dx(x).pow(2).mean() + _dy(x).pow(2).mean()


TV = [
    (lambda x: _dx(x).pow(2).sum() + _dy(x).pow(2).sum(), "sum instead of mean"),
    (lambda x: _dx(x).abs().mean() + _dy(x).abs().mean(), "absolute differences"),
    (lambda x: _dx(x).pow(2).mean(), "horizontal neighbours only"),
    (lambda x: _dy(x).pow(2).mean(), "vertical neighbours only"),
    (lambda x: 2 * _dx(x).pow(2).mean(), "same way (both along W)"),
    (lambda x: (_dx(x).pow(2).mean() + _dy(x).pow(2).mean()) / 2, "averaged the two directions"),
    (lambda x: torch.cat([_dx(x).flatten(), _dy(x).flatten()]).pow(2).mean(),
     "one mean over all differences"),
    (lambda x: (torch.roll(x, 1, -1) - x).pow(2).mean() + (torch.roll(x, 1, -2) - x).pow(2).mean(),
     "torch.roll wraps around"),
    (lambda x: (x[..., :, 1:] - x[..., :, :-1].detach()).pow(2).mean() + _dy(x).pow(2).mean(),
     "gradient is not"),
    (_tv_in_place, "changed its input `image` in place"),
    (lambda x: x.pow(2).mean(), "should be 0 when the image has one colour"),
]


@pytest.mark.parametrize("mistake, message", TV, ids=[m for _, m in TV])
def test_total_variation_mistakes(mistake, message):
    with pytest.raises(CheckFailed, match="^total_variation_loss: ") as failure:
        checks.check_total_variation_loss(mistake)
    assert message in str(failure.value)


def closure_without_zero_grad(image, optimizer, loss_fn):
    def closure():
        total = loss_fn(image)["total"]
        total.backward()
        return total
    return closure


def closure_without_backward(image, optimizer, loss_fn):
    def closure():
        optimizer.zero_grad()
        return loss_fn(image)["total"]
    return closure


def closure_returning_dict(image, optimizer, loss_fn):
    def closure():
        optimizer.zero_grad()
        parts = loss_fn(image)
        parts["total"].backward()
        return parts
    return closure


def closure_returning_item(image, optimizer, loss_fn):
    def closure():
        optimizer.zero_grad()
        total = loss_fn(image)["total"]
        total.backward()
        return total.item()
    return closure


def closure_that_steps(image, optimizer, loss_fn):
    def closure():
        optimizer.zero_grad()
        total = loss_fn(image)["total"]
        total.backward()
        optimizer.step()
        return total
    return closure


def closure_calling_twice(image, optimizer, loss_fn):
    def closure():
        optimizer.zero_grad()
        loss_fn(image)["total"].backward()
        return loss_fn(image)["total"]
    return closure


def closure_called_too_early(image, optimizer, loss_fn):
    return reference_closure(image, optimizer, loss_fn)()


def closure_not_returned(image, optimizer, loss_fn):
    def closure():
        optimizer.zero_grad()
        total = loss_fn(image)["total"]
        total.backward()
        return total


def closure_detached(image, optimizer, loss_fn):
    def closure():
        optimizer.zero_grad()
        total = loss_fn(image.detach())["total"]
        total.backward()
        return total
    return closure


def closure_backward_on_a_part(image, optimizer, loss_fn):
    def closure():
        optimizer.zero_grad()
        parts = loss_fn(image)
        parts["content"].backward()
        return parts["total"]
    return closure


def closure_returning_a_part(image, optimizer, loss_fn):
    def closure():
        optimizer.zero_grad()
        parts = loss_fn(image)
        parts["total"].backward()
        return parts["content"]
    return closure


CLOSURE = [
    (closure_without_zero_grad, "optimizer.zero_grad()"),
    (closure_without_backward, "image.grad is still None"),
    (closure_returning_dict, "whole dict"),
    (closure_returning_item, "Python number"),
    (closure_that_steps, "changed the image"),
    (closure_calling_twice, "called loss_fn 2 times"),
    (closure_called_too_early, "not a function"),
    (closure_not_returned, "returned None"),
    (closure_detached, "no link back to the image"),
    (closure_backward_on_a_part, "not the gradient of losses['total']"),
    (closure_returning_a_part, "Return losses['total'], not another part"),
]


@pytest.mark.parametrize("mistake, message", CLOSURE, ids=[f.__name__ for f, _ in CLOSURE])
def test_closure_mistakes(mistake, message):
    with pytest.raises(CheckFailed, match="^closure: ") as failure:
        checks.check_closure(mistake)
    assert message in str(failure.value)


def test_stub_passes_through_with_its_hint():
    def content_loss(features, target):
        raise NotImplementedError("Your turn: subtract, square, add up, divide")
    with pytest.raises(NotImplementedError, match="Your turn"):
        checks.check_content_loss(content_loss)


def test_crash_and_non_function_are_explained():
    with pytest.raises(CheckFailed, match=r"raised ZeroDivisionError.*\n\(called with inputs of shape"):
        checks.check_content_loss(lambda f, p: 1 / 0)
    with pytest.raises(CheckFailed, match="expected a function"):
        checks.check_gram_matrix(torch.zeros(3))


def test_check_failed_is_an_assertion_error():
    assert issubclass(CheckFailed, AssertionError)


def test_checks_leave_the_global_random_state_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    checks.check_gram_matrix(losses.gram_matrix)
    assert torch.equal(torch.rand(3), expected)
