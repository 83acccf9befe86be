"""helpers.checks: the reference solutions pass; the diagnosis tools (scale fits, formulas, old
idioms) do what they say. The planted mistakes of each exercise are in tests/test_checks_*.py."""

import pytest
import torch

from helpers import checks, losses
from helpers.checks import CheckFailed, idioms, scale


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


def test_stub_is_not_diagnosed_as_a_mistake(capsys):
    """A stub is not a mistake: it passes through with its hint, or (helpers.checks.stubs) the
    check says "not done yet" and returns False. Never a CheckFailed."""
    def content_loss(features, target):
        raise NotImplementedError("Your turn: subtract, square, add up, divide")
    try:
        result = checks.check_content_loss(content_loss)
    except NotImplementedError as err:
        assert "Your turn" in str(err)
    else:
        assert result is False and "not done yet" in capsys.readouterr().out


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


def test_scale_fit_finds_a_monomial_and_only_then():
    generator = torch.Generator().manual_seed(0)
    quantities = [{"S": 1 + 9 * torch.rand(1, generator=generator).item(),
                   "H": int(torch.randint(3, 9, (1,), generator=generator)),
                   "W": int(torch.randint(3, 9, (1,), generator=generator))} for _ in range(12)]
    ratios = [0.5 * q["S"] ** 0.5 / (q["H"] * q["W"]) for q in quantities]
    constant, exponents = scale.fit(ratios, quantities)
    assert constant == pytest.approx(0.5) and exponents == {"S": 0.5, "H": -1.0, "W": -1.0}
    assert scale.fit([q["H"] * q["W"] / (q["H"] * q["W"] - 1) for q in quantities], quantities) is None
    assert scale.fit([1.0, -1.0] * 6, quantities) is None


def test_formulas_read_as_written():
    labels = {"S": "sum((F - P)^2)", "P": "sum(P^2)", "H": "H", "W": "W"}
    assert scale.formula({"S": 1, "H": -2, "W": -2}, labels) == "sum((F - P)^2) / (H*W)^2"
    assert scale.formula({"S": 0.5, "P": -0.5}, labels) == "sqrt(sum((F - P)^2)) / sqrt(sum(P^2))"
    assert scale.formula({"S": 1, "H": 1, "W": 1}, labels, 0.5) == "0.5 * sum((F - P)^2) * H*W"


@pytest.mark.parametrize("error, phrase", [
    (TypeError("backward() got an unexpected keyword argument 'retain_variables'"), "retain_graph"),
    (IndexError("invalid index of a 0-dim tensor. Use `tensor.item()`"), "loss.item()"),
    (AssertionError("Torch not compiled with CUDA enabled"), "needs an NVIDIA GPU"),
    (RuntimeError("Found no NVIDIA driver on your system."), "needs an NVIDIA GPU"),
    (AttributeError("module 'torchvision.transforms' has no attribute 'Scale'"), "transforms.Resize"),
    (RuntimeError("view size is not compatible with input tensor's size and stride"), ".reshape("),
    (NotImplementedError("\"bitwise_xor_cpu\" not implemented for 'Float'"), "x ** 2"),
    (RuntimeError("self must be a matrix"), "torch.bmm"),
])
def test_old_idioms_are_recognised(error, phrase):
    assert phrase in idioms.explain_error(error)


def test_unknown_errors_and_warnings_get_no_advice():
    assert idioms.explain_error(RuntimeError("something else")) is None
    assert idioms.explain_error(ValueError("retain_variables")) is None  # the wrong type
    assert idioms.explain_warnings(["volatile was removed and now has no effect."]).startswith(
        "`Variable(..., volatile=True)`")
    assert idioms.explain_warnings(["an unrelated warning"]) is None


def test_a_wrong_value_is_never_told_as_a_wrong_shape():
    """The old message "expected a tensor of shape (1, 3, 3), got a tensor of shape (1, 3, 3)"."""
    def odd_gram(f):  # right shape, symmetric, PSD, wrong values and no clean factor
        flat = f.reshape(f.shape[0], f.shape[1], -1)
        return flat @ flat.transpose(1, 2) / (f.shape[2] * f.shape[3]) + 0.01 * flat.mean() ** 2
    with pytest.raises(CheckFailed) as failure:
        checks.check_gram_matrix(odd_gram)
    assert "a tensor of shape" not in str(failure.value)
    assert "G[0, " in str(failure.value)  # says where, with a number
