"""optimize_image and stylize: budgets, range, interrupts, NaN, determinism, and that it works."""

import os
import random
import re
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from helpers import (NonFiniteLossError, Objective, StyleTarget, content_loss, extract_features,
                     load_vgg, optimize_image, reconstruct_content, stylize, synthesize_texture)
from helpers.objective import content_targets, style_grams

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def model():
    return load_vgg("vgg19", "random", device="cpu")


@pytest.fixture(scope="module")
def images():
    gen = torch.Generator().manual_seed(1)
    content = torch.nn.functional.interpolate(torch.rand(1, 3, 8, 8, generator=gen), size=(48, 64),
                                              mode="bilinear", align_corners=False)
    style = torch.rand(1, 3, 40, 40, generator=gen)
    return content, style


@pytest.mark.parametrize("optimizer", ["lbfgs", "adam"])
def test_steps_count_loss_evaluations(model, images, optimizer):
    result = stylize(*images, model=model, steps=13, optimizer=optimizer, progress=False)
    assert result.evaluations == 13 and len(result.history) == 13
    assert {"total", "content", "style", "tv", "seconds"} <= set(result.history[0])
    assert result.seconds > 0


def test_result_in_range_and_shape_of_content(model, images):
    content, style = images
    result = stylize(content, style, model=model, steps=8, init="noise", progress=False)
    assert result.image.shape == content.shape  # style had another size and aspect
    assert 0 <= float(result.image.min()) and float(result.image.max()) <= 1
    assert result.best_loss == min(result.curve())


def test_style_loss_falls(model, images):
    result = stylize(*images, model=model, steps=30, progress=False)
    assert result.curve("style")[-1] < 0.5 * result.curve("style")[0]


def test_deterministic_on_cpu(model, images):
    a = stylize(*images, model=model, steps=6, init="noise", seed=3, progress=False)
    b = stylize(*images, model=model, steps=6, init="noise", seed=3, progress=False)
    assert torch.equal(a.image, b.image)


def test_keyboard_interrupt_keeps_best_image(model, images):
    def interrupt(step, image, losses):
        if step == 5:
            raise KeyboardInterrupt

    result = stylize(*images, model=model, steps=50, callback=interrupt, progress=False)
    assert result.interrupted and result.evaluations == 5
    assert result.image.shape == images[0].shape
    assert not torch.equal(result.image, images[0])  # it kept progress, not the start


def test_nan_loss_stops_with_clear_error(images):
    calls = []

    def loss_fn(image):
        calls.append(1)
        value = image.sum() * (float("nan") if len(calls) > 3 else 1.0)
        return {"total": value}

    with pytest.raises(NonFiniteLossError, match="nan at evaluation 4") as info:
        optimize_image(loss_fn, images[0], steps=20, optimizer="adam", progress=False)
    assert info.value.result.evaluations == 3


def test_callback_gets_detached_images(model, images):
    seen = []
    stylize(*images, model=model, steps=4, progress=False,
            callback=lambda step, image, losses: seen.append((step, image.requires_grad, losses["total"])))
    assert [s for s, _, _ in seen] == [1, 2, 3, 4] and not any(g for _, g, _ in seen)


def test_input_images_untouched(model, images):
    content, style = images
    before = content.clone(), style.clone()
    stylize(content, style, model=model, steps=4, progress=False)
    assert torch.equal(content, before[0]) and torch.equal(style, before[1])


def test_objective_uses_one_forward_pass(model, images):
    content, style = images
    objective = Objective(model, content_targets(model, content, ["relu4_2"]),
                          [StyleTarget(style_grams(model, style, ["relu1_1", "relu3_1"]))])
    assert objective.layers == ["relu4_2", "relu1_1", "relu3_1"]
    calls = []
    hook = model.layers[0].register_forward_hook(lambda *_: calls.append(1))
    objective(content)
    hook.remove()
    assert len(calls) == 1


