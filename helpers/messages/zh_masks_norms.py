"""简体中文 for the exercise checks of notebook 08, masked_gram (checks/masked_gram.py), and of
notebook 09, instance_norm (checks/transform.py, with INSTANCE_NORM_MISTAKES).

{english template: Chinese template}; the fields are the same (tests/test_zh_edition.py checks).
掩码, 实例归一化, 格拉姆矩阵 as in docs/glossary.md; omega, dim=(2, 3) and the code stay.
"""

ZH = {
    # masked_gram.py (notebook 08)
    "a mask of ones (every position counts fully)":
        "全为 1 的掩码（每个位置都完全计入）",
    "a 0/1 mask (1 on the left part, 0 on the right)":
        "0/1 掩码（左边为 1，右边为 0）",
    "a soft mask (values between 0 and 1)":
        "软掩码（值在 0 和 1 之间）",
    "one soft mask per image (a mask of shape ({n}, 1, {h}, {w}))":
        "每张图像一个软掩码（形状为 ({n}, 1, {h}, {w}) 的掩码）",
    "here sum_k omega_k = {total:.4g} and M = {m}":
        "这里 sum_k omega_k = {total:.4g}，M = {m}",
    ("does not use the mask: yours is the plain Gram matrix F F^T / M. Weight each position k "
     "by omega_k."):
        "没有用到掩码：你的结果是普通的格拉姆矩阵 F F^T / M。请给每个位置 k 乘上权重 omega_k。",
    ("divides by M = H*W, not by the sum of the mask ({shown}). Divide by sum_k omega_k: the "
     "masked region's own size."):
        "除以的是 M = H*W，而不是掩码之和（{shown}）。请除以 sum_k omega_k：掩码区域自己的大小。",
    "does not divide: divide by sum_k omega_k, the masked region's size ({shown}).":
        "没有做除法：请除以 sum_k omega_k，即掩码区域的大小（{shown}）。",
    ("weights by omega squared (the mask on both factors, (F omega)(F omega)^T): the same for a "
     "0/1 mask, but not on a soft edge. Multiply one factor by the mask."):
        "用 omega 的平方作权重（两个因子都乘了掩码，(F omega)(F omega)^T）：对 0/1 掩码结果相同，"
        "在柔和的边缘上就不同了。请只给一个因子乘上掩码。",
    ("weights by omega squared and divides by the sum of omega squared: the same for a 0/1 "
     "mask, not on a soft edge. Use omega once, above and below."):
        "用 omega 的平方作权重，并除以 omega 平方之和：对 0/1 掩码结果相同，在柔和的边缘上就不同"
        "了。分子分母都只用一次 omega。",
    ("divides twice by the sum of the mask: yours is the right matrix divided by sum_k omega_k "
     "once more ({shown}). Divide once."):
        "除了两次掩码之和：你的结果是正确矩阵再除以一次 sum_k omega_k（{shown}）。只需除一次。",
    ("turns the mask into 0 and 1 (mask > 0.5): on a soft edge the mask's own values count. Use "
     "the mask as it is."):
        "把掩码变成了 0 和 1（mask > 0.5）：在柔和的边缘上，掩码本身的值是有意义的。请直接使用掩"
        "码。",
    ("divides by the sum of the mask over the whole batch, not per image. Sum over the "
     "positions only: weights.sum(dim=2, keepdim=True) for weights of shape (N, 1, M)."):
        "除以的是整个批量的掩码之和，而不是每张图像各自的。请只对位置求和：对形状为 (N, 1, M) 的 "
        "weights 用 weights.sum(dim=2, keepdim=True)。",
    ("uses the first image's mask for every image. Each image has its own mask: reshape the "
     "mask to (mask.shape[0], 1, M), not mask[0]."):
        "对每张图像都用了第一张图像的掩码。每张图像有自己的掩码：请把掩码 reshape 成 (mask.shape["
        "0], 1, M)，不要用 mask[0]。",
    ("lines up the mask's positions with the wrong axes: yours is right for the mask with H and "
     "W swapped. Flatten the mask exactly as the features: mask.reshape(mask.shape[0], 1, h * "
     "w)."):
        "把掩码的位置对到了错误的维度上：把掩码的 H 和 W 对调后你的结果才是对的。请用与特征完全相"
        "同的方式展平掩码：mask.reshape(mask.shape[0], 1, h * w)。",
    "only the diagonal entries (i = j) are wrong":
        "只有对角线上的元素（i = j）错了",
    "only the off-diagonal entries are wrong":
        "只有对角线以外的元素错了",
    "diagonal and off-diagonal entries are wrong":
        "对角线上和对角线以外的元素都错了",
    "; for image {image} yours is {ratio:.4g} times the right one":
        "；对第 {image} 张图像，你的结果是正确值的 {ratio:.4g} 倍",
    ("is wrong for image(s) {images} of the batch; {part}{factor}. The largest difference: "
     "G[{n}, {i}, {j}] is {got:.5g}, expected {expected:.5g}."):
        "对批量中的图像 {images} 是错的；{part}{factor}。最大的差别：G[{n}, {i}, {j}] 是 {got:.5g"
        "}，应为 {expected:.5g}。",
    ("returned shape {shape}, one value per pair of POSITIONS: the product runs over the "
     "channels. Multiply over the positions instead: flat @ flat.transpose(1, 2) for flat of "
     "shape (N, C, M)."):
        "返回的形状是 {shape}，每一对“位置”一个值：乘积是在通道上求和的。请改为在位置上相乘求和："
        "对形状为 (N, C, M) 的 flat 计算 flat @ flat.transpose(1, 2)。",
    ("returned shape {shape} for a batch of {n}: one Gram matrix per image is ({n}, {c}, {c}). "
     "Keep the batch axis (reshape to (n, c, h * w))."):
        "对 {n} 张图像组成的批量返回的形状是 {shape}：每张图像一个格拉姆矩阵应是 ({n}, {c}, {c})"
        "。请保留批量维度（reshape 成 (n, c, h * w)）。",
    "returned shape {shape}; for features of shape {given} expected ({n}, {c}, {c}).":
        "返回的形状是 {shape}；对形状为 {given} 的特征，应为 ({n}, {c}, {c})。",
    ("reshapes the mask with the batch size of the features ({n}). A mask of shape (1, 1, H, W) "
     "is shared by every image: use the mask's own batch size, mask.reshape(mask.shape[0], 1, h "
     "* w).\n(It raised: {text})"):
        "用特征的批量大小（{n}）来 reshape 掩码。形状为 (1, 1, H, W) 的掩码由所有图像共用：请用掩"
        "码自己的批量大小，mask.reshape(mask.shape[0], 1, h * w)。\n（它抛出了：{text}）",
    ("returns a tensor cut from the autograd graph (.detach(), .data, .numpy() or "
     "torch.no_grad()): the style loss could not send a gradient back to the image."):
        "返回的张量与自动微分的计算图断开了（.detach()、.data、.numpy() 或 torch.no_grad()）：风"
        "格损失无法把梯度传回图像。",
    ("gives the right values but half the gradient: one of the two factors of F omega F^T is "
     "cut from the graph. Keep both in it (no .detach() or .data)."):
        "值是对的，但梯度只有一半：F omega F^T 的两个因子之一与计算图断开了。请让两者都留在计算图"
        "里（不要用 .detach() 或 .data）。",
    ("gives the right values, but its gradient differs by up to {largest:.3g}. Use torch "
     "operations only, on the inputs themselves."):
        "值是对的，但梯度最多相差 {largest:.3g}。请只对输入本身使用 torch 运算。",
    "a NumPy array":
        "NumPy 数组",
    "a {kind}":
        "{kind}",
    "returned {what}; return a torch tensor of shape (N, C, C) that keeps the autograd graph.":
        "返回的是{what}；请返回一个形状为 (N, C, C)、保留自动微分计算图的 torch 张量。",
    "with {what}, it {finding}":
        "用{what}时，它{finding}",
    ("is right for a batch of 2 but not for a single image: compute the sizes from the inputs "
     "(n, c, h, w = features.shape)."):
        "对 2 张图像组成的批量是对的，对单张图像却不对：请从输入中计算各维大小（n, c, h, w = feat"
        "ures.shape）。",

    # transform.py (notebook 09): INSTANCE_NORM_MISTAKES (shown with `again`) and the checks
    ("took the mean and the variance over the batch as well, dim=(0, 2, 3): that is batch "
     "normalisation. Instance normalisation uses one image at a time: dim=(2, 3)."):
        "把批量也算进了均值和方差，dim=(0, 2, 3)：那是批量归一化。实例归一化一次只看一张图像：dim"
        "=(2, 3)。",
    ("took the mean and the variance over the channels as well, dim=(1, 2, 3): that is layer "
     "normalisation. Each channel gets its own mean and variance: dim=(2, 3)."):
        "把通道也算进了均值和方差，dim=(1, 2, 3)：那是层归一化。每个通道有自己的均值和方差：dim=("
        "2, 3)。",
    "took the mean and the variance over everything. Use dim=(2, 3): one channel of one image.":
        "对所有东西一起取了均值和方差。请用 dim=(2, 3)：一张图像的一个通道。",
    ("used the unbiased variance (divided by M - 1, torch's default). Divide by M, the number "
     "of positions: z.var(dim=(2, 3), unbiased=False), as torch's instance_norm does."):
        "用了无偏方差（除以 M - 1，torch 的默认值）。请除以位置数 M：z.var(dim=(2, 3), unbiased=F"
        "alse)，与 torch 的 instance_norm 一样。",
    ("added eps to the standard deviation, not to the variance. Put it inside the square root: "
     "sqrt(var + eps)."):
        "把 eps 加到了标准差上，而不是方差上。请把它放进平方根里：sqrt(var + eps)。",
    "divided by the variance, not by its square root (the standard deviation).":
        "除以的是方差，而不是它的平方根（标准差）。",
    "divided by the standard deviation but did not subtract the mean first.":
        "除以了标准差，但没有先减去均值。",
    "subtracted the mean but did not divide by the standard deviation.":
        "减去了均值，但没有除以标准差。",
    ("for z of shape {shape} expected the same shape back, got {got}. Use keepdim=True in mean "
     "and var, so that they broadcast."):
        "对形状为 {shape} 的 z，应返回相同的形状，得到的却是 {got}。请在 mean 和 var 中用 keepdim"
        "=True，这样它们才能广播。",
    "each channel of each image should have mean 0 afterwards; one has {mean:.3g}.":
        "之后每张图像的每个通道的均值都应为 0；有一个是 {mean:.3g}。",
    ("a constant channel (variance 0) gave NaN or inf. Add eps = 1e-5 to the variance before "
     "the square root: sqrt(var + eps)."):
        "一个常数通道（方差为 0）得到了 NaN 或 inf。请在开平方之前给方差加上 eps = 1e-5：sqrt(var"
        " + eps)。",
    " (largest difference {worst:.3g})":
        "（最大差值 {worst:.3g}）",
    ("does not match the reference for {inputs}{largest}. Subtract each channel's mean and "
     "divide by sqrt(var + eps), eps = 1e-5, both over the H*W positions of one image: dim=(2, "
     "3)."):
        "对{inputs}与参考答案不一致{largest}。请减去每个通道的均值，再除以 sqrt(var + eps)，eps ="
        " 1e-5，两者都在一张图像的 H*W 个位置上计算：dim=(2, 3)。",
    ("no gradient flows back to the input: the result is cut off from the autograd graph "
     "(.detach(), .data, .item(), .numpy(), torch.tensor(...) or torch.no_grad()). The network "
     "could not learn through it."):
        "没有梯度传回输入：结果与自动微分的计算图断开了（.detach()、.data、.item()、.numpy()、tor"
        "ch.tensor(...) 或 torch.no_grad()）。网络无法通过它学习。",
    ("the values are right but the gradient is not: part of the computation is detached (for "
     "example the mean or the variance taken with .detach())."):
        "值是对的，但梯度不对：计算中有一部分被分离了（例如用 .detach() 取的均值或方差）。",
}
