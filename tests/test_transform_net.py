"""The transform network of notebook 09, its training loop, the style statistics, the explorers
and the instance-norm check: shapes, a loss that falls, determinism on CPU, Ctrl-C."""

import math

import pytest
import torch

from helpers import load_vgg, stylize
from helpers.checks import CheckFailed
from helpers.checks.transform import INSTANCE_NORM_MISTAKES, check_instance_norm
from helpers.inputs import InputError
from helpers.optimize import NonFiniteLossError
from helpers.style_stats import (STATISTICS, channel_mean_std, directions, style_distances,
                                 stylize_with)
from helpers.train_transform import make_net, random_crops, step_size, train_transform_net
from helpers.transform_net import (TransformNet, count_parameters, instance_norm, paint,
                                   upsampling_pattern)


@pytest.fixture(scope="module")
def model():
    return load_vgg("vgg19", "random", device="cpu")


@pytest.fixture(scope="module")
def data():
    gen = torch.Generator().manual_seed(2)
    smooth = torch.nn.functional.interpolate(torch.rand(2, 3, 6, 8, generator=gen),
                                             size=(48, 64), mode="bilinear", align_corners=False)
    photos = [smooth[:1], smooth[1:, :, :40, :56]]
    style = torch.rand(1, 3, 40, 40, generator=gen)
    return photos, style


def _train(model, data, steps, **kwargs):
    photos, style = data
    kwargs = {"crop": 32, "batch": 2, "progress": False, **kwargs}
    return train_transform_net(make_net(seed=1), style, photos, steps, model=model, **kwargs)


# --- the network -------------------------------------------------------------------------------

@pytest.mark.parametrize("shape", [(1, 3, 64, 64), (2, 3, 37, 50), (1, 3, 32, 45)])
def test_output_has_the_input_shape_and_range(shape):
    with torch.no_grad():
        out = make_net()(torch.rand(shape))
    assert out.shape == shape
    assert 0 <= float(out.min()) and float(out.max()) <= 1


def test_size_of_the_network():
    net = TransformNet()
    assert 270_000 < count_parameters(net) < 285_000
    assert count_parameters(net) * 4 < 2 * 1024 ** 2  # under 2 MB in float32
    with pytest.raises(ValueError, match="norm="):
        TransformNet(norm="group")
    with pytest.raises(ValueError, match=r"\(N, 3, H, W\)"):
        net(torch.rand(3, 32, 32))


def test_instance_norm_is_torchs_and_ignores_contrast():
    z = torch.randn(2, 5, 6, 7) * 3 + 1
    assert torch.allclose(instance_norm(z), torch.nn.functional.instance_norm(z), atol=1e-5)
    net = make_net().eval()
    image = torch.rand(1, 3, 32, 32) * 0.5 + 0.25
    first = torch.nn.Sequential(*list(net.down[0])[:3])  # pad, conv, instance norm
    assert torch.allclose(first(image), first(image * 1.8 - 0.2), rtol=1e-2, atol=5e-3)
    batch_first = torch.nn.Sequential(*list(make_net(norm="batch").eval().down[0])[:3])
    assert not torch.allclose(batch_first(image), batch_first(image * 1.8 - 0.2), atol=1e-2)


def test_from_photo_starts_as_the_photo():
    photo = torch.rand(1, 3, 36, 44)
    assert torch.allclose(paint(make_net(from_photo=True), photo), photo, atol=2e-3)
    plain = paint(make_net(), photo)  # Johnson et al.: no start from the photo
    assert (plain - photo).abs().mean() > 0.05


def test_paint_keeps_the_mode_and_needs_no_grad():
    net = make_net()
    net.train()
    out = paint(net, torch.rand(1, 3, 40, 40))
    assert net.training and not out.requires_grad and out.shape == (1, 3, 40, 40)


def test_upsampling_patterns():
    pattern = upsampling_pattern("transposed", 3)
    assert float(pattern.max() / pattern.min()) == 4
    for kernel in (2, 4):
        assert torch.allclose(upsampling_pattern("transposed", kernel), torch.tensor(1.0))
    for kernel in range(1, 7):
        assert torch.allclose(upsampling_pattern("nearest", kernel), torch.tensor(1.0))
    with pytest.raises(ValueError):
        upsampling_pattern("bilinear")


# --- training ----------------------------------------------------------------------------------

def test_random_crops_shape_range_and_seed(data):
    photos, _ = data
    a = random_crops(photos, 24, 5, torch.Generator().manual_seed(0))
    b = random_crops(photos, 24, 5, torch.Generator().manual_seed(0))
    assert a.shape == (5, 3, 24, 24) and torch.equal(a, b)
    assert 0 <= float(a.min()) and float(a.max()) <= 1


def test_the_loss_falls(model, data):
    result = _train(model, data, 30, lr=5e-3)
    curve = result.curve()
    assert result.steps == len(curve) == 30 and not result.interrupted
    assert sum(curve[-5:]) / 5 < 0.7 * sum(curve[:5]) / 5, curve
    assert {"total", "content", "style", "tv", "seconds", "lr"} <= set(result.history[0])
    assert not result.net.training
    rates = result.curve("lr")  # the step size falls from lr towards lr / 10, never rises
    assert rates[0] == 5e-3 and all(a >= b for a, b in zip(rates, rates[1:])) and rates[-1] < 1e-3


