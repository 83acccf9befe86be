"""load_vgg, layer names, extract_features, the in-place ReLU trap, the offline weights error."""

import time

import pytest
import torch
import torchvision

from helpers import WeightsUnavailableError, extract_features, layer_table, load_vgg, weights_file
from helpers.weights import torchvision_imagenet


@pytest.fixture(scope="module")
def random_vgg19():
    return load_vgg("vgg19", "random", device="cpu")


def test_layer_names_match_the_paper(random_vgg19):
    names = random_vgg19.names
    assert names[:5] == ["conv1_1", "relu1_1", "conv1_2", "relu1_2", "pool1"]
    assert names[21] == "conv4_2" and names[22] == "relu4_2"  # the paper's content layer
    assert names[-1] == "pool5" and names[-2] == "relu5_4"
    assert sum(n.startswith("conv") for n in names) == 16
    assert sum(n.startswith("pool") for n in names) == 5


def test_layer_table_vgg16_and_receptive_fields():
    rows = {r["name"]: r for r in layer_table("vgg16", 224)}
    assert "conv5_4" not in rows and rows["conv5_3"]["index"] == 28
    assert rows["relu4_2"]["channels"] == 512 and rows["relu4_2"]["size"] == (28, 28)
    assert rows["conv1_1"]["receptive_field"] == 3 and rows["pool1"]["receptive_field"] == 6
    assert rows["pool5"]["receptive_field"] == 212  # VGG-16's well-known value
    assert layer_table("vgg19", 256)[-1]["receptive_field"] == 268


def test_model_is_frozen_and_in_eval(random_vgg19):
    assert not random_vgg19.training
    assert all(not p.requires_grad for p in random_vgg19.parameters())


def test_random_weights_are_seeded():
    a, b = load_vgg("vgg19", "random", device="cpu"), load_vgg("vgg19", "random", device="cpu")
    assert torch.equal(a.layers[0].weight, b.layers[0].weight)


def test_extract_features_shapes_and_stops_early(random_vgg19):
    image = torch.rand(1, 3, 64, 96)
    calls = []
    hooks = [m.register_forward_hook(lambda *_: calls.append(1)) for m in random_vgg19.layers]
    feats = extract_features(random_vgg19, image, ["relu2_1", "conv1_1"])
    for hook in hooks:
        hook.remove()
    assert list(feats) == ["relu2_1", "conv1_1"]
    assert feats["relu2_1"].shape == (1, 128, 32, 48) and feats["conv1_1"].shape == (1, 64, 64, 96)
    assert len(calls) == random_vgg19.index["relu2_1"] + 1  # stopped after the deepest layer


def test_unknown_layer_lists_valid_names(random_vgg19):
    with pytest.raises(KeyError, match="conv4_2"):
        extract_features(random_vgg19, torch.rand(1, 3, 32, 32), ["conv4_9"])


def test_in_place_relu_trap_avoided(random_vgg19):
    """torchvision's ReLUs overwrite their input; a kept conv output would turn non-negative."""
    image = torch.rand(1, 3, 32, 32)
    trap = torchvision.models.vgg19(weights=None).features
    trap.load_state_dict(random_vgg19.layers.state_dict())
    kept = {}
    trap[0].register_forward_hook(lambda m, i, out: kept.setdefault("conv1_1", out))
    trap[:2]((image - random_vgg19.mean) / random_vgg19.std)
    assert float(kept["conv1_1"].detach().min()) >= 0  # the trap: negative conv values were erased

    feats = extract_features(random_vgg19, image, ["conv1_1", "relu1_1"])
    assert float(feats["conv1_1"].min()) < 0  # ours: a conv output stays a conv output
    assert torch.equal(feats["relu1_1"], feats["conv1_1"].clamp(min=0))


def test_normalisation_inside(random_vgg19):
    image = torch.rand(1, 3, 32, 32)
    manual = random_vgg19.layers[0]((image - torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1))
                                    / torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1))
    assert torch.allclose(extract_features(random_vgg19, image, "conv1_1")["conv1_1"], manual, atol=1e-5)


def test_avg_pooling():
    model = load_vgg("vgg16", "random", pooling="avg", device="cpu")
    assert all(not isinstance(m, torch.nn.MaxPool2d) for m in model.layers)
    assert sum(isinstance(m, torch.nn.AvgPool2d) for m in model.layers) == 5


@pytest.mark.parametrize("prefix, whole", [("", False), ("features.", False), ("features.", True)])
def test_weights_from_state_dict_file(tmp_path, prefix, whole):
    source = torchvision.models.vgg16(weights=None)
    state = source.state_dict() if whole else {prefix + k: v for k, v in source.features.state_dict().items()}
    torch.save(state, tmp_path / "w.pth")
    model = load_vgg(weights=tmp_path / "w.pth", device="cpu")  # arch found from the file: 13 convs
    assert model.arch == "vgg16"
    assert torch.equal(model.layers[28].weight, source.features[28].weight)


def test_wrong_arch_file_says_what_to_do(tmp_path):
    torch.save(torchvision.models.vgg16(weights=None).features.state_dict(), tmp_path / "w16.pth")
    with pytest.raises(ValueError, match="vgg16"):
        load_vgg("vgg19", weights=tmp_path / "w16.pth", device="cpu")
    with pytest.raises(ValueError, match="existing file"):
        load_vgg(weights=tmp_path / "nope.pth", device="cpu")
    (tmp_path / "junk.pth").write_text("not a state dict")
    with pytest.raises(ValueError, match="state-dict"):
        load_vgg(weights=tmp_path / "junk.pth", device="cpu")


def test_env_variables_choose_weights_and_arch(monkeypatch):
    monkeypatch.setenv("NST_WEIGHTS", "random")
    monkeypatch.setenv("NST_ARCH", "vgg16")
    model = load_vgg(device="cpu")
    assert model.arch == "vgg16" and model.weights == "random"


@pytest.mark.parametrize("name", ["torchvision", "imagenet"])  # "imagenet": the older name
def test_offline_torchvision_fails_fast_with_instructions(tmp_path, monkeypatch, name):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))  # an empty cache
    # Cut the network ourselves: on a machine that can reach the server this would otherwise
    # download 548 MB. A download attempt past our check would fail the test too.
    monkeypatch.setattr(torchvision_imagenet, "reachable", lambda host, timeout=3.0: False)
    monkeypatch.setattr(torchvision.models._api, "load_state_dict_from_url",
                        lambda *a, **k: pytest.fail("tried to download"))
    start = time.perf_counter()
    with pytest.raises(WeightsUnavailableError) as info:
        load_vgg("vgg19", name, device="cpu")
    assert time.perf_counter() - start < 15, "offline failure must come within seconds"
    message = str(info.value)
    assert "NST_WEIGHTS" in message and "vgg19-dcbb9e9d.pth" in message
    assert str(tmp_path) in message  # says where to put the file
    assert "unset NST_WEIGHTS" in message  # and that the default network needs no download


def test_imagenet_route_uses_torch_cache(tmp_path, monkeypatch):
    """A file already in the torch hub cache is used as is: the offline classroom route."""
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    source = torchvision.models.vgg16(weights=None)
    target = weights_file("vgg16")
    assert target.name == "vgg16-397923af.pth" and str(tmp_path) in str(target)
    target.parent.mkdir(parents=True)
    torch.save(source.state_dict(), target)
    model = load_vgg("vgg16", "torchvision", device="cpu")
    assert model.weights == "torchvision"
    assert torch.equal(model.layers[0].weight, source.features[0].weight)
