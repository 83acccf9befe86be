"""Self-check for notebook 02's exercise: the receptive field r of every layer of VGG, from the
kinds of its layers. `receptive_fields` is the reference (tests/test_checks_receptive_field.py shows
that it gives helpers.layer_table's numbers); `check_receptive_fields` tests the student's
version. Notebooks import both from helpers.checks (contract in its docstring).

How it finds the mistake: short lists of layers that test one rule each (a ReLU alone, one
conv, two convs, one pool, a pool after a conv, a conv after one pool and after two) say which
rule is wrong and by how much; the whole answer is also compared with the reference reversed,
shifted by one layer, and with the jumps j.
"""

from __future__ import annotations

import numbers

from ..messages import say
from ..vgg import layer_table
from .base import _Check

#: (kinds, the right answer): each list tests one rule, in the order a student meets them.
RULES = [(["conv", "relu"], [3, 3]), (["relu"], [1]), (["conv"], [3]), (["conv", "conv"], [3, 5]),
         (["pool"], [2]), (["conv", "pool"], [3, 4]), (["pool", "conv"], [2, 6]),
         (["pool", "pool"], [2, 4]), (["pool", "pool", "conv"], [2, 4, 12])]
OTHER = ["pool", "conv", "relu", "pool", "pool", "conv", "conv", "relu", "pool"]


def _walk(kinds) -> tuple[list[int], list[int]]:
    """(r, j) after each layer: a 3x3 conv adds 2j; a 2x2 pool adds j, then doubles j."""
    r, j, fields, jumps = 1, 1, [], []
    for kind in kinds:
        if kind == "conv":
            r += 2 * j
        elif kind == "pool":
            r, j = r + j, 2 * j
        elif kind != "relu":
            raise ValueError(f"unknown kind of layer {kind!r}: use 'conv', 'relu' or 'pool'")
        fields.append(r)
        jumps.append(j)
    return fields, jumps


def receptive_fields(kinds) -> list[int]:
    """The receptive field r (pixels) after each layer of `kinds` ("conv", "relu" or "pool")."""
    return _walk(kinds)[0]


def _kinds(arch: str) -> list[str]:
    return [row["kind"] for row in layer_table(arch, None)]


def _as_list(out, kinds) -> list | str:
    """`out` as a list of whole numbers, or what is wrong with it."""
    right = receptive_fields(kinds)
    if isinstance(out, numbers.Number):
        last = say(" It is the receptive field of the last layer.") if out == right[-1] else ""
        return say("returned one number ({out}) for {count} layers. Return a list with one r for "
                   "each layer: append r after each layer.{last}", out=out, count=len(kinds),
                   last=last)
    if out is None:
        return say("returned None. End the function with `return` and the list of receptive "
                   "fields.")
    if not isinstance(out, (list, tuple)):
        kind = type(out).__name__
        extra = say(" (wrap it in list(...))") if kind == "generator" else ""
        return say("returned a {kind}{extra}. Return a Python list of whole numbers, one per "
                   "layer.", kind=kind, extra=extra)
    for i, value in enumerate(out):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            return say("item {i} of your list is a {kind}. Each item must be one whole number: "
                       "the receptive field r after that layer (an int).", i=i,
                       kind=type(value).__name__)
        if not float(value).is_integer():
            return say("item {i} of your list is {value}: a receptive field is a whole number of "
                       "pixels. Keep r and j as ints (use * and //, not /).", i=i, value=value)
    return [int(v) for v in out]


def _length_text(values: list, kinds) -> str:
    n, k = len(kinds), len(values)
    counts = {kind: sum(x == kind for x in kinds) for kind in ("conv", "relu", "pool")}
    if values == receptive_fields(_kinds("vgg19")) and kinds != _kinds("vgg19"):
        return say("returns VGG-19's {k} values for a list of {n} other layers. Compute r from "
                   "`kinds`, layer by layer.", k=k, n=n)
    if k == n + 1 and values and values[0] == 1:
        return say("returned {k} values for {n} layers: yours starts with r = 1 for the input "
                   "itself. Return one value per layer: r after that layer.", k=k, n=n)
    if k == counts["conv"] + counts["pool"] and counts["relu"]:
        return say("returned {k} values for {n} layers: none for the {relus} ReLUs. Append r "
                   "after every layer, the ReLUs too (a ReLU keeps r as it is).", k=k, n=n,
                   relus=counts["relu"])
    return say("returned {k} values for {n} layers. Return one r per layer, in the order of "
               "`kinds`.", k=k, n=n)