def test_step_size_falls_to_a_tenth_over_the_budget():
    assert step_size(1.0, 1, 100, 0.0, None) == 1.0
    assert math.isclose(step_size(1.0, 51, 100, 0.0, None), 0.55)
    assert math.isclose(step_size(1.0, 101, 100, 0.0, None), 0.1)
    # The time budget counts when it is spent faster than the steps, and never below a tenth.
    assert math.isclose(step_size(1.0, 2, 100, 30.0, 60.0), 0.55)
    assert math.isclose(step_size(1.0, 2, 100, 600.0, 60.0), 0.1)


def test_max_seconds_ends_training_after_a_finished_step(model, data):
    result = _train(model, data, 50, max_seconds=0.0)
    assert result.out_of_time and result.steps == 1 and not result.interrupted
    assert not _train(model, data, 2, max_seconds=60.0).out_of_time


def test_random_crops_can_shuffle_colours(data):
    photos, _ = data
    plain = random_crops(photos, 24, 6, torch.Generator().manual_seed(3))
    shuffled = random_crops(photos, 24, 6, torch.Generator().manual_seed(3), shuffle_colours=True)
    assert shuffled.shape == plain.shape and not torch.equal(shuffled, plain)
    # The first crop is cut at the same place; its colours are the same, in another order.
    assert torch.allclose(shuffled[0].sum(0), plain[0].sum(0))


def test_deterministic_on_cpu(model, data):
    a, b = _train(model, data, 4), _train(model, data, 4)
    assert a.curve() == b.curve()
    for x, y in zip(a.net.state_dict().values(), b.net.state_dict().values()):
        assert torch.equal(x, y)


def test_global_random_generators_untouched(model, data):
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    _train(model, data, 2)
    assert torch.equal(torch.rand(3), expected)


def _weights(net):
    return [t.clone() for t in net.state_dict().values()]


def test_ctrl_c_keeps_the_weights_of_the_last_finished_step(model, data):
    seen = {}

    def stop_at_three(step, net, losses):
        seen[step] = _weights(net)
        if step == 3:
            raise KeyboardInterrupt

    result = _train(model, data, 20, callback=stop_at_three)
    assert result.interrupted and result.steps == 3 and len(result.history) == 3
    assert all(torch.equal(x, y) for x, y in zip(_weights(result.net), seen[3]))


def test_ctrl_c_half_way_through_a_step_undoes_that_step(model, data, monkeypatch):
    photos, style = data
    net = make_net(seed=1)
    after = {}

    def remember(step, net, losses):
        after[step] = _weights(net)

    real_step = torch.optim.Adam.step
    calls = {"n": 0}

    def step_then_stop(self, *args, **kwargs):
        calls["n"] += 1
        out = real_step(self, *args, **kwargs)   # the weights change ...
        if calls["n"] == 3:
            raise KeyboardInterrupt              # ... and Stop arrives before the step is done
        return out

    monkeypatch.setattr(torch.optim.Adam, "step", step_then_stop)
    result = train_transform_net(net, style, photos, 10, model=model, crop=32, batch=2,
                                 progress=False, callback=remember)
    assert result.interrupted and result.steps == 2
    assert all(torch.equal(x, y) for x, y in zip(_weights(net), after[2]))


def test_nan_restores_the_last_good_weights(model, data):
    photos, style = data
    net = make_net(seed=1)
    kept = {}

    def poison(step, net, losses):
        kept[step] = _weights(net)
        if step == 2:
            with torch.no_grad():
                net.up[-1][1].weight.fill_(float("nan"))

    with pytest.raises(NonFiniteLossError, match="step 3") as failure:
        train_transform_net(net, style, photos, 10, model=model, crop=32, batch=2,
                            progress=False, callback=poison)
    assert failure.value.result.steps == 2
    assert all(torch.equal(x, y) for x, y in zip(_weights(net), kept[2]))


@pytest.mark.parametrize("kwargs, words", [({"crop": 0}, "crop=0"), ({"batch": 2.5}, "batch=2.5"),
                                           ({"lr": -1.0}, "lr=")])
def test_bad_settings_are_refused_before_work(model, data, kwargs, words):
    with pytest.raises(InputError, match=words):
        _train(model, data, 3, **kwargs)
    with pytest.raises(InputError, match="empty"):
        train_transform_net(make_net(), data[1], [], 3, model=model)


# --- what is style, statistically ---------------------------------------------------------------

def test_gram_statistic_is_stylize(model, data):
    photos, style = data
    a = stylize(photos[0], style, model=model, steps=6, autocast_dtype=None, progress=False)
    b = stylize_with(photos[0], style, "gram", model=model, steps=6, progress=False)
    assert a.curve() == b.curve() and torch.equal(a.image, b.image)


