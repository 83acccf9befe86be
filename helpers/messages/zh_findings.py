"""简体中文 for what the checks found, shared by every exercise: fitted factors (checks/scale.py),
gradients (diagnose.py), where a result differs (probes.py), shapes and return values in words
(words.py), old PyTorch idioms and common crashes (idioms.py).

{english template: Chinese template}; the fields are the same (tests/test_zh_edition.py checks).
Formulas, code and shapes stay as they are: sum((F - P)^2), .pow(2).sum(), (N, C, H*W).
"the reference" is 参考答案, as in the stub messages (zh_checks).
"""

ZH = {
    # base.py, words.py: what came back, in words
    "returned {what}.": "返回的是{what}。",
    "a NumPy array. .numpy() leaves PyTorch, so no gradient can flow: stay with torch operations "
    "and return the torch tensor":
        "一个 NumPy 数组。.numpy() 离开了 PyTorch，梯度无法传回：请一直使用 torch 运算，并返回 "
        "torch 张量",
    "1 item": "1 个元素",
    "{count} items": "{count} 个元素",
    "a {kind} of {items}. Return only the torch tensor": "一个含 {items}的 {kind}。请只返回 torch 张量",
    "a {kind}. Return a torch tensor": "一个 {kind}。请返回 torch 张量",
    " of shape {shape}": "，形状为 {shape}",
    "a tensor of shape {shape}": "形状为 {shape} 的张量",
    "inputs of shape {shapes}": "形状为 {shapes} 的输入",
    "1 extra axis": "1 个多余的维度",
    "{count} extra axes": "{count} 个多余的维度",
    ("{shape}: one number, but with {axes} of size 1 (keepdim=True, .unsqueeze, .view(1) or "
     ".reshape(1)?)"):
        "{shape}：是一个数，但带着 {axes}，大小为 1（是不是用了 keepdim=True、.unsqueeze、"
        ".view(1) 或 .reshape(1)？）",
    "{size} (no axis of the input)": "{size}（输入中没有这样的维度）",
    "() (one number)": "()（一个数）",
    "{shape}, that is one value for each {names}": "{shape}，也就是每个 {names} 各一个值",
    " and ": " 和 ",

    # scale.py: a factor fitted over many inputs
    "inputs of different shapes and sizes": "不同形状、不同大小的输入",
    "divided by {formula}": "除以 {formula}",
    "times {formula}": "乘以 {formula}",
    "On {count} {what}, yours is always minus the reference: a sign is wrong.":
        "在 {count} 个{what}上，你的结果总是参考答案的相反数：有一个符号错了。",
    ("On {count} {what}, yours is always {number} times the reference: a fixed number. Look at "
     "the numbers in your formula."):
        "在 {count} 个{what}上，你的结果总是参考答案的 {number} 倍：一个固定的数。"
        "请检查公式里的常数。",
    ("On {count} {what}, yours is always the reference {factor}. Yours computes {yours}; it "
     "should compute {reference}."):
        "在 {count} 个{what}上，你的结果总是参考答案{factor}。你的函数算的是 {yours}；"
        "应该算的是 {reference}。",
    (" That is the square root of the reference: there is one square root too many (.norm(), "
     ".sqrt() or ** 0.5). A sum of squares is .pow(2).sum()."):
        "这是参考答案的平方根：多开了一次平方根（.norm()、.sqrt() 或 ** 0.5）。"
        "平方和应写成 .pow(2).sum()。",
    " That is the square of the reference: do not square the result again.":
        "这是参考答案的平方：不要再对结果平方一次。",

    # diagnose.py: the gradient
    ("no gradient flows back to the input: the result is cut off from the autograd graph, so "
     "backward() could not change the image."):
        "没有梯度传回输入：结果与自动微分（autograd）的计算图断开了，"
        "所以 backward() 无法改变图像。",
    " Look for .detach(), .data, .item(), .numpy(), torch.tensor(...) or torch.no_grad().":
        "请检查有没有用 .detach()、.data、.item()、.numpy()、torch.tensor(...) 或 torch.no_grad()。",
    "no gradient flows back to the input: the result does not depend on it through autograd.":
        "没有梯度传回输入：在自动微分看来，结果并不依赖于它。",
    ("the value is right but the gradient is not (autograd against the reference: largest "
     "difference {largest:.3g})."):
        "值是对的，但梯度不对（用自动微分与参考答案比较：最大差值 {largest:.3g}）。",
    " Your gradient is {factor:.3g} times the right one.": "你的梯度是正确梯度的 {factor:.3g} 倍。",
    (" Exactly half: as when one of the two factors of a square passes no gradient, (F - P) * "
     "(F - P).detach()."):
        "正好一半：就像平方的两个因子中有一个不传梯度，(F - P) * (F - P).detach()。",
    " Your gradient is 0 everywhere.": "你的梯度处处为 0。",
    (" Some part of your computation passes no gradient: look for a value used without autograd "
     "(a detached copy, torch.tensor(...), an in-place change)."):
        "计算中有一部分不传梯度：请找一找没有经过自动微分的值（分离出来的副本、"
        "torch.tensor(...)、原地修改）。",

    # probes.py: where a result differs, and how
    "image {wrong} of the batch is wrong, image {right} is right":
        "批量中的第 {wrong} 张图像错了，第 {right} 张是对的",
    "the diagonal {name}[i, i] is right, the entries off the diagonal are wrong":
        "对角线 {name}[i, i] 是对的，对角线以外的元素错了",
    "the diagonal {name}[i, i] is wrong, the entries off the diagonal are right":
        "对角线 {name}[i, i] 错了，对角线以外的元素是对的",
    "only row and column {row} are wrong": "只有第 {row} 行和第 {row} 列错了",
    "where it is wrong, yours is {ratio:.4g} times the reference":
        "出错的地方，你的结果是参考答案的 {ratio:.4g} 倍",
    "for example yours has {name}{yours}, the reference {name}{theirs}":
        "例如你的结果是 {name}{yours}，参考答案是 {name}{theirs}",
    "; ": "；",
    ".": "。",
    ("The reference is one ratio for the whole batch: add up the numerator over all images, add "
     "up the denominator over all images, then divide."):
        "参考答案对整个批量只算一个比值：先把所有图像的分子加起来，再把所有图像的分母加起来，"
        "然后相除。",
    ("is right for one image, but not for a batch of {batch} images (expected {expected:.6g}, "
     "got {got:.6g}). "):
        "对一张图像是对的，对 {batch} 张图像组成的批量却不对（应为 {expected:.6g}，"
        "得到 {got:.6g}）。",
    ("Yours gives what image 0 alone gives: the other images are left out (features[0] or a "
     "loop that stops early?). Use every image of the batch."):
        "你的结果等于只有第 0 张图像时的结果：其他图像被漏掉了（是不是用了 features[0]，"
        "或者循环提前结束了？）。请用上批量中的每一张图像。",
    "Yours is the mean of the losses of the single images. {whole}":
        "你的结果是各张图像单独的损失的平均值。{whole}",
    "Yours is the sum of the losses of the single images. {whole}":
        "你的结果是各张图像单独的损失之和。{whole}",
    "Yours is none of: image 0 alone, the mean or the sum of the single images. {whole}":
        "你的结果既不是只有第 0 张图像时的结果，也不是各张图像的平均值或总和。{whole}",
    "does not match the reference. For {inputs}: ": "与参考答案不一致。对于{inputs}：",
    "expected {expected:.6g}, got {got:.6g}": "应为 {expected:.6g}，得到 {got:.6g}",
    " (yours is {ratio:.4g} times the reference).": "（你的结果是参考答案的 {ratio:.4g} 倍）。",
    (" Yours is always {ratio:.4g} times the reference: a constant factor. Check how you "
     "normalise (what you divide by)."):
        "你的结果总是参考答案的 {ratio:.4g} 倍：一个常数因子。请检查你的归一化（除以了什么）。",
    (" Over {count} inputs of different shapes the ratio moves from {low:.4g} to {high:.4g}: not "
     "a fixed factor, so more than the normalisation is different."):
        "在 {count} 个不同形状的输入上，这个比值从 {low:.4g} 变到 {high:.4g}：不是固定的因子，"
        "所以不同的不只是归一化。",
    "shape {shape}": "形状 {shape}",
    "expected shape {expected}, got {got}.": "应为形状 {expected}，得到的是{got}。",

    # idioms.py: old PyTorch, common crashes, calls that cut the graph
    ("the two factors of a matrix product do not fit: in A @ B the last axis of A must be as long "
     "as the second-to-last axis of B. For F F^T transpose the second factor: flat @ "
     "flat.transpose(1, 2)."):
        "矩阵乘积的两个因子对不上：在 A @ B 中，A 的最后一维必须和 B 的倒数第二维一样长。"
        "要算 F F^T，请转置第二个因子：flat @ flat.transpose(1, 2)。",
    ("Do not move tensors inside the function: the inputs are already where they should be. To "
     "put a new tensor next to an input, use .to(features.device)."):
        "不要在函数里移动张量：输入已经在它们该在的设备上了。"
        "要把新张量放到输入所在的设备上，请用 .to(features.device)。",
    ("backward(retain_variables=...) is from old PyTorch (0.3 and before). The argument is now "
     "called retain_graph, and you do not need it here: call backward() with no argument. Each "
     "call of the function builds a new graph."):
        "backward(retain_variables=...) 是旧版 PyTorch（0.3 及更早）的写法。这个参数现在叫 "
        "retain_graph，而这里并不需要它：直接调用不带参数的 backward()。"
        "函数每调用一次都会建立新的计算图。",
    ("`.data[0]` (or `[0]`) on a loss is from old PyTorch (0.3), where a loss had shape (1,). "
     "Today a loss is a 0-dim tensor: use loss.item() to print it, and return the tensor itself "
     "(no .data, no [0])."):
        "对损失用 `.data[0]`（或 `[0]`）是旧版 PyTorch（0.3）的写法，那时损失的形状是 (1,)。"
        "现在损失是 0 维张量：打印时用 loss.item()，返回时返回张量本身（不要 .data，也不要 [0]）。",
    "`.cuda()` needs an NVIDIA GPU, and this PyTorch has no CUDA.":
        "`.cuda()` 需要 NVIDIA GPU，而这个 PyTorch 不带 CUDA。",
    "`.cuda()` needs an NVIDIA GPU, and this machine has none.":
        "`.cuda()` 需要 NVIDIA GPU，而这台机器没有。",
    ("mixes tensors on two devices (the GPU and the CPU). Do not call .cuda() or .cpu() inside "
     "the function; make new tensors with .to(features.device)."):
        "混用了两个设备（GPU 和 CPU）上的张量。不要在函数里调用 .cuda() 或 .cpu()；"
        "新建张量时用 .to(features.device)。",
    "`^` is XOR (on bits) in Python, not a power. Square with x ** 2 or x.pow(2).":
        "在 Python 里 `^` 是（按位）异或，不是乘方。平方请写 x ** 2 或 x.pow(2)。",
    ("torch.mm works on 2-D matrices only. For a batch (N, C, M) use @ or torch.bmm: flat @ "
     "flat.transpose(1, 2)."):
        "torch.mm 只能用于二维矩阵。对批量 (N, C, M) 请用 @ 或 torch.bmm："
        "flat @ flat.transpose(1, 2)。",
    (".t() works on 2-D matrices only. For a batch (N, C, M) swap the last two axes: "
     ".transpose(1, 2) (or .mT)."):
        ".t() 只能用于二维矩阵。对批量 (N, C, M) 请交换最后两维：.transpose(1, 2)（或 .mT）。",
    "`transforms.Scale` is from old torchvision; it is now `transforms.Resize` (same arguments).":
        "`transforms.Scale` 是旧版 torchvision 的写法；现在叫 `transforms.Resize`（参数相同）。",
    (".view() needs a tensor stored in one piece (after a transpose or permute it is not). Use "
     ".reshape(...) instead: it copies only when it must."):
        ".view() 要求张量在内存中连续存放（transpose 或 permute 之后就不是了）。"
        "请改用 .reshape(...)：它只在必要时才复制。",
    (".numpy() leaves PyTorch: the result has no gradient. Stay with torch operations "
     "(torch.sum, .pow, @) from the inputs to the returned tensor."):
        ".numpy() 离开了 PyTorch：结果没有梯度。从输入到返回的张量，"
        "请一直使用 torch 运算（torch.sum、.pow、@）。",
    ".item() or float() works on one number only. Keep the tensor: return it as it is.":
        ".item() 或 float() 只能用于单个数。请保留张量：原样返回它。",
    ("`Variable(..., volatile=True)` is from old PyTorch (0.3). Variable is no longer needed, "
     "volatile does nothing, and Variable(x) makes a new tensor with no link to x's graph. Use "
     "the tensor x itself (and `with torch.no_grad():` where you want no gradients)."):
        "`Variable(..., volatile=True)` 是旧版 PyTorch（0.3）的写法。现在不再需要 Variable，"
        "volatile 不起任何作用，而 Variable(x) 会生成一个与 x 的计算图无关的新张量。"
        "请直接使用张量 x（不需要梯度的地方用 `with torch.no_grad():`）。",
    ("`size_average=False` is from old PyTorch. Write the sum yourself, (a - b).pow(2).sum(), or "
     "use reduction='sum'."):
        "`size_average=False` 是旧版 PyTorch 的写法。请自己写求和 (a - b).pow(2).sum()，"
        "或者用 reduction='sum'。",
    ("`.T` on a tensor with 3 or more axes reverses ALL its axes, (N, C, M) becomes (M, C, N). "
     "Swap the last two only: .transpose(1, 2) (or .mT)."):
        "对三维及以上的张量，`.T` 会把所有维度倒过来，(N, C, M) 变成 (M, C, N)。"
        "请只交换最后两维：.transpose(1, 2)（或 .mT）。",
    "{name} (line {number})": "{name}（第 {number} 行）",
    ", ": "、",
    "each gives a result": "它们给出的结果都",
    "it gives a result": "它给出的结果",
    (" Your code uses {names}: {each} with no link to the graph. Keep such calls off the path "
     "from the inputs to the returned tensor."):
        "你的代码用了 {names}：{each}与计算图没有联系。从输入到返回的张量这条路径上，"
        "不要出现这样的调用。",
}
