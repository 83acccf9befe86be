"""简体中文 for the checks of the losses and the Gram matrix: the named mistakes (checks/losses.py,
gram.py: the *_MISTAKES lists, shown with `again`) and the probes (relative.py, gram_probes.py).

{english template: Chinese template}; the fields are the same (tests/test_zh_edition.py checks).
Terms as in docs/glossary.md: 内容损失, 风格损失, 格拉姆矩阵, 特征, 批量, 通道, 归一化.
"""

ZH = {
    # losses.py: content loss
    ("forgot to divide by ||P||^2 = sum(target^2). Our content loss is a relative error: "
     "sum((F - P)^2) / sum(P^2)."):
        "忘了除以 ||P||^2 = sum(target^2)。我们的内容损失是相对误差：sum((F - P)^2) / sum(P^2)。",
    ("used the paper's 1/2 * sum((F - P)^2). Our convention divides by sum(P^2) instead (a "
     "relative error), and has no 1/2."):
        "用了论文的 1/2 * sum((F - P)^2)。我们的约定是改为除以 sum(P^2)（相对误差），没有 1/2。",
    "used the mean squared error (mean instead of sum, and no division by sum(P^2)).":
        "用了均方误差（用 mean 代替了 sum，也没有除以 sum(P^2)）。",
    "used mean in the numerator but sum in the denominator. Use sum in both (or mean in both).":
        "分子用了 mean，分母却用了 sum。请两处都用 sum（或者都用 mean）。",
    ("used absolute values |F - P| instead of squares (F - P)^2. Squares are smooth at 0, so the "
     "gradient shrinks as the error shrinks."):
        "用了绝对值 |F - P|，而不是平方 (F - P)^2。平方在 0 处是光滑的，所以误差变小时梯度也随之变小。",
    "used absolute values instead of squares, in both sums.": "两个求和都用了绝对值，而不是平方。",
    "divided by sum(F^2), the image being made. Divide by sum(P^2), the target's.":
        "除以了 sum(F^2)，也就是正在生成的图像的。请除以 sum(P^2)，也就是目标的。",
    ("took the norm (a square root) instead of the squared norm: use .pow(2).sum(), not "
     ".norm()."):
        "取了范数（开了平方根），而不是范数的平方：请用 .pow(2).sum()，不要用 .norm()。",
    "divided by C*H*W (the size of one image's feature map) instead of sum(P^2).":
        "除以了 C*H*W（一张图像的特征图的大小），而不是 sum(P^2)。",
    "features == target": "features == target 时",
    # losses.py: style loss
    ("forgot to divide by ||A||^2 = sum(target_gram^2). Our style loss is a relative error: "
     "sum((G - A)^2) / sum(A^2)."):
        "忘了除以 ||A||^2 = sum(target_gram^2)。我们的风格损失是相对误差："
        "sum((G - A)^2) / sum(A^2)。",
    ("used the paper's factor 1 / (4 N^2 M^2) (N = C channels, M = H*W positions) instead of "
     "dividing by ||A||^2. With our Gram matrices (already divided by M) the paper's factor "
     "double-counts, and its size depends on the image and the network."):
        "用了论文的因子 1 / (4 N^2 M^2)（N = C 个通道，M = H*W 个位置），而没有除以 ||A||^2。"
        "我们的格拉姆矩阵已经除以了 M，再用论文的因子就重复计算了，而且它的大小取决于图像和网络。",
    "used the paper's factor 1 / (4 N^2 M^2) instead of dividing by ||A||^2.":
        "用了论文的因子 1 / (4 N^2 M^2)，而没有除以 ||A||^2。",
    ("used the paper's factor 1 / (4 N^2 M^2), with a Gram matrix of `features` that is not "
     "divided by M while target_gram is. Use gram_matrix for both, and divide by ||A||^2."):
        "用了论文的因子 1 / (4 N^2 M^2)，而且 `features` 的格拉姆矩阵没有除以 M，"
        "target_gram 却除了。请两者都用 gram_matrix，并除以 ||A||^2。",
    ("the Gram matrix of `features` is not divided by M = H*W, but target_gram is. Build both "
     "with the same gram_matrix (G = F F^T / M)."):
        "`features` 的格拉姆矩阵没有除以 M = H*W，target_gram 却除了。"
        "请用同一个 gram_matrix 计算两者（G = F F^T / M）。",
    ("the Gram matrix of `features` is divided by C*H*W, but target_gram only by M = H*W. Build "
     "both with the same gram_matrix."):
        "`features` 的格拉姆矩阵除以了 C*H*W，target_gram 却只除以 M = H*W。"
        "请用同一个 gram_matrix 计算两者。",
    ("used mean instead of sum for the squared differences. Use sum in both numerator and "
     "denominator."):
        "对差的平方用了 mean 而不是 sum。分子和分母请都用 sum。",
    "used the mean squared error: mean instead of sum, and no division by sum(A^2).":
        "用了均方误差：用 mean 代替了 sum，也没有除以 sum(A^2)。",
    "used absolute values |G - A| instead of squares (G - A)^2.":
        "用了绝对值 |G - A|，而不是平方 (G - A)^2。",
    "divided by sum(G^2), the image being made. Divide by sum(A^2), the style target's.":
        "除以了 sum(G^2)，也就是正在生成的图像的。请除以 sum(A^2)，也就是风格目标的。",
    ("your code combines two tensors of different sizes. The features have shape (N, C, H, W), "
     "the Gram matrices (N, C, C): compare the Gram matrix of the features with target_gram."):
        "你的代码把两个大小不同的张量放在一起计算。特征的形状是 (N, C, H, W)，"
        "格拉姆矩阵是 (N, C, C)：请把特征的格拉姆矩阵与 target_gram 比较。",
    ("changed when the positions in the feature map were shuffled. Style must not depend on "
     "where things are: compare Gram matrices, not feature maps, and reshape features to (N, C, "
     "H*W), channels first."):
        "打乱特征图中的位置后，结果变了。风格不应依赖于东西在哪里：请比较格拉姆矩阵，"
        "而不是特征图，并把特征 reshape 成 (N, C, H*W)，通道在前。",
    "target_gram is the Gram matrix of the features": "target_gram 就是特征的格拉姆矩阵时",
    "features of shape {features} and a target Gram matrix of shape {gram}":
        "形状为 {features} 的特征和形状为 {gram} 的目标格拉姆矩阵",

    # relative.py: the probes of the two relative errors
    ("is the reference with features and target swapped: you divide by sum(F^2), the image being "
     "made. Divide by sum(P^2), the target's."):
        "相当于把参考答案中的特征和目标对调了：你除以的是 sum(F^2)，也就是正在生成的图像的。"
        "请除以 sum(P^2)，也就是目标的。",
    ("is 0 for features that differ from the target whenever the differences F - P add up to 0: "
     "in yours they cancel out. Square each difference first, then add up: sum((F - P)^2)."):
        "只要差 F - P 加起来为 0，即使特征与目标不同，结果也是 0：在你的函数里正负差值抵消了。"
        "请先把每个差平方，再求和：sum((F - P)^2)。",
    ("is not a squared error: with the target P fixed, doubling F - P multiplies yours by "
     "{growth:.4g}, but it must multiply the loss by exactly 4. The top of the fraction is the "
     "sum of the squared differences, the bottom depends on P only: sum((F - P)^2) / sum(P^2)."):
        "不是平方误差：固定目标 P，把 F - P 加倍，你的结果变为原来的 {growth:.4g} 倍，"
        "而损失必须正好变为 4 倍。分子是差的平方和，分母只依赖于 P：sum((F - P)^2) / sum(P^2)。",
    ("changes when F - P changes sign: F = P + D gives {plus:.5g}, F = P - D gives {minus:.5g} "
     "(the reference gives the same for both). Square each difference, (F - P)^2, before you "
     "add up."):
        "F - P 变号时结果也变了：F = P + D 得到 {plus:.5g}，F = P - D 得到 {minus:.5g}"
        "（参考答案对两者给出相同的值）。求和之前请先把每个差平方，(F - P)^2。",
    ("is not a relative error: multiplying both features and target by 10 multiplies yours by "
     "{bigger:.4g}; it must stay the same. Divide by sum(P^2), the target's sum of squares."):
        "不是相对误差：把特征和目标都乘以 10，你的结果变为原来的 {bigger:.4g} 倍；它应该不变。"
        "请除以 sum(P^2)，即目标的平方和。",
    ("changes when the elements of F and P are shuffled in the same way ({plus:.5g} before, "
     "{shuffled:.5g} after). Compare each element only with the element at the same place: "
     "(F - P)^2, summed over every element."):
        "以相同方式打乱 F 和 P 的元素后，结果变了（之前 {plus:.5g}，之后 {shuffled:.5g}）。"
        "每个元素只应与同一位置的元素比较：(F - P)^2，再对所有元素求和。",
    ("gram_matrix(features) times {factor}: the Gram matrix you make from `features` is {factor} "
     "times ours. Make it as gram_matrix does: F F^T / M, with M = H*W"):
        "gram_matrix(features) 乘以 {factor}：你由 `features` 算出的格拉姆矩阵是我们的 {factor} 倍。"
        "请像 gram_matrix 那样计算：F F^T / M，其中 M = H*W",
    ("the covariance of the features (channel means subtracted). Use the features as they are: "
     "F F^T / M"):
        "特征的协方差（减去了各通道的均值）。请直接使用特征：F F^T / M",
    ("the Gram matrix of features reshaped to (N, H*W, C): that mixes channels and positions. "
     "Reshape to (N, C, H*W)"):
        "特征 reshape 成 (N, H*W, C) 之后的格拉姆矩阵：这样会混淆通道和位置。"
        "请 reshape 成 (N, C, H*W)",
    ("should be 0 when target_gram = gram_matrix(features), got {value:.4g}. Yours is 0 when "
     "target_gram is {text}."):
        "当 target_gram = gram_matrix(features) 时应为 0，得到的却是 {value:.4g}。"
        "当 target_gram 是{text}时，你的结果才是 0。",
    "(the reference gives {value:.5g} for all)": "（参考答案对它们都给出 {value:.5g}）",
    ("changes when G - A changes sign: target_gram = G + E gives {plus:.5g}, G - E gives "
     "{minus:.5g} {same}. Square each difference, (G - A)^2, before you add up."):
        "G - A 变号时结果也变了：target_gram = G + E 得到 {plus:.5g}，G - E 得到 {minus:.5g}"
        "{same}。求和之前请先把每个差平方，(G - A)^2。",
    ("gives {plus:.5g} and {moved:.5g} for two targets that differ from G by two patterns with "
     "the same sum of squares {same}. The loss may depend only on sum((G - A)^2) and sum(A^2), "
     "over every entry of the C x C matrices."):
        "两个目标与 G 的差是两种不同的图案，但平方和相同，你的结果却分别是 {plus:.5g} 和 "
        "{moved:.5g}{same}。损失只能依赖于 sum((G - A)^2) 和 sum(A^2)，"
        "求和遍及 C x C 矩阵的每个元素。",
    ("is not a relative error: multiplying the features by 10 (so both Gram matrices by 100) "
     "multiplies yours by {bigger:.4g}; it must stay the same. Divide by sum(A^2), the target's "
     "sum of squares."):
        "不是相对误差：把特征乘以 10（两个格拉姆矩阵因此都乘以 100），"
        "你的结果变为原来的 {bigger:.4g} 倍；它应该不变。请除以 sum(A^2)，即目标的平方和。",
    ("changes when the channels are put in another order, in both the features and target_gram "
     "({before:.5g} before, {turned:.5g} after). Entry (i, j) of G must be compared with entry "
     "(i, j) of A only."):
        "把特征和 target_gram 的通道以同样方式重新排序后，结果变了（之前 {before:.5g}，"
        "之后 {turned:.5g}）。G 的元素 (i, j) 只应与 A 的元素 (i, j) 比较。",
}
