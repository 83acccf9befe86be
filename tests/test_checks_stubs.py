"""An exercise not done yet (helpers/checks/stubs.py): every exported check says so and returns
False instead of raising; yours_or_reference then gives the reference, with one printed line."""

import pytest

from helpers import checks, losses
from helpers.checks import CheckFailed, yours_or_reference
from helpers.checks.losses import check_content_loss as raw_check_content_loss
from helpers.checks.stubs import NotDone, is_stub

CHECKS = [name for name in checks.__all__ if name.startswith("check_")]


def stub(*args):
    raise NotImplementedError("Your turn: write it, then run the check")


@pytest.mark.parametrize("name", CHECKS)
def test_every_check_says_not_done_yet(name, capsys):
    assert getattr(checks, name)(stub) is False
    printed = capsys.readouterr().out
    assert f"{name.removeprefix('check_')}: not done yet." in printed
    assert "Your turn: write it, then run the check" in printed  # the hint is repeated
    assert printed.count("\n") == 2  # two lines, no traceback


def test_a_stub_inside_the_closure(capsys):
    def make_closure(image, optimizer, loss_fn):
        def closure():
            raise NotImplementedError("Your turn: zero, loss, backward, return")
        return closure
    assert checks.check_closure(make_closure) is False
    assert "closure: not done yet" in capsys.readouterr().out


def test_a_bare_stub_counts_too(capsys):
    def content_loss(features, target):
        raise NotImplementedError
    assert checks.check_content_loss(content_loss) is False
    assert "content_loss: not done yet" in capsys.readouterr().out


@pytest.mark.parametrize("error, stub_error", [
    (NotImplementedError("Your turn: subtract"), True), (NotImplementedError(), True),
    (NotDone("gram_matrix", NotImplementedError("Your turn: x")), True),
    (NotImplementedError("Could not run 'aten::add' with arguments from the 'Meta' backend"), False),
    (ValueError("Your turn"), False)])
def test_what_counts_as_a_stub(error, stub_error):
    assert is_stub(error) is stub_error


def test_pytorchs_own_not_implemented_is_a_crash():
    """PyTorch raises NotImplementedError for an operation missing on a device: not a stub."""
    def content_loss(features, target):
        raise NotImplementedError("Could not run 'aten::_foo' with arguments from the 'CPU' backend")
    with pytest.raises(CheckFailed, match="Could not run"):
        checks.check_content_loss(content_loss)


def test_the_modules_own_check_raises_not_done():
    """Only helpers.checks turns the stub into False; the module's function raises NotDone, which
    is still a NotImplementedError with the hint."""
    with pytest.raises(NotDone, match="content_loss: not done yet .Your turn: write it"):
        raw_check_content_loss(stub)
    assert issubclass(NotDone, NotImplementedError)


def test_yours_or_reference(capsys):
    def my_content_loss(features, target):
        raise NotImplementedError("Your turn: subtract")

    assert checks.check_content_loss(my_content_loss) is False
    capsys.readouterr()
    assert yours_or_reference(my_content_loss, losses.content_loss) is losses.content_loss
    assert capsys.readouterr().out == ("my_content_loss is not done yet: the cells below use the "
                                       "reference, helpers.losses.content_loss.\n")

    def my_content_loss(features, target):  # written now: a new function
        return (features - target).pow(2).sum() / target.pow(2).sum()

    assert yours_or_reference(my_content_loss, losses.content_loss) is my_content_loss
    assert checks.check_content_loss(my_content_loss) is True
    assert yours_or_reference(my_content_loss, losses.content_loss) is my_content_loss
    assert "not done yet" not in capsys.readouterr().out


def test_a_wrong_solution_still_fails():
    """Only the stub is let through: a written but wrong function still raises CheckFailed."""
    with pytest.raises(CheckFailed):
        checks.check_content_loss(lambda features, target: (features - target).pow(2).sum())