def test_texture_synthesis_with_a_statistic_starts_from_noise(model, data):
    photos, style = data
    result = stylize_with(photos[0], style, "sliced", model=model, steps=4, content_weight=0.0,
                          init="noise", progress=False)
    assert result.history[0]["content"] > 0.5 and result.image.shape == photos[0].shape  # noise
    again = stylize_with(photos[0], style, "sliced", model=model, steps=4, content_weight=0.0,
                         init="noise", progress=False)
    assert torch.equal(result.image, again.image)


@pytest.mark.parametrize("statistic", STATISTICS)
def test_each_statistic_lowers_its_own_loss(model, data, statistic):
    photos, style = data
    result = stylize_with(photos[0], style, statistic, model=model, steps=15, progress=False)
    assert result.curve("style")[-1] < 0.7 * result.curve("style")[0]
    with pytest.raises(ValueError, match="statistic"):
        stylize_with(photos[0], style, "histogram", model=model, steps=2)


def test_what_each_statistic_sees(model):
    gen = torch.Generator().manual_seed(4)
    image = torch.rand(1, 3, 48, 48, generator=gen)
    moved = torch.roll(image, shifts=20, dims=-1)  # the same pixels in other places
    for value in style_distances(moved, image, model).values():
        assert value < 0.05
    features = torch.rand(1, 4, 6, 6, generator=gen)
    stats = channel_mean_std(features)
    assert stats.shape == (1, 8)
    assert torch.allclose(stats[0, :4], features.mean((2, 3))[0])
    basis = directions(16)
    assert torch.allclose(basis.T @ basis, torch.eye(16), atol=1e-5)
    assert torch.equal(basis, directions(16))


def test_sliced_statistic_sees_what_mean_std_misses(model):
    """Two feature maps with equal channel means and spreads, but channels that fire together
    in one and apart in the other: mean_std sees no difference, gram and sliced do."""
    from helpers.style_stats import make_target, statistic_loss
    base = torch.rand(1, 1, 8, 8, generator=torch.Generator().manual_seed(5))
    together = torch.cat([base, base], dim=1)
    apart = torch.cat([base, base.flip(-1).flip(-2)], dim=1)
    losses = {s: float(statistic_loss(s, apart, make_target(s, together))) for s in STATISTICS}
    assert losses["mean_std"] < 1e-6
    assert losses["gram"] > 1e-3 and losses["sliced"] > 1e-3


# --- the exercise check -------------------------------------------------------------------------

def test_check_passes_the_reference_and_torchs(capsys):
    assert check_instance_norm(instance_norm)
    assert check_instance_norm(lambda z: torch.nn.functional.instance_norm(z))
    assert "instance_norm: all 6 checks passed" in capsys.readouterr().out


@pytest.mark.parametrize("message, mistake", INSTANCE_NORM_MISTAKES,
                         ids=[m[:30] for m, _ in INSTANCE_NORM_MISTAKES])
def test_check_names_each_known_mistake(message, mistake):
    with pytest.raises(CheckFailed) as failure:
        check_instance_norm(mistake)
    assert message in str(failure.value)


def test_check_other_mistakes():
    def in_place(z):
        z -= z.mean((2, 3), True)
        return z / (z.var((2, 3), unbiased=False, keepdim=True) + 1e-5).sqrt()

    def no_eps(z):
        return (z - z.mean((2, 3), True)) / z.std((2, 3), unbiased=False, keepdim=True)

    def detached(z):
        return instance_norm(z).detach()

    for fn, words in [(in_place, "in place"), (no_eps, "constant channel"),
                      (detached, "no gradient")]:
        with pytest.raises(CheckFailed, match=words):
            check_instance_norm(fn)

    def stub(z):
        raise NotImplementedError("Your turn: normalise")

    with pytest.raises(NotImplementedError, match="Your turn"):
        check_instance_norm(stub)


# --- the explorers ------------------------------------------------------------------------------

def test_painter_explorer_paints_each_choice():
    from helpers.widgets import painter_explorer
    images = {"a": torch.rand(1, 3, 40, 60), "b": torch.rand(1, 3, 50, 50)}
    explorer = painter_explorer(make_net(), images, sizes=(32, 48, 64))
    assert explorer.error.value == "" and explorer.renders == 1
    assert explorer.last_figure_data.shape == (32, 48, 3)  # the second size, landscape
    explorer.image.value = "b"
    explorer.size.value = 64
    assert explorer.error.value == "" and explorer.last_figure_data.shape == (64, 64, 3)
    assert explorer.milliseconds > 0 and explorer.renders == 3


def test_upsampling_explorer_shows_the_checkerboard():
    from helpers.widgets import upsampling_explorer
    explorer = upsampling_explorer()
    first = explorer.last_figure_data
    assert first.max() / first.min() == pytest.approx(4.0)
    explorer.kind.value = "nearest upsampling, then convolution"
    assert explorer.last_figure_data.max() == pytest.approx(explorer.last_figure_data.min())
    explorer.kernel.value = 1
    explorer.kind.value = "transposed convolution, stride 2"
    assert explorer.error.value == "" and explorer.last_figure_data.min() == 0  # holes