def test_reconstruction_and_texture_lower_their_loss(model, images):
    content, style = images
    rec = reconstruct_content(content, "relu2_2", model=model, steps=20, progress=False)
    assert rec.curve()[-1] < 0.2 * rec.curve()[0]
    tex = synthesize_texture(style, ["relu1_1", "relu2_1"], size=(32, 48), model=model, steps=20,
                             progress=False)
    assert tex.image.shape == (1, 3, 32, 48) and tex.curve()[-1] < 0.5 * tex.curve()[0]


def test_bad_arguments(model, images):
    with pytest.raises(ValueError, match="optimizer"):
        stylize(*images, model=model, steps=2, optimizer="sgd", progress=False)
    with pytest.raises(ValueError, match="init"):
        stylize(*images, model=model, steps=2, init="zeros", progress=False)
    with pytest.raises(ValueError, match="blend"):
        stylize(images[0], [images[1], images[1]], blend=[1.0], model=model, steps=2, progress=False)


def test_lbfgs_without_line_search_keeps_the_budget(model, images):
    objective = Objective(model, content_targets(model, images[0], ["relu4_2"]),
                          [StyleTarget(style_grams(model, images[1], ["relu1_1"]))], 1.0, 10.0)
    plain = optimize_image(objective, images[0], 12, line_search=None, progress=False)
    assert plain.evaluations == 12
    assert plain.history[-1]["total"] < plain.history[0]["total"]



# --- Stop (Ctrl-C): one press stops the cell ---------------------------------------------------

def test_interrupt_inside_the_loss_keeps_the_best_image_and_says_so(images, capsys):
    calls = []

    def loss_fn(image):
        calls.append(1)
        if len(calls) == 4:  # the 4th evaluation is where Stop lands
            raise KeyboardInterrupt
        return {"total": ((image - 0.5) ** 2).mean()}

    result = optimize_image(loss_fn, images[0], steps=20, optimizer="adam", progress=False)
    assert result.interrupted and result.evaluations == 3 and len(result.history) == 3
    assert result.image.shape == images[0].shape
    assert not torch.equal(result.image, images[0])  # the best so far, not the start
    assert capsys.readouterr().out.count("Stopped after 3 of 20 evaluations") == 1


def test_a_loop_over_runs_stops_at_the_first_interrupted_one(model, images, capsys):
    """The pattern for every cell that loops over runs: `if result.interrupted: break`."""
    presses = {"left": 1}

    def stop_once(step, image, losses):
        if step == 2 and presses["left"]:
            presses["left"] -= 1
            raise KeyboardInterrupt

    done = []
    for beta in (1.0, 10.0, 100.0):
        result = stylize(*images, model=model, steps=6, style_weight=beta, callback=stop_once,
                         progress=False)
        done.append(result)
        if result.interrupted:
            break
    assert len(done) == 1 and done[0].interrupted and done[0].evaluations == 2
    assert capsys.readouterr().out.count("Stopped after") == 1


def test_coarse_to_fine_stopped_early_gives_the_requested_size(model, images, capsys):
    from helpers.multiscale import stylize_coarse_to_fine

    def stop(step, image, losses):
        if step == 2:
            raise KeyboardInterrupt

    content, style = images
    result = stylize_coarse_to_fine(content, style, model=model, sizes=[32, 64], steps=[5, 5],
                                    callback=stop, progress=False)
    assert result.interrupted and result.evaluations == 2
    assert {entry["stage"] for entry in result.history} == {0}  # stage 2 never ran
    assert result.image.shape == content.shape  # enlarged from 32 px to the final 48 x 64
    assert 0 <= float(result.image.min()) and float(result.image.max()) <= 1
    assert "no later stage runs" in capsys.readouterr().out