def _rule_text(kinds, got) -> str | None:
    """Which rule the short list `kinds` shows to be wrong (None: not the one it tests)."""
    last = got[-1]
    before = got[-2] if len(got) > 1 else None
    if kinds == ["conv", "relu"]:
        return None if last == before else say(
            "a ReLU changes r in yours: after a conv it takes r from {before} to {last}. A ReLU "
            "looks at one value only, so it keeps r (and j) as they are.", before=before,
            last=last)
    if kinds == ["relu"]:
        return say("starts from r = {last}: before any layer a value sees one pixel, so start "
                   "with r = 1 (and j = 1). A ReLU keeps r.", last=last)
    if kinds == ["conv"]:
        words = {2: say("adds j = 1, but a 3x3 conv adds 2j (its window reaches one pixel "
                        "further on each side)"),
                 4: say("adds 3 (the kernel size), but a 3x3 conv adds (3 - 1) j = 2j")}
        return say("a 3x3 conv at the input takes r from 1 to {last} in yours: it {how}.",
                   last=last, how=words.get(last) or say("should add 2j = 2, giving 3"))
    if kinds == ["conv", "conv"]:
        how = say(" (it multiplies r by 3)") if last == 9 else ""
        return say("a second conv takes r from 3 to {last} in yours{how}. A conv adds 2j, and j "
                   "is still 1 before any pool: 3 + 2 = 5.", last=last, how=how)
    if kinds == ["pool"]:
        words = {1: say("adds nothing, but a 2x2 pool adds j (1 here) and then doubles j"),
                 3: say("adds 2 where j = 1. A pool adds j and then doubles j (doubling j first "
                        "would add 2)")}
        return say("a 2x2 pool at the input takes r from 1 to {last} in yours: it {how}.",
                   last=last, how=words.get(last) or say("should add j = 1, giving 2"))
    if kinds == ["conv", "pool"]:
        how = say(": it doubles r. A pool adds j to r and doubles j, not r") \
            if last == 2 * before else say(". A pool adds j = 1")
        return say("a pool after one conv takes r from {before} to {last} in yours{how}: 3 + 1 = "
                   "4.", before=before, last=last, how=how)
    if kinds == ["pool", "conv"]:
        how = say(" (j did not double)") if last == before + 2 else ""
        return say("after one pool a conv takes r from {before} to {last} in yours{how}. A 2x2 "
                   "pool doubles j, so the conv after it adds 2j = 4: r = 2 + 4 = 6.",
                   before=before, last=last, how=how)
    if kinds == ["pool", "pool"]:
        return say("a second pool takes r from {before} to {last} in yours. After one pool j = 2, "
                   "so the second pool adds 2: r = 4 (and j becomes 4).", before=before,
                   last=last)
    jump = (last - before) / 2
    return say("after two pools a conv takes r from {before} to {last} in yours (2j with j = "
               "{jump:g}). j doubles at each pool (1, 2, 4, 8, 16), so j = 4 there and r = 12.",
               before=before, last=last, jump=jump)


def _wrong_text(fn, kinds, values: list) -> str:
    """Why `values` are not the receptive fields of `kinds`."""
    right, jumps = _walk(kinds)
    if values == right[::-1]:
        return say("returned the right values in reverse order: the first value is for "
                   "kinds[0].")
    if values == receptive_fields(kinds[::-1]):
        return say("reads the layers from the last to the first. Go from the input to the "
                   "output: kinds[0] is the layer next to the image.")
    if values == [1] + right[:-1]:
        return say("gives each layer the r from BEFORE it (shifted by one layer). Update r for "
                   "the layer first, then append it.")
    if values == jumps:
        return say("returned the jumps j, not the receptive fields r.")
    for probe, answer in RULES:
        try:
            got = _as_list(fn(list(probe)), probe)
        except Exception:  # a rule that crashes: the other rules may still say what is wrong
            continue
        if isinstance(got, list) and len(got) == len(answer) and got != answer:
            text = _rule_text(probe, got)
            if text:
                return text
    i = next(i for i, (a, b) in enumerate(zip(values, right)) if a != b)
    r, j = (right[i - 1], jumps[i - 1]) if i else (1, 1)
    return say("is first wrong at layer {i} ({kind}): yours gives r = {value}, expected {right} "
               "(before it r = {r} and j = {j}; a conv adds 2j, a pool adds j and doubles j, a "
               "ReLU keeps r).", i=i, kind=kinds[i], value=values[i], right=right[i], r=r, j=j)


def check_receptive_fields(fn) -> bool:
    """Check `fn(kinds) -> list of r` (contract: helpers.checks). Six checks: a list of whole
    numbers; `kinds` unchanged; one value per layer; VGG-19's fields; VGG-16's and another
    list's; the same answer when called again (nothing kept between calls)."""
    check = _Check("receptive_fields", fn)
    cases = [_kinds("vgg19"), _kinds("vgg16"), OTHER]
    for number, kinds in enumerate(cases):
        given = list(kinds)
        values = _as_list(check.call(given), kinds)
        if isinstance(values, str):
            check.fail(values, diagnose=False)
        if given != kinds:
            now = say("{count}, starting {first}", count=len(given), first=given[:3]) \
                if given else say("none")
            check.fail(say("changed the list `kinds` in place: it had {count} layers and now has "
                           "{now}. list.pop, .remove, .reverse and .sort change the caller's "
                           "list: read it with `for kind in kinds`.", count=len(kinds), now=now),
                       diagnose=False)
        if len(values) != len(kinds):
            check.fail(_length_text(values, kinds), diagnose=False)
        again = _as_list(check.call(list(kinds)), kinds)
        if again != values:
            check.fail(say("gives another answer when called again with the same {count} "
                           "layers (first {first}..., then {then}...). Set r = 1 and j = 1 inside "
                           "the function, so that each call starts afresh.", count=len(kinds),
                           first=values[:4], then=again[:4]), diagnose=False)
        if values != receptive_fields(kinds):
            check.fail(_wrong_text(fn, kinds, values), diagnose=False)
        if number == 0:
            for _ in range(4):  # a list; kinds unchanged; one per layer; VGG-19's fields
                check.ok()
    check.ok()  # VGG-16 and another list
    check.ok()  # the same answer twice
    return check.done()
