"""What is wrong with something given as an image, in words: the problem and the line that fixes it.

inputs.check_image asks these two when a value is not a tensor, or a tensor not shaped
(1, 3, H, W); the message comes back in the reader's language (say, in this package).
"""

from __future__ import annotations

from . import say


def shape_problem(shape: tuple, name: str, batch: bool) -> str | None:
    """What is wrong with an image's shape, and the line that fixes it (None: fine)."""
    dims = len(shape)
    if dims == 4 and shape[1] == 3:
        if shape[0] != 1 and not batch:
            return say("{name} is a batch of {count} images {shape}; the helpers want (1, 3, H, "
                       "W): give one at a time, {name}[i:i + 1] (several styles: a list)",
                       name=name, count=shape[0], shape=shape)
        return None
    want = say("(N, 3, H, W): RGB images") if batch else say("(1, 3, H, W): one RGB image")
    expected = say("{name} has shape {shape}; the helpers want {want}.", name=name, shape=shape,
                   want=want)
    channels_last = shape[-1] in (3, 4) and dims in (3, 4) and shape[-3] not in (1, 3, 4)
    if dims == 2:
        fix = say("a grey (H, W) picture: make three channels with {name}.expand(1, 3, -1, -1)",
                  name=name)
    elif channels_last:
        fix = say("the colours come last, as in NumPy, PIL or matplotlib: use {name}.permute("
                  "{order}{alpha}", name=name,
                  order="2, 0, 1).unsqueeze(0)" if dims == 3 else "0, 3, 1, 2)",
                  alpha=say(" and drop the 4th (alpha) channel with [:, :3]")
                  if shape[-1] == 4 else "")
    elif dims == 3 and shape[0] == 3:
        fix = say("add the batch dimension: {name}.unsqueeze(0)", name=name)
    elif dims in (3, 4) and shape[-3] == 1:
        fix = say("one grey channel: make three with {name}.expand(1, 3, -1, -1)", name=name)
    elif dims in (3, 4) and shape[-3] == 4:
        fix = say("4 channels (RGBA): keep the colours with {name}{index}; load_image lays "
                  "transparent parts on white for you", name=name,
                  index="[:, :3]" if dims == 4 else "[:3].unsqueeze(0)")
    else:
        fix = say("an image is (1, 3, H, W), RGB, values in [0, 1]; load_image(path) gives one")
    return say("{expected} It looks like {fix}.", expected=expected, fix=fix)


def not_a_tensor(value, name: str) -> str:
    """What to do with a value that is not a tensor: a NumPy array, a PIL picture, anything."""
    kind = type(value).__name__
    if kind == "ndarray":
        fix = say("convert it: torch.from_numpy(array).permute(2, 0, 1).unsqueeze(0).float() / "
                  "255 for an (H, W, 3) uint8 array")
    elif hasattr(value, "getpixel"):
        fix = say("pass its file path instead, or convert it: "
                  "torchvision.transforms.functional.to_tensor(picture).unsqueeze(0)")
    else:
        fix = say("give a tensor (1, 3, H, W) with values in [0, 1], or a file path")
    return say("{name} is a {kind}, not an image tensor: {fix}.", name=name, kind=kind, fix=fix)
