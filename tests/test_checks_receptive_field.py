"""check_receptive_fields (notebook 02): the reference passes and gives layer_table's numbers;
each planted mistake gets its own message."""

import pytest
import torch

from helpers import layer_table
from helpers.checks import CheckFailed, check_receptive_fields, receptive_fields


def test_reference_passes(capsys):
    assert check_receptive_fields(receptive_fields) is True
    assert "receptive_fields: all 6 checks passed" in capsys.readouterr().out


@pytest.mark.parametrize("arch", ["vgg19", "vgg16"])
def test_reference_gives_the_layer_table(arch):
    rows = layer_table(arch, None)
    assert receptive_fields([row["kind"] for row in rows]) == [row["receptive_field"] for row in rows]


def walk(kinds, start=1, conv=2, pool=1, relu=0, doubles=True, double_first=False, grow=None):
    """The rules with one of them changed: the planted mistakes below."""
    r, j, fields = start, 1, []
    for kind in kinds:
        if kind == "conv":
            r = grow(r) if grow else r + conv * j
        elif kind == "pool":
            if double_first:
                j *= 2
            r += pool * j
            if doubles and not double_first:
                j = 2 * j if doubles is True else j + 1
        else:
            r += relu
        fields.append(r)
    return fields


# Formula variants: one rule is wrong.
def starts_at_0(kinds):
    return walk(kinds, start=0)


def conv_adds_j(kinds):
    return walk(kinds, conv=1)


def conv_adds_3j(kinds):
    return walk(kinds, conv=3)


def conv_multiplies(kinds):
    return walk(kinds, grow=lambda r: 3 * r)


def jump_never_doubles(kinds):
    return walk(kinds, doubles=False)


def jump_grows_by_one(kinds):
    return walk(kinds, doubles="plus one")


def doubles_j_before_adding(kinds):
    return walk(kinds, double_first=True)


def pool_adds_nothing(kinds):
    return walk(kinds, pool=0)


def relu_adds_2(kinds):
    return walk(kinds, relu=2)


def pool_doubles_r(kinds):
    r, j, fields = 1, 1, []
    for kind in kinds:
        if kind == "conv":
            r += 2 * j
        elif kind == "pool":
            r, j = 2 * r, 2 * j
        fields.append(r)
    return fields


# Not formula variants: what comes back, the order, the input, state kept between calls.
def last_value_only(kinds):
    return receptive_fields(kinds)[-1]


def skips_the_relus(kinds):
    return [r for r, kind in zip(receptive_fields(kinds), kinds) if kind != "relu"]


def with_the_input(kinds):
    return [1] + receptive_fields(kinds)


def value_before_each_layer(kinds):
    return [1] + receptive_fields(kinds)[:-1]


def returns_the_jumps(kinds):
    j, jumps = 1, []
    for kind in kinds:
        j *= 2 if kind == "pool" else 1
        jumps.append(j)
    return jumps


def reversed_result(kinds):
    return receptive_fields(kinds)[::-1]


def reads_from_the_end(kinds):
    return receptive_fields(list(reversed(kinds)))


def empties_the_list(kinds):
    fields, r, j = [], 1, 1
    while kinds:
        kind = kinds.pop(0)
        if kind == "conv":
            r += 2 * j
        elif kind == "pool":
            r, j = r + j, 2 * j
        fields.append(r)
    return fields


STATE = {"r": 1, "j": 1}


def keeps_state(kinds):
    fields = []
    for kind in kinds:
        if kind == "conv":
            STATE["r"] += 2 * STATE["j"]
        elif kind == "pool":
            STATE["r"] += STATE["j"]
            STATE["j"] *= 2
        fields.append(STATE["r"])
    return fields


VGG19 = receptive_fields([row["kind"] for row in layer_table("vgg19", None)])


def vgg19_hard_coded(kinds):
    return list(VGG19)


def generator(kinds):
    return (r for r in receptive_fields(kinds))


def tensor(kinds):
    return torch.tensor(receptive_fields(kinds))


def halves(kinds):
    return [r / 2 * 2 + 0.5 for r in receptive_fields(kinds)]


FORMULA = [
    (starts_at_0, "starts from r = 0"),
    (conv_adds_j, "a 3x3 conv at the input takes r from 1 to 2 in yours: it adds j = 1"),
    (conv_adds_3j, "adds 3 (the kernel size), but a 3x3 conv adds (3 - 1) j = 2j"),
    (conv_multiplies, "a second conv takes r from 3 to 9 in yours (it multiplies r by 3)"),
    (jump_never_doubles, "after one pool a conv takes r from 2 to 4 in yours (j did not double)"),
    (jump_grows_by_one, "after two pools a conv takes r from 4 to 10 in yours (2j with j = 3)"),
    (doubles_j_before_adding, "a 2x2 pool at the input takes r from 1 to 3 in yours"),
    (pool_adds_nothing, "a 2x2 pool at the input takes r from 1 to 1 in yours: it adds nothing"),
    (relu_adds_2, "a ReLU changes r in yours: after a conv it takes r from 3 to 5"),
    (pool_doubles_r, "a pool after one conv takes r from 3 to 6 in yours: it doubles r"),
]
STRUCTURE = [
    (last_value_only, "returned one number (268) for 37 layers"),
    (skips_the_relus, "returned 21 values for 37 layers: none for the 16 ReLUs"),
    (with_the_input, "yours starts with r = 1 for the input itself"),
    (value_before_each_layer, "gives each layer the r from BEFORE it"),
    (returns_the_jumps, "returned the jumps j, not the receptive fields r"),
    (reversed_result, "returned the right values in reverse order"),
    (reads_from_the_end, "reads the layers from the last to the first"),
    (empties_the_list, "changed the list `kinds` in place: it had 37 layers and now has none"),
    (keeps_state, "gives another answer when called again with the same 37 layers"),
    (vgg19_hard_coded, "returns VGG-19's 37 values for a list of 31 other layers"),
    (generator, "returned a generator (wrap it in list(...))"),
    (tensor, "returned a Tensor. Return a Python list of whole numbers"),
    (halves, "item 0 of your list is 3.5: a receptive field is a whole number of pixels"),
]


@pytest.mark.parametrize("mistake, words", FORMULA + STRUCTURE,
                         ids=[f.__name__ for f, _ in FORMULA + STRUCTURE])
def test_each_mistake_is_named(mistake, words):
    STATE.update(r=1, j=1)
    with pytest.raises(CheckFailed, match="^receptive_fields: ") as failure:
        check_receptive_fields(mistake)
    assert words in str(failure.value)


def test_enough_planted_mistakes():
    assert len(FORMULA) + len(STRUCTURE) >= 8 and len(STRUCTURE) >= len(FORMULA)
