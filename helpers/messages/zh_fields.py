"""简体中文 for notebook 02's exercise check, receptive_fields (checks/receptive_field.py): the
form of the answer, the rule each short list of layers tests, the layer where it goes wrong.

{english template: Chinese template}; the fields are the same (tests/test_zh_edition.py checks).
感受野, 跳距, 卷积, 池化 as in docs/glossary.md; r, j and kinds stay as they are.
"""

ZH = {
    # receptive_field.py
    ("returned one number ({out}) for {count} layers. Return a list with one r for each layer: "
     "append r after each layer.{last}"):
        "对 {count} 层只返回了一个数（{out}）。请返回一个列表，每层一个 r：每处理完一层就 append "
        "一次 r。{last}",
    " It is the receptive field of the last layer.":
        "它是最后一层的感受野。",
    "returned None. End the function with `return` and the list of receptive fields.":
        "返回了 None。请在函数末尾用 `return` 返回感受野的列表。",
    " (wrap it in list(...))":
        "（请用 list(...) 包起来）",
    "returned a {kind}{extra}. Return a Python list of whole numbers, one per layer.":
        "返回的是 {kind}{extra}。请返回一个由整数组成的 Python 列表，每层一个。",
    ("item {i} of your list is a {kind}. Each item must be one whole number: the receptive "
     "field r after that layer (an int)."):
        "你的列表中第 {i} 项是 {kind}。每一项都必须是一个整数：这一层之后的感受野 r（一个 int）。",
    ("item {i} of your list is {value}: a receptive field is a whole number of pixels. Keep r "
     "and j as ints (use * and //, not /)."):
        "你的列表中第 {i} 项是 {value}：感受野是整数个像素。请让 r 和 j 保持为 int（用 * 和 //，"
        "不要用 /）。",
    ("returns VGG-19's {k} values for a list of {n} other layers. Compute r from `kinds`, layer "
     "by layer."):
        "对另外一个 {n} 层的列表返回了 VGG-19 的 {k} 个值。请根据 `kinds` 一层一层地计算 r。",
    ("returned {k} values for {n} layers: yours starts with r = 1 for the input itself. Return "
     "one value per layer: r after that layer."):
        "对 {n} 层返回了 {k} 个值：你的列表以输入本身的 r = 1 开头。请每层返回一个值：这一层之后"
        "的 r。",
    ("returned {k} values for {n} layers: none for the {relus} ReLUs. Append r after every "
     "layer, the ReLUs too (a ReLU keeps r as it is)."):
        "对 {n} 层返回了 {k} 个值：{relus} 个 ReLU 层都没有值。请在每一层之后都 append r，ReLU 也"
        "一样（ReLU 让 r 保持不变）。",
    "returned {k} values for {n} layers. Return one r per layer, in the order of `kinds`.":
        "对 {n} 层返回了 {k} 个值。请每层返回一个 r，顺序与 `kinds` 相同。",
    ("a ReLU changes r in yours: after a conv it takes r from {before} to {last}. A ReLU looks "
     "at one value only, so it keeps r (and j) as they are."):
        "在你的函数里 ReLU 改变了 r：在卷积之后它把 r 从 {before} 变成了 {last}。ReLU 只看一个值"
        "，所以 r（和 j）保持不变。",
    ("starts from r = {last}: before any layer a value sees one pixel, so start with r = 1 (and "
     "j = 1). A ReLU keeps r."):
        "从 r = {last} 开始：在任何层之前，一个值只看到一个像素，所以请从 r = 1（和 j = 1）开始。"
        "ReLU 让 r 保持不变。",
    "adds j = 1, but a 3x3 conv adds 2j (its window reaches one pixel further on each side)":
        "加了 j = 1，但 3x3 卷积要加 2j（它的窗口在每一边都多看一个像素）",
    "adds 3 (the kernel size), but a 3x3 conv adds (3 - 1) j = 2j":
        "加了 3（卷积核大小），但 3x3 卷积加的是 (3 - 1) j = 2j",
    "should add 2j = 2, giving 3":
        "应该加 2j = 2，得到 3",
    "a 3x3 conv at the input takes r from 1 to {last} in yours: it {how}.":
        "在你的函数里，输入处的一个 3x3 卷积把 r 从 1 变成了 {last}：它{how}。",
    " (it multiplies r by 3)":
        "（它把 r 乘以了 3）",
    ("a second conv takes r from 3 to {last} in yours{how}. A conv adds 2j, and j is still 1 "
     "before any pool: 3 + 2 = 5."):
        "在你的函数里，第二个卷积把 r 从 3 变成了 {last}{how}。卷积加 2j，而在任何池化之前 j 仍是"
        " 1：3 + 2 = 5。",
    "adds nothing, but a 2x2 pool adds j (1 here) and then doubles j":
        "什么也没加，但 2x2 池化要加 j（这里是 1），然后把 j 加倍",
    "adds 2 where j = 1. A pool adds j and then doubles j (doubling j first would add 2)":
        "在 j = 1 时加了 2。池化先加 j，再把 j 加倍（先把 j 加倍就会加 2）",
    "should add j = 1, giving 2":
        "应该加 j = 1，得到 2",
    "a 2x2 pool at the input takes r from 1 to {last} in yours: it {how}.":
        "在你的函数里，输入处的一个 2x2 池化把 r 从 1 变成了 {last}：它{how}。",
    ": it doubles r. A pool adds j to r and doubles j, not r":
        "：它把 r 加倍了。池化是给 r 加上 j，再把 j（而不是 r）加倍",
    ". A pool adds j = 1":
        "。池化加的是 j = 1",
    "a pool after one conv takes r from {before} to {last} in yours{how}: 3 + 1 = 4.":
        "在你的函数里，一个卷积之后的池化把 r 从 {before} 变成了 {last}{how}：3 + 1 = 4。",
    " (j did not double)":
        "（j 没有加倍）",
    ("after one pool a conv takes r from {before} to {last} in yours{how}. A 2x2 pool doubles "
     "j, so the conv after it adds 2j = 4: r = 2 + 4 = 6."):
        "在你的函数里，一次池化之后的卷积把 r 从 {before} 变成了 {last}{how}。2x2 池化把 j 加倍，"
        "所以它后面的卷积加 2j = 4：r = 2 + 4 = 6。",
    ("a second pool takes r from {before} to {last} in yours. After one pool j = 2, so the "
     "second pool adds 2: r = 4 (and j becomes 4)."):
        "在你的函数里，第二次池化把 r 从 {before} 变成了 {last}。一次池化之后 j = 2，所以第二次池"
        "化加 2：r = 4（j 变成 4）。",
    ("after two pools a conv takes r from {before} to {last} in yours (2j with j = {jump:g}). j "
     "doubles at each pool (1, 2, 4, 8, 16), so j = 4 there and r = 12."):
        "在你的函数里，两次池化之后的卷积把 r 从 {before} 变成了 {last}（2j，j = {jump:g}）。j 在"
        "每次池化时加倍（1, 2, 4, 8, 16），所以那里 j = 4，r = 12。",
    "returned the right values in reverse order: the first value is for kinds[0].":
        "返回的值是对的，但顺序反了：第一个值对应 kinds[0]。",
    ("reads the layers from the last to the first. Go from the input to the output: kinds[0] is "
     "the layer next to the image."):
        "从最后一层往第一层读。请从输入往输出走：kinds[0] 是紧挨着图像的那一层。",
    ("gives each layer the r from BEFORE it (shifted by one layer). Update r for the layer "
     "first, then append it."):
        "给每一层的是它“之前”的 r（错开了一层）。请先为这一层更新 r，再 append。",
    "returned the jumps j, not the receptive fields r.":
        "返回的是跳距 j，而不是感受野 r。",
    ("is first wrong at layer {i} ({kind}): yours gives r = {value}, expected {right} (before "
     "it r = {r} and j = {j}; a conv adds 2j, a pool adds j and doubles j, a ReLU keeps r)."):
        "第一次出错在第 {i} 层（{kind}）：你的结果是 r = {value}，应为 {right}（在它之前 r = {r}"
        "，j = {j}；卷积加 2j，池化加 j 并把 j 加倍，ReLU 让 r 不变）。",
    "{count}, starting {first}":
        "有 {count} 层，开头是 {first}",
    "none":
        "没有",
    ("changed the list `kinds` in place: it had {count} layers and now has {now}. list.pop, "
     ".remove, .reverse and .sort change the caller's list: read it with `for kind in kinds`."):
        "原地修改了列表 `kinds`：它本来有 {count} 层，现在{now}。list.pop、.remove、.reverse 和 ."
        "sort 会改变调用者的列表：请用 `for kind in kinds` 来读它。",
    ("gives another answer when called again with the same {count} layers (first {first}..., "
     "then {then}...). Set r = 1 and j = 1 inside the function, so that each call starts "
     "afresh."):
        "用同样的 {count} 层再调用一次，得到了不同的答案（第一次 {first}...，第二次 {then}...）。"
        "请在函数内部设置 r = 1 和 j = 1，让每次调用都从头开始。",
}
