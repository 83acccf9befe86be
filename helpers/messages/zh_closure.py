"""简体中文 for the L-BFGS closure check (checks/closure.py) and the order of events it records
(events.py): what the closure returned, the gradient it left, the first event out of place.

{english template: Chinese template}; the fields are the same (tests/test_zh_edition.py checks).
闭包, 优化器, 梯度, 计算图 as in docs/glossary.md; losses['total'] and the calls stay as code.
"""

ZH = {
    # closure.py: errors the closure raised (CLOSURE_ERRORS, shown with `again`)
    ("backward() failed: the loss has no link back to the image. Pass `image` itself to loss_fn "
     "(no .detach(), .data, .clone().detach() or torch.no_grad())."):
        "backward() 失败了：损失与图像之间没有联系。请把 `image` 本身传给 loss_fn（不要用 .detach"
        "()、.data、.clone().detach() 或 torch.no_grad()）。",
    ("backward() ran twice on the same graph. Call loss_fn once and backward() once in each "
     "call of the closure."):
        "backward() 在同一个计算图上运行了两次。闭包每次被调用时，请只调用一次 loss_fn 和一次 bac"
        "kward()。",
    ("closure() must take no arguments: L-BFGS calls it as closure(). It sees image, optimizer "
     "and loss_fn from make_closure."):
        "closure() 不能有参数：L-BFGS 以 closure() 的形式调用它。它从 make_closure 中看到 image、"
        "optimizer 和 loss_fn。",
    ("loss_fn returns a dict of losses: call backward() on its 'total', "
     "losses['total'].backward()."):
        "loss_fn 返回的是一个装着各项损失的字典：请对其中的 'total' 调用 backward()，即 losses['t"
        "otal'].backward()。",
    ("backward() needs the loss tensor: .item() or float() gives a Python number. Call "
     "losses['total'].backward()."):
        "backward() 需要损失张量：.item() 或 float() 得到的是 Python 数字。请调用 losses['total']"
        ".backward()。",
    ("image.grad is None before the first backward(), so image.grad.zero_() fails. Use "
     "optimizer.zero_grad(), which handles that."):
        "第一次 backward() 之前 image.grad 是 None，所以 image.grad.zero_() 会出错。请用 optimize"
        "r.zero_grad()，它能处理这种情况。",
    ("the closure changes the image in place (such as image.clamp_(0, 1)). It must leave the "
     "pixels alone: only the optimizer moves them."):
        "闭包原地修改了图像（例如 image.clamp_(0, 1)）。闭包不能动像素：只有优化器才能改变它们。",
    "{advice}\n(The closure raised {kind}: {err})":
        "{advice}\n（闭包抛出了 {kind}：{err}）",
    "the closure raised {kind}: {err}":
        "闭包抛出了 {kind}：{err}",

    # closure.py: what the closure returned, the gradient it left, make_closure, L-BFGS
    ("the closure returns nothing (None). End it with `return losses['total']`: L-BFGS needs "
     "the value of the loss."):
        "闭包什么也没有返回（None）。请以 `return losses['total']` 结尾：L-BFGS 需要损失的值。",
    "the closure returned the whole dict of losses. Return losses['total'].":
        "闭包返回了装着所有损失的整个字典。请返回 losses['total']。",
    ("the closure returned a Python number ({out:.6g}; .item() or float()?). Return the loss "
     "tensor itself, losses['total']."):
        "闭包返回了一个 Python 数字（{out:.6g}；是不是用了 .item() 或 float()？）。请返回损失张量"
        "本身，losses['total']。",
    "the closure returned {what}: losses['total'].":
        "闭包返回的是{what}：losses['total']。",
    "the closure should return the scalar loss tensor losses['total'], got {what}.":
        "闭包应返回标量损失张量 losses['total']，得到的却是{what}。",
    "the closure returns losses['{key}'], one part of the loss. Return losses['total'].":
        "闭包返回的是 losses['{key}']，只是损失的一部分。请返回 losses['total']。",
    ("on its second call, after the pixels changed, the closure returned {out:.6g}, the loss of "
     "the first call's pixels; the loss of the new pixels is {expected:.6g}. Compute the loss "
     "anew in every call."):
        "第二次调用时像素已经变了，闭包却返回了 {out:.6g}，这是第一次调用时那些像素的损失；新像素"
        "的损失是 {expected:.6g}。请在每次调用时重新计算损失。",
    " That is the value of losses['{key}'].":
        "这是 losses['{key}'] 的值。",
    ("the closure returned {out:.6g}, but loss_fn(image)['total'] is {expected:.6g}.{known} "
     "Return losses['total'] of this call."):
        "闭包返回了 {out:.6g}，而 loss_fn(image)['total'] 是 {expected:.6g}。{known}请返回这一次"
        "调用的 losses['total']。",
    ("the closure returns a copy of losses['total'] cut from the graph (.detach(), .data or "
     "torch.tensor(...)). Return the tensor itself: `return losses['total']`."):
        "闭包返回的是 losses['total'] 的一个与计算图断开的副本（.detach()、.data 或 torch.tensor("
        "...)）。请返回张量本身：`return losses['total']`。",
    ("the closure never calls backward(), so image.grad does not hold the gradient of the loss: "
     "call losses['total'].backward() inside it, so L-BFGS gets the gradient."):
        "闭包从不调用 backward()，所以 image.grad 里没有损失的梯度：请在闭包里调用 losses['total'"
        "].backward()，这样 L-BFGS 才能得到梯度。",
    "off by up to {largest:.3g}":
        "最多相差 {largest:.3g}",
    ("image.grad after the closure is not the gradient of losses['total'] ({have}). Call "
     "backward() on losses['total'], once, after zero_grad()."):
        "闭包运行后的 image.grad 不是 losses['total'] 的梯度（{have}）。请在 zero_grad() 之后，对"
        " losses['total'] 调用一次 backward()。",
    ("make_closure returned None. End it with `return closure` (the function itself, without "
     "brackets)."):
        "make_closure 返回了 None。请以 `return closure` 结尾（函数本身，不带括号）。",
    ("make_closure returned a {kind}, not a function. Return the closure itself (`return "
     "closure`), not the result of calling it."):
        "make_closure 返回的是 {kind}，不是函数。请返回闭包本身（`return closure`），而不是调用它"
        "的结果。",
    "make_closure returned a {kind}, not a function.":
        "make_closure 返回的是 {kind}，不是函数。",
    ("with L-BFGS your closure reached loss {yours:.5g}, the reference {reference:.5g}. Follow "
     "the four steps of the contract exactly."):
        "用 L-BFGS 时，你的闭包达到的损失是 {yours:.5g}，参考答案是 {reference:.5g}。请严格按照约"
        "定的四个步骤来写。",

    # events.py: the order of events in one call
    "{moved} pixels outside [0, 1] were clamped to [0, 1]":
        "{moved} 个超出 [0, 1] 的像素被截断到 [0, 1]",
    "{moved} of {count} pixels changed, by up to {largest:.3g}":
        "{count} 个像素中有 {moved} 个变了，最多变化 {largest:.3g}",
    "your closure {found}":
        "你的闭包{found}",
    "calls loss_fn":
        "调用了 loss_fn",
    "calls backward()":
        "调用了 backward()",
    "calls optimizer.step()":
        "调用了 optimizer.step()",
    "changes the image":
        "修改了图像",
    ("make_closure {step} itself, when it makes the closure. Do that inside closure(): L-BFGS "
     "calls closure() many times, each time with new pixels, and each call needs its own loss "
     "and gradient."):
        "make_closure 在生成闭包时自己{step}。请把这一步放到 closure() 里面：L-BFGS 会多次调用 cl"
        "osure()，每次的像素都不同，每次调用都需要自己的损失和梯度。",
    ("calls optimizer.step(). L-BFGS calls the closure from inside its own step(), and moves "
     "the pixels itself: remove the step() call."):
        "调用了 optimizer.step()。L-BFGS 是在它自己的 step() 里调用闭包的，并且自己移动像素：请删"
        "掉 step() 这一调用。",
    "before it calls loss_fn":
        "在调用 loss_fn 之前",
    "after loss_fn":
        "在 loss_fn 之后",
    "after backward()":
        "在 backward() 之后",
    ("changes the image {stage}: {how}. The closure must leave the pixels alone: only the "
     "optimizer moves them, between its calls of closure()."):
        "{stage}修改了图像：{how}。闭包不能动像素：只有优化器才能改变它们，而且是在两次调用 closu"
        "re() 之间。",
    "clears image.grad":
        "清空了 image.grad",
    "calls zero_grad()":
        "调用了 zero_grad()",
    ("{done} after backward(): that wipes the gradient that backward() just computed, so the "
     "optimizer gets none. Call optimizer.zero_grad() first, before loss_fn."):
        "在 backward() 之后{done}：这会抹掉 backward() 刚算出的梯度，优化器就什么也得不到。请在调"
        "用 loss_fn 之前先调用 optimizer.zero_grad()。",
    ("calls loss_fn {count} times in one call. Once is enough: keep the dict it returns and use "
     "its 'total' for backward() and as the return value."):
        "一次调用中调用了 {count} 次 loss_fn。一次就够了：保留它返回的字典，用其中的 'total' 做 b"
        "ackward()，并作为返回值。",
    ("calls loss_fn under torch.no_grad(): the loss then has no graph, and backward() cannot "
     "compute a gradient. Compute the loss with gradients on."):
        "在 torch.no_grad() 下调用了 loss_fn：这样损失没有计算图，backward() 无法计算梯度。请在开"
        "启梯度的情况下计算损失。",
    ("passes loss_fn a copy of the image that is cut from the graph (.detach(), .data, "
     "torch.tensor(...) or Variable(...)): no gradient can reach the pixels. Pass `image` "
     "itself: loss_fn(image)."):
        "传给 loss_fn 的是图像的一个与计算图断开的副本（.detach()、.data、torch.tensor(...) 或 Va"
        "riable(...)）：梯度到不了像素。请传入 `image` 本身：loss_fn(image)。",
    "another shape":
        "形状不同",
    ("passes loss_fn a changed copy of the image ({how}). Pass `image` itself: the loss must be "
     "that of the pixels the optimizer gave."):
        "传给 loss_fn 的是图像的一个被改动过的副本（{how}）。请传入 `image` 本身：损失必须是优化"
        "器给出的那些像素的损失。",
    ("calls backward() twice in one call: PyTorch adds the gradients, so image.grad is twice "
     "the right one. Call it once."):
        "一次调用中调用了两次 backward()：PyTorch 会把梯度累加，所以 image.grad 是正确梯度的两倍"
        "。请只调用一次。",
    ("calls backward() while image.grad still holds the gradient of an earlier call: PyTorch "
     "adds each backward() to what is in .grad, and L-BFGS calls the closure many times. Start "
     "the closure with optimizer.zero_grad()."):
        "调用 backward() 时 image.grad 里还留着前一次调用的梯度：PyTorch 会把每次 backward() 的结"
        "果加到 .grad 上，而 L-BFGS 会多次调用闭包。请在闭包开头调用 optimizer.zero_grad()。",
    ("calls backward() on {names}, not on losses['total']: the gradient misses the other parts "
     "(and their weights). Call losses['total'].backward()."):
        "对 {names} 调用了 backward()，而不是对 losses['total']：梯度缺少其他部分（以及它们的权重"
        "）。请调用 losses['total'].backward()。",
    ("calls backward() on something other than losses['total'] itself: the gradient that "
     "reaches losses['total'] is {value:.4g}, not 1 (a multiple or a power of it?), so "
     "image.grad is off by that much. Call losses['total'].backward()."):
        "调用 backward() 的对象不是 losses['total'] 本身：到达 losses['total'] 的梯度是 {value:.4"
        "g}，不是 1（是它的倍数或乘方吗？），所以 image.grad 也差了这么多。请调用 losses['total']"
        ".backward()。",
}
