"""简体中文 for the total variation check (checks/tv.py): TV_MISTAKES and the probes that tell
the directions, the channels, the batch and the border apart.

{english template: Chinese template}; the fields are the same (tests/test_zh_edition.py checks).
全变分 as in docs/glossary.md; dx, dy, H, W and the slices stay as they are.
"""

ZH = {
    # TV_MISTAKES (shown with `again`)
    "used sum instead of mean. Take the mean of each direction's squared differences.":
        "用了 sum 而不是 mean。请对每个方向的差的平方分别取平均值。",
    ("computed the L1 total variation (absolute differences |x1 - x2|): the textbook form, and "
     "a fine choice, but this exercise asks for the squared form that helpers.losses uses "
     "(Mahendran and Vedaldi's beta = 2). Square the differences instead."):
        "算的是 L1 全变分（差的绝对值 |x1 - x2|）：这是教科书上的形式，也是不错的选择，但这个练习"
        "要求的是 helpers.losses 用的平方形式（Mahendran 和 Vedaldi 的 beta = 2）。请改为把差平方"
        "。",
    "compared horizontal neighbours only; add the vertical ones (along H).":
        "只比较了水平方向的相邻像素；请加上竖直方向的（沿 H）。",
    "compared vertical neighbours only; add the horizontal ones (along W).":
        "只比较了竖直方向的相邻像素；请加上水平方向的（沿 W）。",
    ("both differences go the same way (both along W). One must be along W (the last axis), the "
     "other along H."):
        "两个差取的是同一个方向（都沿 W）。一个必须沿 W（最后一维），另一个沿 H。",
    ("both differences go the same way (both along H). One must be along W (the last axis), the "
     "other along H."):
        "两个差取的是同一个方向（都沿 H）。一个必须沿 W（最后一维），另一个沿 H。",
    "averaged the two directions ((a + b) / 2). Add them: mean(dx^2) + mean(dy^2).":
        "把两个方向取了平均（(a + b) / 2）。请把它们相加：mean(dx^2) + mean(dy^2)。",
    "took one mean over all differences together. Take each direction's mean, then add.":
        "对所有的差一起取了一个平均值。请对每个方向分别取平均，再相加。",
    ("compared the last column with the first (torch.roll wraps around). Use slices: x[..., :, "
     "1:] - x[..., :, :-1]."):
        "把最后一列和第一列作了比较（torch.roll 会首尾相接）。请用切片：x[..., :, 1:] - x[..., :,"
        " :-1]。",

    # the probes
    "images that change only from left to right (along W)":
        "只在从左到右方向（沿 W）变化的图像",
    "images that change only from top to bottom (along H)":
        "只在从上到下方向（沿 H）变化的图像",
    "from left to right (along W)":
        "从左到右（沿 W）",
    "from top to bottom (along H)":
        "从上到下（沿 H）",
    "The reference takes one mean over every image, channel and position.":
        "参考答案对所有图像、通道和位置只取一个平均值。",
    "the image has one colour everywhere":
        "图像处处是同一种颜色时",
    ("should be 0 for an image of one colour everywhere, got {flat:.4g}. A total variation adds "
     "up differences between neighbouring pixels only: where nothing changes, it is 0."):
        "对处处同色的图像应为 0，得到的却是 {flat:.4g}。全变分只累加相邻像素之间的差：没有变化的"
        "地方，它就是 0。",
    ("changes when the image is inverted (x becomes 1 - x, so every difference changes sign): "
     "{plain:.5g}, then {inverted:.5g}. A step up and a step down must count the same: square "
     "each difference."):
        "图像反相后（x 变成 1 - x，每个差都变号）结果变了：先是 {plain:.5g}，后是 {inverted:.5g}"
        "。升一级和降一级必须算得一样：请把每个差平方。",
    ("is not 0 for an image in which every pixel has the same colour (the three channels "
     "differ, the pixels do not): yours gives {value:.4g}. You take differences across the "
     "colour channels (dim 1). Take them along H (dim 2) and W (dim 3) only."):
        "对每个像素颜色都相同的图像（三个通道不同，像素之间相同）不为 0：你的结果是 {value:.4g}。"
        "你在颜色通道之间（dim 1）取了差。请只沿 H（dim 2）和 W（dim 3）取差。",
    ("is not 0 for a batch of two flat images of different greys: you take differences between "
     "the images of the batch (dim 0). Take them along H (dim 2) and W (dim 3) only."):
        "对两张灰度不同的纯色图像组成的批量不为 0：你在批量中的图像之间（dim 0）取了差。请只沿 H"
        "（dim 2）和 W（dim 3）取差。",
    ("is 0 for an image that changes only {what}: the differences along {name} are missing. Add "
     "the mean of the squares of {code}."):
        "对只在{what}方向变化的图像为 0：缺少沿 {name} 的差。请加上 {code} 的平方的平均值。",
    "For an image that changes only {what}, yours is {ratio:.4g} times the reference.":
        "对只在{what}方向变化的图像，你的结果是参考答案的 {ratio:.4g} 倍。",
    " or ":
        " 或 ",
    ("is 0 for an image in which only colour channel {channels} changes: that channel is left "
     "out. Use every channel (x[:, :, ...], not x[:, 0])."):
        "对只有颜色通道 {channels} 变化的图像为 0：这个通道被漏掉了。请用上每个通道（x[:, :, ...]"
        "，而不是 x[:, 0]）。",
    ("treats the colour channels differently: for an image in which only channel 0, 1 or 2 "
     "changes, yours is {first:.4g}, {second:.4g} or {third:.4g} times the reference. Treat "
     "every channel the same way."):
        "对各颜色通道的处理不一样：对只有通道 0、1 或 2 变化的图像，你的结果分别是参考答案的 {fir"
        "st:.4g}、{second:.4g} 或 {third:.4g} 倍。请以同样方式处理每个通道。",
    ("mixes the colour channels: for an image in which one channel changes, yours is {one:.4g} "
     "times the reference, but {every:.4g} times when all three change in the same way (does it "
     "average or add the channels first?). Take the differences in every channel on its own."):
        "混淆了颜色通道：对只有一个通道变化的图像，你的结果是参考答案的 {one:.4g} 倍，三个通道以"
        "同样方式变化时却是 {every:.4g} 倍（是不是先对通道求了平均或求和？）。请在每个通道内单独"
        "取差。",
    ("is right for images that change along W only and along H only, but not for images that "
     "change along both. Add two separate terms, mean(dx^2) + mean(dy^2), each with its own "
     "mean."):
        "对只沿 W 变化和只沿 H 变化的图像是对的，对两个方向都变化的图像却不对。请把两项分开相加，"
        "mean(dx^2) + mean(dy^2)，各取各的平均值。",
    ("changes when the image is mirrored left to right ({plain:.5g}, then {mirrored:.5g}; the "
     "reference does not change): some pairs of neighbours count more than others. Each pair "
     "must count once: x[..., :, 1:] - x[..., :, :-1] and x[..., 1:, :] - x[..., :-1, :]."):
        "图像左右镜像后结果变了（先是 {plain:.5g}，后是 {mirrored:.5g}；参考答案不变）：有些相邻"
        "像素对比别的算得多。每一对只能算一次：x[..., :, 1:] - x[..., :, :-1] 和 x[..., 1:, :] - "
        "x[..., :-1, :]。",
    "column":
        "列",
    "row":
        "行",
    ("treats the border differently: with one bright {line} in the middle yours is {inside:.4g} "
     "times the reference, at the last {line} {edge:.4g} times."):
        "对边界的处理不一样：中间有一条亮{line}时，你的结果是参考答案的 {inside:.4g} 倍；亮{line}"
        "在最后一{line}时是 {edge:.4g} 倍。",
    (" At the border yours counts one difference too many, as if the last pixel were next to the "
     "first (torch.roll wraps around). Use slices: {code}."):
        "在边界上你的函数多算了一个差，就好像最后一个像素与第一个相邻（torch.roll 会首尾相接）。"
        "请用切片：{code}。",
    ("your code combines two tensors of different sizes. dx has shape (N, C, H, W - 1) and dy "
     "has shape (N, C, H - 1, W): they cannot be added element by element. Take the mean of "
     "each, then add them."):
        "你的代码把两个大小不同的张量放在一起计算。dx 的形状是 (N, C, H, W - 1)，dy 的形状是 (N, "
        "C, H - 1, W)：它们不能逐元素相加。请先各自取平均值，再相加。",
    "should be larger for noise than for a smooth colour ramp.":
        "对噪声应比对平滑的颜色渐变更大。",
}
