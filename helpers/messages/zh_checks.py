"""简体中文 for the exercise checks: base.py (what every check shares) and stubs.py (an
exercise not done yet).

{english template: Chinese template}; the fields are the same (tests/test_zh_edition.py checks).
A check's own findings (a named mistake, a fitted factor) stay English until they are catalogued
here; the rest of its message is Chinese around them.
"""

ZH = {
    "expected a function, got {kind}. Pass the function itself ({name}, without brackets).":
        "需要一个函数，收到的却是 {kind}。请传入函数本身（{name}，不带括号）。",
    " Also: {old}": "另外：{old}",
    "\nAlso: {old}": "\n另外：{old}",
    "returned a tensor on {got}, but the inputs are on {where}. {stay}":
        "返回的张量在 {got} 上，而输入在 {where} 上。{stay}",
    ("raised {kind}: {err}\n"
     "(called with inputs of shape {shapes})"):
        ("抛出了 {kind}：{err}\n"
         "（调用时输入的形状为 {shapes}）"),
    ("{advice}\n"
     "(It raised {kind}: {err}; inputs of shape {shapes})"):
        ("{advice}\n"
         "（它抛出了 {kind}：{err}；输入的形状为 {shapes}）"),
    ("works for one image but crashes for a batch of {count}: {text}. Take the sizes from the "
     "input (n, c, h, w = features.shape) and keep the batch axis: reshape to (n, c, h * w), "
     "not (c, -1)."):
        ("对一张图像能运行，对 {count} 张图像组成的批量却出错：{text}。"
         "请从输入中取各维的大小（n, c, h, w = features.shape），并保留批量维度："
         "reshape 成 (n, c, h * w)，而不是 (c, -1)。"),
    "{name}: all {count} checks passed": "{name}：全部 {count} 项检查都通过了",
    ("returned a Python number ({out!r}), not a tensor. Return the torch tensor (no .item() "
     "or float()), so that backward() can compute gradients."):
        ("返回的是 Python 数字（{out!r}），不是张量。请返回 torch 张量（不要用 .item() 或 "
         "float()），这样 backward() 才能计算梯度。"),
    " For inputs of shape {given} yours has shape {described}.":
        "对形状为 {given} 的输入，你的结果形状为 {described}。",
    "Return a 0-dim tensor (.squeeze() it, or leave out what adds the axes).":
        "请返回 0 维张量（对它用 .squeeze()，或者去掉增加这些维度的那一步）。",
    "Add up over every element: .sum() with no dim argument.": "请对所有元素求和：用不带 dim 参数的 .sum()。",
    "expected a scalar, one number of shape (), got shape {shape}.{where} {fix}":
        "需要一个标量，即形状为 () 的一个数，得到的形状却是 {shape}。{where}{fix}",
    ("returned {value}. Look for a division by zero (0/0), or a square root or log of a "
     "number that can be 0 or negative."):
        "返回了 {value}。请检查有没有除以零（0/0），或者对可能为 0 或负数的数开平方、取对数。",
    ("changed its input `{name}` in place. Operations ending in _ (.sub_(), .pow_(), "
     ".clamp_()) and -=, *=, /= overwrite the caller's tensor: compute a new tensor instead "
     "(a = b - c)."):
        ("原地修改了输入 `{name}`。以 _ 结尾的操作（.sub_()、.pow_()、.clamp_()）以及 -=、*=、"
         "/= 会覆盖调用者的张量：请改为计算一个新的张量（a = b - c）。"),
    "should be 0 when {what}, got {value:.4g}.": "应为 0（{what}），得到的却是 {value:.4g}。",
    ("returned a negative loss ({value:.4g}). A loss made of squares cannot be negative: "
     "square each difference before you add up."):
        ("返回了负的损失（{value:.4g}）。由平方组成的损失不可能为负：先把每个差值平方，"
         "再求和。"),
    "returned 0 for inputs that differ. It must grow with the difference.":
        "对不同的输入返回了 0。损失必须随差异增大而增大。",
    ("{name}: not done yet. Your function still raises NotImplementedError{said}\n"
     "Write it in its cell (in place of the `raise` line), run that cell, then run this check "
     "again. The rest of the notebook runs without it."):
        ("{name}：还没有完成。你的函数仍然抛出 NotImplementedError{said}\n"
         "请在它的单元格里写出函数（替换 `raise` 那一行），运行那个单元格，"
         "再重新运行这个检查。笔记本的其余部分不需要它也能运行。"),
    "{name} is not done yet: the cells below use the reference, {where}.":
        "{name} 还没有完成：下面的单元格改用参考答案 {where}。",
    "your function": "你的函数",
}
