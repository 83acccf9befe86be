"""Unsolved exercises: a check on a stub says "not done yet" and returns False, so that Run All
goes on; `yours_or_reference` then gives the cells below the reference instead.

The student edition (python -m tools.student_edition) replaces each solution by
`raise NotImplementedError("Your turn: ...")`. When a check meets that stub:

    check_content_loss(my_content_loss)   # prints "content_loss: not done yet. ..." -> False
    loss_fn = yours_or_reference(my_content_loss, losses.content_loss)
    # prints one line "my_content_loss is not done yet: the cells below use the reference,
    # helpers.losses.content_loss." and returns the reference; a written function comes back
    # as it is.

Only a stub counts: a NotImplementedError whose message starts with "Your turn", or one with no
message (a stub written by hand). PyTorch raises NotImplementedError too (an operation missing
for a device): that is a crash, and the check explains it as one.
"""

from __future__ import annotations

import functools
import weakref

from ..messages import say

#: The functions a check found unsolved (weak: a function defined again is a new object).
_UNSOLVED: weakref.WeakSet = weakref.WeakSet()


class NotDone(NotImplementedError):
    """The student's function is still the stub: there is nothing to check yet.

    A NotImplementedError, so that code that waits for the stub's own error still sees one;
    the checks exported by helpers.checks catch it and return False.
    """

    def __init__(self, name: str, stub: BaseException):
        super().__init__(f"{name}: not done yet ({stub})")
        self.name, self.stub = name, stub


def is_stub(err: BaseException) -> bool:
    """True for the stub's error: NotImplementedError("Your turn: ...") or a bare one."""
    if isinstance(err, NotDone):
        return True
    return isinstance(err, NotImplementedError) and (
        not str(err) or str(err).startswith("Your turn"))


def not_done(name: str, fn, stub: BaseException) -> bool:
    """Print that exercise `name` is not done yet, remember `fn` as unsolved, return False."""
    try:
        _UNSOLVED.add(fn)
    except TypeError:  # an object that cannot be weakly referenced: nothing to remember
        pass
    said = f": {stub}" if str(stub) else ""
    print(say("{name}: not done yet. Your function still raises NotImplementedError{said}\n"
              "Write it in its cell (in place of the `raise` line), run that cell, then run this "
              "check again. The rest of the notebook runs without it.", name=name, said=said))
    return False


def returns_false_when_not_done(check):
    """`check` as it is, except that an unsolved stub prints "not done yet" and gives False."""
    @functools.wraps(check)
    def wrapper(fn, *args, **kwargs):
        try:
            return check(fn, *args, **kwargs)
        except NotImplementedError as err:
            if not is_stub(err):
                raise
            name = err.name if isinstance(err, NotDone) else check.__name__.removeprefix("check_")
            return not_done(name, fn, err.stub if isinstance(err, NotDone) else err)
    return wrapper


def yours_or_reference(yours, reference):
    """`yours` if it is written; the reference (with one printed line) if its check found the stub.

    Call it after the check cell: the check is what finds out that `yours` is still a stub.
    """
    try:
        unsolved = yours in _UNSOLVED
    except TypeError:
        unsolved = False
    if not unsolved:
        return yours
    where = f"{reference.__module__}.{reference.__qualname__}"
    print(say("{name} is not done yet: the cells below use the reference, {where}.",
              name=getattr(yours, "__name__", say("your function")), where=where))
    return reference
