"""The Chinese edition's messages beyond the first ones (tests/test_zh_edition.py has those):
a check's specific findings (a named mistake, a fitted factor, a probe, an old idiom), the image
file errors, the training progress bar and the student edition's markdown stub, in Chinese with
the language set to zh (set_language or NST_LANG), and word for word English by default.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import torch

from helpers import ImageError, config, load_image, messages, save_image
from helpers.checks import CheckFailed, check_content_loss, check_gram_matrix
from helpers.checks.idioms import explain_error
from tools import student_edition

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def english(monkeypatch):
    monkeypatch.setattr(config, "_language", None)
    monkeypatch.delenv("NST_LANG", raising=False)
    yield
    monkeypatch.setattr(config, "_language", None)


def _failure(check, fn) -> str:
    with pytest.raises(CheckFailed) as caught:
        check(fn)
    return str(caught.value)


def _no_division(features, target):            # a named mistake (CONTENT_MISTAKES)
    return (features - target).pow(2).sum()


def _times_h(features, target):                 # a fitted factor (scale.py)
    return (features - target).pow(2).sum() / target.pow(2).sum() * features.shape[2]


def _raw_gram(features):                         # a named mistake (GRAM_MISTAKES)
    n, c, h, w = features.shape
    flat = features.reshape(n, c, h * w)
    return flat @ flat.transpose(1, 2)


def _no_batch(features):                         # a wrong shape, explained (gram_probes.py)
    n, c, h, w = features.shape
    flat = features.reshape(c, h * w)
    return flat @ flat.t() / (h * w)


def _missing_file_error(tmp_path) -> str:
    with pytest.raises(ImageError) as caught:
        load_image(tmp_path / "missing.png")
    return str(caught.value)


def _suffix_error(tmp_path) -> str:
    with pytest.raises(ImageError) as caught:
        save_image(torch.rand(1, 3, 8, 8), tmp_path / "result.xyz")
    return str(caught.value)


def test_the_findings_in_chinese(chinese):
    assert _failure(check_content_loss, _no_division) == (
        "content_loss: 忘了除以 ||P||^2 = sum(target^2)。我们的内容损失是相对误差："
        "sum((F - P)^2) / sum(P^2)。")
    scaled = _failure(check_content_loss, _times_h)
    assert "你的结果总是参考答案乘以 H。" in scaled and "sum((F - P)^2) * H / sum(P^2)" in scaled
    assert _failure(check_gram_matrix, _raw_gram).startswith("gram_matrix: 忘了除以 M = H*W")
    shape = _failure(check_gram_matrix, _no_batch)
    assert "缺少批量维度" in shape and "reshape 成 (N, C, H*W)" in shape
    retain = explain_error(TypeError("backward() got an unexpected keyword 'retain_variables'"))
    assert retain.startswith("backward(retain_variables=...) 是旧版 PyTorch")
    cuda = explain_error(AssertionError("Torch not compiled with CUDA enabled"))
    assert cuda.startswith("`.cuda()` 需要 NVIDIA GPU") and "不要在函数里移动张量" in cuda


def test_the_image_errors_in_chinese(chinese, tmp_path):
    missing = _missing_file_error(tmp_path)
    assert missing.startswith(f"{tmp_path / 'missing.png'}：没有这个文件。")
    assert "当前文件夹是" in missing
    assert "'.xyz' 不是 Pillow 能写入的图像格式" in _suffix_error(tmp_path)
    assert messages.translate("training") == "训练中"


def test_the_setting_chooses_chinese(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "_language", None)
    monkeypatch.setenv("NST_LANG", "zh")
    assert "没有这个文件" in _missing_file_error(tmp_path)
    assert CJK.search(_failure(check_gram_matrix, _raw_gram))


def test_english_by_default(english, tmp_path):
    assert _failure(check_content_loss, _no_division) == (
        "content_loss: forgot to divide by ||P||^2 = sum(target^2). Our content loss is a "
        "relative error: sum((F - P)^2) / sum(P^2).")
    assert "yours is always the reference times H. Yours computes sum((F - P)^2) * H / " \
        "sum(P^2); it should compute sum((F - P)^2) / sum(P^2)." in _failure(check_content_loss,
                                                                          _times_h)
    assert "the batch axis is missing" in _failure(check_gram_matrix, _no_batch)
    assert _missing_file_error(tmp_path) == (
        f"{tmp_path / 'missing.png'}: no such file. Check the name and the folder (the current "
        f"folder is {Path.cwd()}).")
    assert _suffix_error(tmp_path).endswith(
        "'.xyz' is not an image format Pillow can write. End it with .png, .jpg, .webp or .tif.")
    assert messages.translate("training") == "training"
    assert not any(CJK.search(text) for text in (_failure(check_gram_matrix, _raw_gram),
                                                 _failure(check_gram_matrix, _no_batch)))


def test_a_listed_message_is_the_english_until_said_again(chinese):
    from helpers.checks.losses import CONTENT_MISTAKES
    first = CONTENT_MISTAKES[0][0]
    assert first.startswith("forgot to divide") and messages.listed(first) is first
    assert messages.again(first).startswith("忘了除以")
    assert messages.again("a text nobody catalogued") == "a text nobody catalogued"


MARKDOWN = "Answer:\n### BEGIN SOLUTION\nThe Gram matrix forgets positions.\n### END SOLUTION"


@pytest.mark.parametrize(("folder", "stub"), [("notebooks", "*Your turn: write your answer here.*"),
                                              ("zh", "*动手试试：在这里写下你的答案。*")])
def test_the_markdown_stub_speaks_the_language_of_its_edition(tmp_path, folder, stub):
    import nbformat
    from nbformat.v4 import new_markdown_cell, new_notebook
    source = tmp_path / folder
    source.mkdir()
    nbformat.write(new_notebook(cells=[new_markdown_cell(MARKDOWN)]), source / "01_x.ipynb")
    written = student_edition.build(source, tmp_path / "out")
    cell = nbformat.read(next(iter(written)), as_version=4).cells[0]
    assert cell.source == f"Answer:\n{stub}"
    assert student_edition.language_of(source) == ("zh" if folder == "zh" else "en")


def _zero_grad_last(image, optimizer, loss_fn):   # zero_grad() after backward() (events.py)
    def closure():
        losses = loss_fn(image)
        losses["total"].backward()
        optimizer.zero_grad()
        return losses["total"]
    return closure


def _tv_along_w(image):                            # a named mistake (TV_MISTAKES)
    return (image[..., :, 1:] - image[..., :, :-1]).pow(2).mean()


def _flip_w(image):                                # the wrong axis (preprocess_probes.py)
    from helpers.weights import CAFFE_MEAN_BGR
    return image.flip(3) * 255 - image.new_tensor(CAFFE_MEAN_BGR).view(1, 3, 1, 1)


@pytest.mark.parametrize(("name", "fn", "english", "chinese"), [
    ("check_closure", _zero_grad_last, "your closure calls zero_grad() after backward()",
     "你的闭包在 backward() 之后调用了 zero_grad()"),
    ("check_total_variation_loss", _tv_along_w, "compared horizontal neighbours only",
     "只比较了水平方向的相邻像素"),
    ("check_to_caffe_input", _flip_w, "flips the wrong axis: yours gives the picture mirrored "
     "left to right (dim 3, the width).", "翻转错了维度：你的函数给出的图像是左右镜像（dim 3，宽度）的。"),
    ("check_receptive_fields", lambda kinds: [1 for _ in kinds], "a 3x3 conv at the input takes "
     "r from 1 to 1 in yours: it should add 2j = 2, giving 3.", "输入处的一个 3x3 卷积把 r 从 1 变成了 1"),
])
def test_the_other_exercises_speak_both(monkeypatch, name, fn, english, chinese):
    import helpers.checks as checks
    check = getattr(checks, name)
    monkeypatch.setattr(config, "_language", None)
    monkeypatch.delenv("NST_LANG", raising=False)
    text = _failure(check, fn)
    assert english in text and not CJK.search(text)
    config.set_language("zh")
    assert chinese in _failure(check, fn)
