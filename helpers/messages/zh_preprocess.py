"""简体中文 for notebook 01's exercise check, to_caffe_input (checks/preprocess.py and
preprocess_probes.py): the form of the result, the pixel map, the mean, the scale, the device.

{english template: Chinese template}; the fields are the same (tests/test_zh_edition.py checks).
B, G, R and the numbers of the mean stay as they are.
"""

ZH = {
    # preprocess.py: the form of the result, the crashes, the device
    ("returned a NumPy array. Stay in PyTorch (image.flip(1) * 255 - mean), so the result can "
     "go straight into the network."):
        "返回的是 NumPy 数组。请一直使用 PyTorch（image.flip(1) * 255 - mean），这样结果可以直接"
        "送进网络。",
    "returned a {kind}. Return a torch tensor of the input's shape.":
        "返回的是 {kind}。请返回与输入形状相同的 torch 张量。",
    ("dropped the batch axis N: yours has shape {shape} for an input of shape {given}. Keep all "
     "four axes (no [0] and no .squeeze())."):
        "丢掉了批量维度 N：输入的形状是 {given}，你的结果形状却是 {shape}。请保留全部四个维度（不"
        "要用 [0]，也不要用 .squeeze()）。",
    ("kept only the first image of a batch of {n}: yours has shape {shape}. Prepare every image "
     "of the batch."):
        "在 {n} 张图像组成的批量中只保留了第一张：你的结果形状为 {shape}。请处理批量中的每一张图"
        "像。",
    ("returned channels last, (N, H, W, C) = {shape}, as OpenCV stores images. Caffe's network, "
     "like every PyTorch network, takes (N, C, H, W): do not permute the axes."):
        "把通道放在了最后，(N, H, W, C) = {shape}，这是 OpenCV 存储图像的方式。Caffe 的网络和所有"
        " PyTorch 网络一样，接受 (N, C, H, W)：不要调换维度。",
    "expected the input's shape {given}, got {shape}.":
        "应与输入形状 {given} 相同，得到的却是 {shape}。",
    ("returned whole numbers ({dtype}). Caffe's input is float, and it is negative where a "
     "pixel is darker than the mean: keep float32 (.byte() or .to(torch.uint8) gives this)."):
        "返回的是整数（{dtype}）。Caffe 的输入是浮点数，像素比均值暗的地方是负数：请保持 float32"
        "（.byte() 或 .to(torch.uint8) 会得到整数）。",
    ("returned {dtype} values; the network's weights are float32, so it would refuse this "
     "input. Make the mean a float32 tensor next to the image: image.new_tensor(CAFFE_MEAN_BGR) "
     "(a NumPy array gives float64)."):
        "返回的是 {dtype} 的值；网络的权重是 float32，所以它不会接受这样的输入。请把均值做成与图"
        "像在同一设备上的 float32 张量：image.new_tensor(CAFFE_MEAN_BGR)（用 NumPy 数组会得到 flo"
        "at64）。",
    ("the 3 numbers of the mean were lined up with dim {dim} of the image, not with the "
     "channels (dim 1): PyTorch matches shapes from the right. Give the mean the shape (1, 3, "
     "1, 1): mean.view(1, 3, 1, 1).\n(It raised: {text})"):
        "均值的 3 个数对齐到了图像的第 {dim} 维，而不是通道（dim 1）：PyTorch 从右边开始匹配形状"
        "。请把均值的形状变成 (1, 3, 1, 1)：mean.view(1, 3, 1, 1)。\n（它抛出了：{text}）",
    ("PyTorch tensors do not take a negative step (image[:, ::-1]). Reverse the channels with "
     "image.flip(1) or image[:, [2, 1, 0]]."):
        "PyTorch 张量不支持负的步长（image[:, ::-1]）。请用 image.flip(1) 或 image[:, [2, 1, 0]] "
        "反转通道。",
    ("works on the CPU but not for an image on another device (a GPU): a tensor made on the CPU "
     "meets the image. Make the mean where the image is: "
     "image.new_tensor(CAFFE_MEAN_BGR).view(1, 3, 1, 1).\n(On PyTorch's 'meta' device it "
     "raised: {err})"):
        "在 CPU 上能运行，但图像在别的设备（GPU）上时就不行：一个在 CPU 上创建的张量碰上了图像。"
        "请在图像所在的设备上创建均值：image.new_tensor(CAFFE_MEAN_BGR).view(1, 3, 1, 1)。\n（在 P"
        "yTorch 的 'meta' 设备上它抛出了：{err}）",
    ("returns a tensor on {device} for an image on another device: keep the result where the "
     "image is (no .cpu() or .to(...))."):
        "图像在另一个设备上，返回的张量却在 {device} 上：请让结果留在图像所在的设备上（不要用 .cp"
        "u() 或 .to(...)）。",

    # preprocess_probes.py: the numbers
    "keeps the 0-1 scale: multiply by 255 (Caffe's pixels are grey levels from 0 to 255)":
        "保留了 0-1 的范围：请乘以 255（Caffe 的像素是 0 到 255 的灰度级）",
    "multiplies by 255 twice: once is enough":
        "乘了两次 255：一次就够了",
    "divides by 255: the image is in [0, 1], multiply by 255":
        "除以了 255：图像在 [0, 1] 中，应乘以 255",
    "has the sign reversed: compute 255 x - m, not m - 255 x":
        "符号反了：请计算 255 x - m，而不是 m - 255 x",
    "{text} (yours scales each channel by {factor:.5g})":
        "{text}（你的函数把每个通道乘以 {factor:.5g}）",
    ("divides by torchvision's standard deviation sigma (0.229, 0.224, 0.225): Caffe's "
     "convention subtracts the mean only, with no division"):
        "除以了 torchvision 的标准差 sigma (0.229, 0.224, 0.225)：Caffe 的约定只减去均值，不做除"
        "法",
    ("divides by torchvision's sigma (0.229, 0.224, 0.225) and does not multiply by 255: that "
     "is torchvision's input, not Caffe's"):
        "除以了 torchvision 的 sigma (0.229, 0.224, 0.225)，也没有乘以 255：那是 torchvision 的输"
        "入，不是 Caffe 的",
    "scales the channels by {scales}; each should be scaled by 255":
        "把各通道分别乘以 {scales}；每个通道都应乘以 255",
    ("subtracts the mean in the wrong order, 123.68 from B and 103.939 from R. CAFFE_MEAN_BGR "
     "is in B, G, R order, the order after the flip: subtract it from the flipped image"):
        "减去均值的顺序错了：从 B 减去 123.68，从 R 减去 103.939。CAFFE_MEAN_BGR 是 B、G、R 的顺"
        "序，也就是翻转之后的顺序：请从翻转后的图像中减去它",
    ("subtracts no mean: take Caffe's mean pixel (103.939, 116.779, 123.68), in B, G, R order, "
     "off the 0-255 values"):
        "没有减去均值：请从 0-255 的值中减去 Caffe 的平均像素 (103.939, 116.779, 123.68)，顺序是 "
        "B、G、R",
    "adds the mean pixel: subtract it":
        "加上了平均像素：应当减去它",
    ("multiplies the mean by 255 too, as in (x - m) * 255: subtract it after the "
     "multiplication, x * 255 - m"):
        "把均值也乘以了 255，就像 (x - m) * 255：请在乘法之后再减去它，x * 255 - m",
    ("subtracts the mean on the 0-1 scale (m / 255): it is in grey levels, so subtract it after "
     "multiplying by 255"):
        "在 0-1 的范围上减去了均值（m / 255）：均值以灰度级为单位，所以请在乘以 255 之后再减",
    ("subtracts torchvision's mean mu (0.485, 0.456, 0.406), not Caffe's mean pixel (103.939, "
     "116.779, 123.68) in B, G, R order"):
        "减去的是 torchvision 的均值 mu (0.485, 0.456, 0.406)，而不是 Caffe 按 B、G、R 顺序的平均"
        "像素 (103.939, 116.779, 123.68)",
    "subtracts {values} from B, G, R; Caffe's is (103.939, 116.779, 123.68)":
        "从 B、G、R 中减去了 {values}；Caffe 的是 (103.939, 116.779, 123.68)",
    ("mixes the colours: each output channel should be 255 times ONE input channel, but yours "
     "computes {rows}. Reorder the channels, do not add them."):
        "混合了颜色：每个输出通道应是某“一个”输入通道的 255 倍，而你的函数算的是 {rows}。请重新排"
        "列通道，不要把它们相加。",
    "keeps the R, G, B order":
        "保持了 R、G、B 的顺序",
    "its channels hold {got}":
        "它的各通道依次是 {got}",
    ("{held}; Caffe wants B, G, R: flip the channel axis, image.flip(1) (or image[:, [2, 1, "
     "0]])"):
        "{held}；Caffe 要的是 B、G、R：请翻转通道这一维，image.flip(1)（或 image[:, [2, 1, 0]]）",
    "differs in {count} ways: {problems}.":
        "有 {count} 处不同：{problems}。",
    ("clips the values at 0: after the mean is subtracted, a pixel darker than the mean is "
     "negative, and Caffe's network expects that. Do not clamp."):
        "把值截断在了 0：减去均值之后，比均值暗的像素是负数，而 Caffe 的网络正需要这样的值。不要"
        "截断。",
    ("rounds to whole grey levels. Keep the exact values (x * 255 with no rounding): the image "
     "need not come from an 8-bit file."):
        "取整到了整数灰度级。请保留精确值（x * 255，不取整）：图像不一定来自 8 位的文件。",
    "mirrored left to right (dim 3, the width)":
        "左右镜像（dim 3，宽度）",
    "upside down (dim 2, the height)":
        "上下颠倒（dim 2，高度）",
    "with the images of the batch in reverse order (dim 0, the batch)":
        "批量中的图像顺序颠倒（dim 0，批量）",
    ("flips the wrong axis: yours gives the picture {what}. The channels are dim 1: "
     "image.flip(1)."):
        "翻转错了维度：你的函数给出的图像是{what}的。通道是 dim 1：image.flip(1)。",
    ("differs by up to {largest:.4g}: at image {n}, channel {k} ({name}), row {y}, column {x} "
     "yours is {got:.5g}, expected {expected:.5g} (channel k should be 255 * image[:, 2 - k] - "
     "m_k)."):
        "最多相差 {largest:.4g}：在第 {n} 张图像、通道 {k}（{name}）、第 {y} 行、第 {x} 列，你的"
        "结果是 {got:.5g}，应为 {expected:.5g}（通道 k 应为 255 * image[:, 2 - k] - m_k）。",
}
