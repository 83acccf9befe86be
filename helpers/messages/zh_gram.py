"""简体中文 for the Gram matrix check: its named mistakes (checks/gram.py, GRAM_MISTAKES, shown
with `again`) and its probes (gram_probes.py: shapes, one channel active, batches).

{english template: Chinese template}; the fields are the same (tests/test_zh_edition.py checks).
"""

ZH = {
    # gram.py
    "forgot to divide by M = H*W (the number of positions). G = F F^T / M.":
        "忘了除以 M = H*W（位置的个数）。G = F F^T / M。",
    ("divided by C*H*W. Our convention divides by M = H*W only (notebook 04 compares the "
     "normalisations)."):
        "除以了 C*H*W。我们的约定只除以 M = H*W（笔记本 04 比较了几种归一化）。",
    "divided by M = H*W twice (by M^2). Divide once.": "除以了两次 M = H*W（即除以 M^2）。只需除一次。",
    "divided by C (the channels) instead of M = H*W (the positions).":
        "除以了 C（通道数），而不是 M = H*W（位置数）。",
    "divided by H or by W only. M = H*W, the number of positions.":
        "只除以了 H 或 W。M = H*W，是位置的个数。",
    ("subtracted each channel's mean first: that is a covariance matrix, not the Gram matrix. Use "
     "the features as they are."):
        "先减去了每个通道的均值：那是协方差矩阵，不是格拉姆矩阵。请直接使用特征。",
    ("is not symmetric: G[0, {i}, {j}] = {ij:.4g} but G[0, {j}, {i}] = {ji:.4g}. Multiply F by "
     "its own transpose: flat @ flat.transpose(1, 2)."):
        "不对称：G[0, {i}, {j}] = {ij:.4g}，而 G[0, {j}, {i}] = {ji:.4g}。"
        "请用 F 乘以它自己的转置：flat @ flat.transpose(1, 2)。",
    ("has a negative eigenvalue, so it cannot be F F^T / M: a Gram matrix is positive "
     "semi-definite (v^T G v = |F^T v|^2 / M >= 0 for every v). Look for a stray minus sign."):
        "有负的特征值，所以不可能是 F F^T / M：格拉姆矩阵是半正定的"
        "（对每个 v 都有 v^T G v = |F^T v|^2 / M >= 0）。请找一找多出来的负号。",

    # gram_probes.py
    "reshape to (N, C, H*W) and multiply flat @ flat.transpose(1, 2)":
        "reshape 成 (N, C, H*W)，再计算 flat @ flat.transpose(1, 2)",
    "feature maps of different shapes and sizes (entry by entry)":
        "不同形状、不同大小的特征图（逐个元素比较）",
    "the Gram matrix of image {i} only": "只有第 {i} 张图像的格拉姆矩阵",
    "the sum of the two images' Gram matrices": "两张图像的格拉姆矩阵之和",
    "the mean of the two images' Gram matrices": "两张图像的格拉姆矩阵的平均值",
    " For a batch of 2 images yours gives one matrix: {text}.":
        "对 2 张图像组成的批量，你的函数只给出一个矩阵：{text}。",
    (" For a batch of 2 images yours gives one matrix, which is not the Gram matrix of either "
     "image."):
        "对 2 张图像组成的批量，你的函数只给出一个矩阵，它不是其中任何一张图像的格拉姆矩阵。",
    ("returned shape {got}: positions x positions. You transposed the wrong factor: (C x M)^T (C "
     "x M) is M x M. The Gram matrix is F F^T, C x C: flat @ flat.transpose(1, 2) with flat of "
     "shape (N, C, M)."):
        "返回的形状是 {got}：位置 x 位置。你转置错了因子：(C x M)^T (C x M) 是 M x M。"
        "格拉姆矩阵是 F F^T，C x C：flat @ flat.transpose(1, 2)，其中 flat 的形状为 (N, C, M)。",
    (" For a batch of 2 images yours is right, shape (2, 3, 3): only one image loses its batch "
     "axis (.squeeze() or [0]?)."):
        "对 2 张图像组成的批量，你的结果是对的，形状为 (2, 3, 3)：只有一张图像时批量维度丢了"
        "（是不是用了 .squeeze() 或 [0]？）。",
    " For a batch of 2 images of 3 channels yours has shape {shape}.":
        "对 2 张 3 通道图像组成的批量，你的结果形状为 {shape}。",
    ("returned shape {got}, expected {want} = (N, C, C): the batch axis is missing.{one} Keep the "
     "batch dimension: {fix}."):
        "返回的形状是 {got}，应为 {want} = (N, C, C)：缺少批量维度。{one}"
        "请保留批量维度：{fix}。",
    ("returned shape {got}: one small matrix for each channel. You multiplied each feature map by "
     "its own transpose (features @ features.transpose(2, 3)). Flatten H and W first: {fix}."):
        "返回的形状是 {got}：每个通道一个小矩阵。你把每张特征图乘以了它自己的转置"
        "（features @ features.transpose(2, 3)）。请先把 H 和 W 展平：{fix}。",
    ("returned only the diagonal G[i, i] (each channel with itself), shape (N, C). The Gram "
     "matrix pairs every channel with every other, shape (N, C, C): {fix}."):
        "只返回了对角线 G[i, i]（每个通道与它自己），形状为 (N, C)。"
        "格拉姆矩阵要把每个通道与其他每个通道配对，形状为 (N, C, C)：{fix}。",
    "for features of shape {shape} expected shape {want} = (N, C, C), got {got}.":
        "对形状为 {shape} 的特征，应得到形状 {want} = (N, C, C)，得到的却是 {got}。",
    " For features of shape (2, 3, 5, 7) yours has shape {described}; it should be (2, 3, 3).":
        "对形状为 (2, 3, 5, 7) 的特征，你的结果形状为 {described}；应为 (2, 3, 3)。",
    ("with only channel {k} active (every other channel 0), yours has G[0, {i}, {j}] = "
     "{value:.4g}, but only G[0, {k}, {k}] may be non-zero: entry (i, j) may depend on channels "
     "i and j only."):
        "只有通道 {k} 有激活值（其他通道都是 0）时，你的结果中 G[0, {i}, {j}] = {value:.4g}，"
        "但只有 G[0, {k}, {k}] 可以不为 0：元素 (i, j) 只能依赖于通道 i 和 j。",
    (" Yours is the Gram matrix of features reshaped to (N, H*W, C), which mixes channels and "
     "positions."):
        "你的结果是特征 reshape 成 (N, H*W, C) 之后的格拉姆矩阵，这样会混淆通道和位置。",
    ("with only channel {k} active, yours has G[0, {k}, {k}] = {value:.5g}; it should be "
     "mean(F_{k}^2) over the H*W positions = {expected:.5g}. With all channels active: {where}"):
        "只有通道 {k} 有激活值时，你的结果中 G[0, {k}, {k}] = {value:.5g}；"
        "它应是 F_{k}^2 在 H*W 个位置上的平均值 = {expected:.5g}。所有通道都有激活值时：{where}",
    ("does not follow a reordering of the channels: with the channels of the input in another "
     "order, the rows and columns of G must be reordered the same way, and yours are not. Entry "
     "(i, j) may depend on channels i and j only: {fix}."):
        "没有跟着通道的重新排序而变化：输入的通道换一种顺序后，G 的行和列也必须以同样方式"
        "重新排序，而你的结果没有。元素 (i, j) 只能依赖于通道 i 和 j：{fix}。",
    ("changes when the positions are shuffled (the same shuffle in every channel). A Gram matrix "
     "averages over positions and forgets where: {fix}."):
        "打乱位置后（每个通道打乱方式相同）结果变了。格拉姆矩阵对位置求平均，"
        "不记得东西在哪里：{fix}。",
    "works for one image but not for a batch of two: ": "对一张图像正确，对两张图像组成的批量却不对：",
    ("features of shape (2, 3, 4, 5) should give (2, 3, 3), got {got}.{one} Use n, c, h, w = "
     "features.shape and reshape to (n, c, h * w)."):
        "形状为 (2, 3, 4, 5) 的特征应得到 (2, 3, 3)，得到的却是 {got}。{one}"
        "请用 n, c, h, w = features.shape，并 reshape 成 (n, c, h * w)。",
    ("when image 1 is all zeros, yours still gives it a Gram matrix that is not 0 (largest entry "
     "{largest:.4g}): the images of the batch get mixed. Each image needs its own Gram matrix: "
     "{fix}."):
        "第 1 张图像全为 0 时，你的函数仍然给它一个不为 0 的格拉姆矩阵（最大元素 {largest:.4g}）："
        "批量中的图像混在一起了。每张图像需要自己的格拉姆矩阵：{fix}。",
    ("two equal images get different Gram matrices. Each image needs its own Gram matrix, made "
     "the same way: {fix}."):
        "两张相同的图像得到了不同的格拉姆矩阵。每张图像需要自己的格拉姆矩阵，计算方式相同：{fix}。",
    " Yours is half the reference ({ratio:.3g}): you divide by N, the batch size, too.":
        "你的结果是参考答案的一半（{ratio:.3g}）：你还除以了批量大小 N。",
    " Divide by M = H*W only, and keep one Gram matrix for each image.":
        "只除以 M = H*W，并为每张图像保留一个格拉姆矩阵。",
}
