"""简体中文 for notebook 05's exercise check, series_weights (checks/paper_weights.py and
paper_weights_probes.py): the form of the answer, and how each weight follows one input.

{english template: Chinese template}; the fields are the same (tests/test_zh_edition.py checks).
content_weight, style_weight, paper_alpha, paper_beta and the formulas stay as they are.
"""

ZH = {
    # paper_weights.py: the form of the answer; the numbers
    ("returned a {kind} of {count} items. Return a dict with the keys content_weight, "
     "style_weight and layer_weights: stylize's argument names, so that stylize(..., **weights) "
     "works."):
        "返回的是含 {count} 个元素的 {kind}。请返回一个字典，键为 content_weight、style_weight 和"
        " layer_weights：也就是 stylize 的参数名，这样 stylize(..., **weights) 才能用。",
    "returned a {kind}. Return a dict with the keys {keys}.":
        "返回的是 {kind}。请返回一个键为 {keys} 的字典。",
    ("has a key 'tv_weight'. The paper's loss has no smoothness term: leave it out (the cell "
     "that uses your weights sets tv_weight=0 itself)."):
        "有一个键 'tv_weight'。论文的损失没有平滑项：请去掉它（使用你的权重的那个单元格会自己设置"
        " tv_weight=0）。",
    ("has the keys {keys}; expected exactly {expected} (missing: {missing}; not stylize "
     "arguments: {extra})."):
        "键是 {keys}；应当正好是 {expected}（缺少：{missing}；不是 stylize 参数的：{extra}）。",
    "{name} is {value!r}. It must be one finite number (a float).":
        "{name} 是 {value!r}。它必须是一个有限的数（float）。",
    ("layer_weights is a {kind}. Make it a dict {{layer: weight}} with the layers of "
     "target_grams as keys: stylize looks the weights up by name."):
        "layer_weights 是 {kind}。请把它做成字典 {{层: 权重}}，以 target_grams 的层为键：stylize "
        "按名字查找权重。",
    "layer_weights has the layers {layers}; expected the layers of target_grams, {expected}.":
        "layer_weights 的层是 {layers}；应当是 target_grams 的层 {expected}。",
    "each value of layer_weights must be one number (a float).":
        "layer_weights 的每个值都必须是一个数（float）。",
    " (your content_weight is 1)":
        "（你的 content_weight 是 1）",
    ("all your weights are {factor:.4g} times the right ones{ones}. That keeps the balance (the "
     "same best image), but the loss is not the paper's number: do not scale them; "
     "content_weight is paper_alpha ||P||^2 / 2 itself."):
        "你的所有权重都是正确值的 {factor:.4g} 倍{ones}。这样平衡不变（最好的图像相同），但损失就"
        "不是论文的那个数了：不要缩放它们；content_weight 就是 paper_alpha ||P||^2 / 2 本身。",
    ("style_weight is paper_beta itself ({beta:g}). It must be the sum over the layers of "
     "paper_beta / L * ||A_l||^2 / (4 C_l^2); each layer weight is its term divided by that "
     "sum."):
        "style_weight 就是 paper_beta 本身（{beta:g}）。它应当是 paper_beta / L * ||A_l||^2 / (4 "
        "C_l^2) 对各层的和；每层的权重是该层这一项除以这个和。",
    ("content_weight is {content:.5g} (expected {expected:.5g}); style_weight * layer weight is "
     "{layers}."):
        "content_weight 是 {content:.5g}（应为 {expected:.5g}）；style_weight * 层权重为 {layers}"
        "。",
    "{layer} {value:.4g} (expected {expected:.4g})":
        "{layer} {value:.4g}（应为 {expected:.4g}）",
    ("gives the right loss, but its layer weights sum to {total:.4g}, not 1. This series' layer "
     "weights always sum to 1 (so that style_weight can be compared with stylize's default): "
     "divide each by their sum and multiply style_weight by it."):
        "损失是对的，但层权重之和是 {total:.4g}，不是 1。本系列的层权重之和总是 1（这样 style_wei"
        "ght 才能与 stylize 的默认值比较）：请把每个层权重除以它们的和，并把 style_weight 乘以这"
        "个和。",

    # paper_weights_probes.py: content_weight
    "||P|| (the norm, P.norm()) where ||P||^2 (the sum of squares) belongs":
        "||P||（范数，P.norm()），而这里应当是 ||P||^2（平方和）",
    "the sum of P, not the sum of its squares: P.pow(2).sum()":
        "P 的和，而不是它的平方和：P.pow(2).sum()",
    "the mean of P^2, not the sum: use P.pow(2).sum()":
        "P^2 的平均值，而不是和：请用 P.pow(2).sum()",
    ("no P at all. Ours divides the error by ||P||^2 and the paper does not, so the weight must "
     "multiply by it: alpha ||P||^2 / 2"):
        "根本没有 P。我们的损失把误差除以了 ||P||^2，论文的没有，所以权重必须乘以它：alpha ||P||^"
        "2 / 2",
    "1 / ||P||^2: multiply by ||P||^2, do not divide":
        "1 / ||P||^2：应乘以 ||P||^2，不要除",
    "(||P||^2)^2: use ||P||^2 = P.pow(2).sum() once":
        "(||P||^2)^2：||P||^2 = P.pow(2).sum() 只用一次",
    "||P||^2 / M (M = H*W of P): the paper's content loss is a plain sum, no M":
        "||P||^2 / M（M 是 P 的 H*W）：论文的内容损失是普通的求和，没有 M",
    "||P||^2 / M^2 (M = H*W of P): the paper's content loss is a plain sum, no M":
        "||P||^2 / M^2（M 是 P 的 H*W）：论文的内容损失是普通的求和，没有 M",
    "||P||^2 / C (C = channels of P): the paper's content loss is a plain sum":
        "||P||^2 / C（C 是 P 的通道数）：论文的内容损失是普通的求和",
    "content_weight is {base:.4g}; it must be positive: paper_alpha ||P||^2 / 2.":
        "content_weight 是 {base:.4g}；它必须是正数：paper_alpha ||P||^2 / 2。",
    ("content_weight follows paper_beta, not paper_alpha: it grows 10 times when paper_beta "
     "does. You swapped the two: content_weight comes from paper_alpha, style_weight from "
     "paper_beta."):
        "content_weight 跟着 paper_beta 变，而不是 paper_alpha：paper_beta 变为 10 倍时它也变为 1"
        "0 倍。你把两者弄反了：content_weight 来自 paper_alpha，style_weight 来自 paper_beta。",
    ("content_weight should grow with paper_alpha: when paper_alpha is 10 times larger, yours "
     "is {times:.3g} times larger (expected 10)."):
        "content_weight 应随 paper_alpha 增大：paper_alpha 变为 10 倍时，你的结果变为 {times:.3g}"
        " 倍（应为 10）。",
    "the style's A":
        "风格的 A",
    ("content_weight changes when only {what} changes (it becomes {times:.3g} times as large): "
     "it depends on paper_alpha and P only."):
        "只改变{what}时 content_weight 也变了（变为原来的 {times:.3g} 倍）：它只依赖于 paper_alph"
        "a 和 P。",
    "content_weight uses {text}.":
        "content_weight 用的是 {text}。",
    ("content_weight grows {values:.3g} times when P's values double (expected 4), "
     "{positions:.3g} times when P has twice the positions (expected 2), {channels:.3g} times "
     "for twice the channels (expected 2). It should be paper_alpha * P.pow(2).sum() / 2."):
        "P 的值加倍时 content_weight 变为 {values:.3g} 倍（应为 4），P 的位置数加倍时变为 {positi"
        "ons:.3g} 倍（应为 2），通道数加倍时变为 {channels:.3g} 倍（应为 2）。它应当是 paper_alph"
        "a * P.pow(2).sum() / 2。",
    ("twice the right value: the paper's content loss has a factor 1/2 (1/2 ||F - P||^2), so "
     "content_weight = paper_alpha ||P||^2 / 2"):
        "正确值的两倍：论文的内容损失带有因子 1/2（1/2 ||F - P||^2），所以 content_weight = paper"
        "_alpha ||P||^2 / 2",
    "half the right value: take the 1/2 once, paper_alpha ||P||^2 / 2":
        "正确值的一半：1/2 只乘一次，paper_alpha ||P||^2 / 2",
    "{ratio:.4g} times the right value, paper_alpha ||P||^2 / 2 = {right:.5g}":
        "正确值 paper_alpha ||P||^2 / 2 = {right:.5g} 的 {ratio:.4g} 倍",
    "content_weight is {what}.":
        "content_weight 是{what}。",

    # paper_weights_probes.py: the style weights
    "yours does not divide by the 4 of 1/(4 C^2)":
        "你的没有除以 1/(4 C^2) 中的 4",
    "yours divides by 4 twice":
        "你的除了两次 4",
    "style_weight * layer weight must be positive for every layer.":
        "每一层的 style_weight * 层权重都必须是正数。",
    "style_weight follows paper_alpha, not paper_beta: you swapped the two.":
        "style_weight 跟着 paper_alpha 变，而不是 paper_beta：你把两者弄反了。",
    ("style_weight should grow with paper_beta only: yours is {beta:.3g} times larger for 10 "
     "times paper_beta (expected 10) and {alpha:.3g} times for 10 times paper_alpha (expected "
     "1)."):
        "style_weight 只应随 paper_beta 增大：paper_beta 变为 10 倍时你的结果变为 {beta:.3g} 倍（"
        "应为 10），paper_alpha 变为 10 倍时变为 {alpha:.3g} 倍（应为 1）。",
    ("the style weights divide by M{square}, the positions of P. M cancels with our Gram "
     "matrices (averages): the paper's 1/(4 C^2 M^2) sum (M G - M A)^2 is ||G - A||^2 / (4 "
     "C^2). No M is needed."):
        "风格权重除以了 M{square}，即 P 的位置数。用我们的格拉姆矩阵（平均值）时 M 会约掉：论文的"
        " 1/(4 C^2 M^2) sum (M G - M A)^2 就是 ||G - A||^2 / (4 C^2)。不需要 M。",
    ("the style weights use the channels of P (C = {c}) for every layer. Each style layer has "
     "its own C: A.shape[-1] of that layer's Gram matrix."):
        "风格权重对每一层都用了 P 的通道数（C = {c}）。每个风格层都有自己的 C：那一层格拉姆矩阵的"
        " A.shape[-1]。",
    ("the style weights change when only P changes ({values:.3g} times for P's values x2, "
     "{positions:.3g} for its positions x2, {channels:.3g} for its channels x2): they depend on "
     "paper_beta and the A's only."):
        "只改变 P 时风格权重也变了（P 的值加倍时变为 {values:.3g} 倍，位置数加倍时 {positions:.3g"
        "} 倍，通道数加倍时 {channels:.3g} 倍）：它们只依赖于 paper_beta 和各个 A。",
    "as ||A|| (the norm) or the sum of A do":
        "就像 ||A||（范数）或 A 的和那样",
    "so they do not use A":
        "所以它们没有用到 A",
    "as 1 / ||A||^2 does: multiply by ||A||^2, do not divide":
        "就像 1 / ||A||^2 那样：应乘以 ||A||^2，不要除",
    "as (||A||^2)^2 does: use A.pow(2).sum() once":
        "就像 (||A||^2)^2 那样：A.pow(2).sum() 只用一次",
    ", {text}":
        "，{text}",
    ("the style weights grow {times:.3g} times when every A doubles{how}. They should grow 4 "
     "times: each layer counts by ||A_l||^2 / (4 C_l^2) = A.pow(2).sum() / (4 C^2), because "
     "ours divides by ||A_l||^2."):
        "每个 A 都加倍时，风格权重变为 {times:.3g} 倍{how}。它们应变为 4 倍：每一层按 ||A_l||^2 /"
        " (4 C_l^2) = A.pow(2).sum() / (4 C^2) 计，因为我们的损失除以了 ||A_l||^2。",
    ("the layer weights are all equal ({share:.3g} each), but the right ones differ from layer "
     "to layer: ours divides each layer's error by ||A_l||^2, so layer l must count by "
     "paper_beta / L * ||A_l||^2 / (4 C_l^2)."):
        "层权重全都相等（每层 {share:.3g}），但正确的层权重各层不同：我们的损失把每层的误差除以了"
        " ||A_l||^2，所以第 l 层必须按 paper_beta / L * ||A_l||^2 / (4 C_l^2) 计。",
    "(C = {sizes} here; yours is {ratios} times the right value)":
        "（这里 C = {sizes}；你的结果分别是正确值的 {ratios} 倍）",
    ("the style weights are wrong by a factor that differs from layer to layer {spread}. Each "
     "layer's part is paper_beta / L * ||A_l||^2 / (4 C_l^2)."):
        "风格权重错了一个各层不同的因子{spread}。每层的部分是 paper_beta / L * ||A_l||^2 / (4 C_l"
        "^2)。",
    ("the style weights do not divide by C^2 {spread}. C is the channels of each layer: "
     "A.shape[-1] (A.shape[0] is the batch, 1)."):
        "风格权重没有除以 C^2{spread}。C 是每一层的通道数：A.shape[-1]（A.shape[0] 是批量，为 1）"
        "。",
    "the style weights divide by C, not by C^2 {spread}.":
        "风格权重除以了 C，而不是 C^2{spread}。",
    ("the style weights are off by a factor that grows as C^{slope:.3g} {spread}: divide by 4 "
     "C^2."):
        "风格权重差了一个按 C^{slope:.3g} 增长的因子{spread}：请除以 4 C^2。",
    ("yours leaves out the paper's layer weight 1/L: the paper weighs each of its L style "
     "layers by 1/L (here L = {count})"):
        "你的漏掉了论文的层权重 1/L：论文给它的 L 个风格层每层的权重都是 1/L（这里 L = {count}）",
    "yours has neither the 4 of 1/(4 C^2) nor the layer weight 1/L (L = {count})":
        "你的既没有 1/(4 C^2) 中的 4，也没有层权重 1/L（L = {count}）",
    ("yours uses 1/5 as the paper's layer weight; with the {count} layers given it is 1/L = "
     "1/{count}: 1 / len(target_grams)"):
        "你的把论文的层权重取成了 1/5；给定的是 {count} 层，所以应是 1/L = 1/{count}：1 / len(tar"
        "get_grams)",
    ": {text}":
        "：{text}",
    "the style weights are {ratio:.4g} times the right value in every layer{why}.":
        "每一层的风格权重都是正确值的 {ratio:.4g} 倍{why}。",
}
