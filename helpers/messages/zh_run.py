"""简体中文 for the pixel loop (optimize.py, messages/notes.py) and the explorers (widgets/).

{english template: Chinese template}; the fields are the same (tests/test_zh_edition.py checks).
PROGRESS: the labels of progress bars, some put together by the callers (stylize: "content
from relu4_2"); messages.translate matches a finished label against these templates.
Terms as in docs/glossary.md: 损失计算, 学习率, 风格权重, 内容图像; 探索器 labels are short.
"""

ZH = {
    # optimize.py: the budget, the weights, a loss that is not finite; the notes
    "{name}={steps!r}: give a whole number of loss evaluations, such as {example}.":
        "{name}={steps!r}：请给出损失计算的次数（一个整数），例如 {example}。",
    "{name}={steps}: need at least 1 loss evaluation (100 is a start).":
        "{name}={steps}：至少需要 1 次损失计算（可以从 100 开始）。",
    "{name}={value!r}: a weight is a finite number >= 0, such as 1.0.":
        "{name}={value!r}：权重应是大于等于 0 的有限数，例如 1.0。",
    ("{name}={value!r}: a weight must be >= 0 (0 switches the term off); a negative weight "
     "would reward the error."):
        ("{name}={value!r}：权重必须大于等于 0（0 表示关掉这一项）；负的权重会让误差越大，"
         "总损失反而越小。"),
    "lr=0: the step size must be > 0 (None picks the default).":
        "lr=0：学习率（步长）必须大于 0（None 表示使用默认值）。",
    ("the loss became {loss} at evaluation {count}. Lower the learning rate or the style "
     "weight, or start from the content image."):
        ("第 {count} 次损失计算时，损失变成了 {loss}。请降低学习率或风格权重，"
         "或者从内容图像出发。"),
    ("A run was stopped early (Stop or Ctrl-C), so the rest of this cell is skipped. Run the "
     "cells again to the end to see it."):
        ("有一次运行被提前停止了（Stop 或 Ctrl-C），所以这个单元格余下的部分被跳过。"
         "把单元格重新运行到最后，就能看到它。"),
    ("Stopped after {done} of {steps} evaluations: keeping the best image so far (loss "
     "{loss:.4g}); result.interrupted is True."):
        ("在计划的 {steps} 次损失计算中做完 {done} 次后停止："
         "保留目前最好的图像（损失 {loss:.4g}）；result.interrupted 为 True。"),
    ("The {device} ran out of memory after {done} evaluations: keeping the best image so far. "
     "Use a smaller max_size for the images, or NST_DEVICE=cpu."):
        ("{device} 在 {done} 次损失计算之后内存不足：保留目前最好的图像。"
         "请给图像用更小的 max_size，或者设置 NST_DEVICE=cpu。"),

    # widgets/: the explorers' labels and their one line of news
    "image": "图像",
    "layer": "层",
    "first channel": "起始通道",
    "how many": "显示个数",
    "one colour scale for all maps": "所有特征图共用一个色标",
    "pairs shown": "显示几对",
    "Upload an image": "上传图像",
    "Run": "运行",
    "evaluations": "损失计算",
    "style / content": "风格 / 内容",
    "Stopped early: showing the best image so far. Press Run to run it again.":
        "已提前停止：显示的是目前最好的图像。按“运行”可以重新运行。",
    "content layer": "内容层",
    "style layers:": "风格层：",
    "Tick at least one style layer, then press Run.": "请至少勾选一个风格层，再按“运行”。",
    "photo": "照片",
    "long side (px)": "长边（像素）",
    "kernel size": "卷积核大小",
}

PROGRESS = {
    "optimising": "优化中",
    "style transfer": "风格迁移",
    "style transfer ({statistic})": "风格迁移（{statistic}）",
    "content from {layer}": "由 {layer} 重建内容",
    "texture from {count} layers": "由 {count} 层合成纹理",
    "training": "训练中",
}