SIGINT_CHILD = r'''
import signal, sys, torch
signal.signal(signal.SIGINT, signal.default_int_handler)  # even if the parent ignores SIGINT
from helpers import stylize
from helpers.vgg import load_vgg
model = load_vgg("vgg19", "random", device="cpu")
g = torch.Generator().manual_seed(0)
content, style = torch.rand(1, 3, 48, 64, generator=g), torch.rand(1, 3, 40, 40, generator=g)

def tell(step, image, losses):
    if step == 2:
        print("RUNNING", flush=True)

runs = 0
for beta in (1.0, 10.0, 100.0):
    result = stylize(content, style, model=model, steps=400, style_weight=beta,
                     optimizer="adam", callback=tell, progress=False)
    runs += 1
    if result.interrupted:
        break
print("RUNS", runs, "EVALUATIONS", result.evaluations, flush=True)
'''


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX only")
def test_a_real_sigint_stops_a_loop_of_runs_once():
    """A real Ctrl-C (SIGINT) in a process that loops over three runs: the first run stops,
    keeps its image and prints one note; the loop ends; the process exits normally."""
    child = subprocess.Popen([sys.executable, "-c", SIGINT_CHILD], cwd=REPO,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        for line in child.stdout:
            if line.startswith("RUNNING"):
                child.send_signal(signal.SIGINT)
                break
        out, err = child.communicate(timeout=240)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, err[-2000:]
    assert out.count("Stopped after") == 1, out
    runs, evaluations = re.search(r"RUNS (\d+) EVALUATIONS (\d+)", out).groups()
    assert runs == "1" and 2 <= int(evaluations) < 400, out


# --- no hidden side effects ----------------------------------------------------------------------

def test_stylize_leaves_the_global_random_generators_alone(model, images):
    random.seed(7)
    np.random.seed(7)
    torch.manual_seed(7)
    before = random.getstate(), np.random.get_state()[1].copy(), torch.get_rng_state()
    stylize(*images, model=model, steps=3, init="noise", seed=5, progress=False)
    reconstruct_content(images[0], "relu2_2", model=model, steps=2, seed=5, progress=False)
    synthesize_texture(images[1], ["relu1_1"], model=model, steps=2, seed=5, progress=False)
    assert random.getstate() == before[0]
    assert np.array_equal(np.random.get_state()[1], before[1])
    assert torch.equal(torch.get_rng_state(), before[2])


def test_objective_with_styles_on_different_layers(model, images):
    content, style = images
    first = StyleTarget(style_grams(model, style, ["relu1_1", "relu2_1"]))
    second = StyleTarget(style_grams(model, style.flip(-1), ["relu3_1"]), weight=0.5)
    objective = Objective(model, content_targets(model, content, ["relu4_2"]), [first, second])
    assert objective.style_layers == ["relu1_1", "relu2_1", "relu3_1"]
    losses = objective(content)
    # Each style's own layers weigh 1 / (its number of layers), as for a single style; the
    # style term is the sum over styles of weight x that (the 0.5 is in `second`).
    alone = [Objective(model, {}, [target])(content)["style"] for target in (first, second)]
    torch.testing.assert_close(losses["style"], alone[0] + alone[1])
    result = optimize_image(objective, content, 4, progress=False)
    assert result.evaluations == 4 and result.curve()[-1] < result.curve()[0]


def test_default_model_follows_the_settings(monkeypatch):
    from helpers.vgg import default_model
    monkeypatch.setenv("NST_WEIGHTS", "random")
    monkeypatch.setenv("NST_ARCH", "vgg16")
    sixteen = default_model()
    assert (sixteen.arch, sixteen.weights) == ("vgg16", "random")
    assert default_model() is sixteen  # cached
    monkeypatch.setenv("NST_ARCH", "vgg19")
    nineteen = default_model()
    assert (nineteen.arch, nineteen.weights) == ("vgg19", "random")


def test_finished_is_false_and_says_so_when_any_run_was_stopped(capsys):
    from helpers import Result, finished
    done, stopped = Result(image=torch.zeros(1, 3, 8, 8)), Result(image=torch.zeros(1, 3, 8, 8))
    stopped.interrupted = True
    assert finished(done, {"a": done}, [done, done])
    assert capsys.readouterr().out == ""
    assert not finished({"a": done, "b": stopped})
    assert "stopped early" in capsys.readouterr().out
    assert not finished(done, [stopped])
