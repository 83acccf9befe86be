"""Write the lesson-plan tables of the teacher's kit from the plan below and the measured times.

    python3 docs/teachers/plans.py              # after `python3 tasks.py gallery --publish`
    python3 docs/teachers/plans.py TIMES.json   # other measured times (a file like times.json)

The plan (which section runs live, which comes from the gallery, how many minutes of talk) lives
here, in PLAN. The seconds come from docs/gallery/times.json. A live section gets at least its
measured time, rounded up to whole minutes. The script rewrites the part of docs/teachers.md and
docs/teachers.zh.md between its two marker comments, and nothing else; tests/test_teachers_kit.py
then checks the result (every notebook and section present, the minutes, 90 minutes per class).
When a new gallery run makes a live section longer, run this again, and if a class no longer
fits into 90 minutes, change its plan here.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
TIMES = DOCS / "gallery" / "times.json"



def titles(name):
    """(English, Chinese) title of a notebook: the first line of each edition, without "# "."""
    def first_line(path):
        source = json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"]
        return "".join(source).splitlines()[0].lstrip("# ").strip()
    notebooks = ROOT / "notebooks"
    return first_line(notebooks / f"{name}.ipynb"), first_line(notebooks / "zh" / f"{name}.ipynb")


# Per notebook: {section prefix: (one class, two classes, when short of time (en), (zh))}.
# A plan entry is (mode, talk minutes). For "live" the minutes become max(talk, measured, rounded up).
L, G, E, R, H, S = "live", "gallery", "exercise", "read", "homework", "skip"
PLAN = {
    "01_images_as_tensors": {
        "start": ((L, 1), (L, 1), "never: it loads the network", "不能跳过：它加载网络"),
        "1.": ((L, 2), (L, 2), "skip the cell that prints the middle pixel", "可跳过打印中间像素的单元格"),
        "2.": ((L, 1), (L, 1), "say the rule (twice the side, four times the work), skip the cells", "只讲结论（边长翻倍，计算量翻四倍），不运行"),
        "3.": ((L, 2), (L, 5), "show the table; the exercise becomes homework", "只展示表格；练习留作课后作业"),
        "4.": ((L, 2), (L, 2), "tell the result: the same network, only the border differs", "直接讲结论：同一个网络，只有边缘不同"),
        "5.": ((L, 3), (L, 4), "keep it: it is the point of the notebook", "保留：这是本笔记本的重点"),
        "Try it": ((H, 0), (H, 0), "homework", "课后作业"),
    },
    "02_inside_vgg": {
        "start": ((L, 1), (L, 1), "never: it loads the network", "不能跳过：它加载网络"),
        "1.": ((L, 2), (L, 2), "one sentence: blocks of convolutions, then a pooling layer", "一句话：几个卷积，然后一个池化层"),
        "2.": ((L, 3), (L, 7), "show the table only; skip the receptive-field exercise and the VGG-16 cell", "只看表格；跳过感受野练习和 VGG-16 单元格"),
        "3.": ((L, 3), (L, 4), "show the feature-map grid from the gallery", "从作品集展示特征图网格"),
        "4.": ((L, 2), (L, 3), "tell the trap in one sentence", "用一句话讲这个陷阱"),
        "5.": ((S, 0), (S, 0), "skip: with the default network it only prints why it skips", "跳过：默认网络下它只打印跳过的原因"),
        "Try it": ((H, 0), (H, 0), "homework", "课后作业"),
    },
    "03_content_loss": {
        "start": ((L, 1), (L, 1), "never: it loads the network", "不能跳过：它加载网络"),
        "1.": ((L, 2), (L, 3), "show the formula and the table of four images", "只讲公式和四张图像的表格"),
        "2.": ((L, 1), (L, 2), "one sentence: the gradient of a square shrinks near the target", "一句话：平方的梯度在目标附近变小"),
        "3.": ((L, 4), (L, 6), "show the row of reconstructions from the gallery", "从作品集展示重建结果那一行"),
        "Your turn": ((H, 0), (E, 7), "homework", "课后作业"),
        "Try it": ((H, 0), (H, 0), "homework", "课后作业"),
    },
    "04_gram_matrices_and_style": {
        "start": ((L, 1), (L, 1), "never: it loads the network", "不能跳过：它加载网络"),
        "1.": ((L, 3), (L, 3), "keep the one-line Gram matrix, skip the loops", "保留一行代码的格拉姆矩阵，跳过循环版本"),
        "2.": ((L, 2), (L, 3), "show the two heatmaps only", "只看两张热图"),
        "3.": ((L, 3), (L, 3), "keep it: it is the point of the notebook", "保留：这是本笔记本的重点"),
        "4.": ((L, 2), (L, 4), "tell the rule: our relative losses do not depend on size or network", "只讲结论：本系列的相对损失与尺寸和网络无关"),
        "5.": ((G, 2), (L, 4), "show the row of textures from the gallery", "从作品集展示纹理那一行"),
        "Your turn": ((H, 0), (E, 6), "homework", "课后作业"),
        "Try it": ((H, 0), (H, 0), "homework", "课后作业"),
    },
    "05_choosing_layers": {
        "start": ((S, 0), (L, 1), "never, when the notebook runs: it loads the network", "只要运行这个笔记本就不能跳过：它加载网络"),
        "1.": ((G, 1), (L, 2), "show the formula of the objective", "只展示目标函数的公式"),
        "2.": ((G, 3), (L, 3), "show the grid from the gallery", "从作品集展示网格图"),
        "3.": ((G, 1), (L, 1), "skip", "跳过"),
        "4.": ((G, 1), (L, 1), "one sentence: average pooling gives fewer dots", "一句话：平均池化的彩色小点更少"),
        "5.": ((S, 0), (L, 1), "skip", "跳过"),
        "6.": ((R, 1), (R, 1), "show the table of defaults", "展示默认值表"),
        "Your turn": ((H, 0), (H, 0), "homework", "课后作业"),
        "Try it": ((H, 0), (H, 0), "homework", "课后作业"),
        "Summary": ((S, 0), (S, 0), "nothing to run", "无需运行"),
    },
    "06_optimising_pixels": {
        "start": ((L, 1), (L, 1), "never: it loads the network", "不能跳过：它加载网络"),
        "1.": ((L, 2), (L, 3), "show the formula; skip the cell of five Adam steps", "只讲公式；跳过五步 Adam 的单元格"),
        "2.": ((L, 2), (L, 4), "show the three pictures from the gallery", "从作品集展示三张图"),
        "3.": ((L, 3), (L, 4), "keep the cell that counts the closure calls", "保留统计闭包调用次数的单元格"),
        "4.": ((L, 1), (L, 3), "one sentence: clamp inside the run, not only when saving", "一句话：在优化过程中截断，而不是只在保存时"),
        "5.": ((G, 2), (G, 3), "show the grid of the sweep from the gallery", "从作品集展示权重扫描的网格"),
        "6.": ((S, 0), (S, 0), "skip", "跳过"),
        "Your turn": ((H, 0), (E, 7), "homework", "课后作业"),
        "The defaults we keep": ((R, 1), (R, 1), "show the table", "展示表格"),
        "Try it": ((H, 0), (H, 0), "homework", "课后作业"),
        "Summary": ((S, 0), (S, 0), "nothing to run", "无需运行"),
    },
    "07_style_transfer_end_to_end": {
        "start": ((L, 1), (L, 1), "never: it loads the network", "不能跳过：它加载网络"),
        "1.": ((L, 2), (L, 3), "show the formula only", "只讲公式"),
        "2.": ((L, 1), (L, 2), "keep the two paths; skip the table of Gram sizes", "保留两个路径变量；跳过格拉姆矩阵尺寸表"),
        "3.": ((L, 4), (L, 5), "show the result from the gallery instead of painting live", "用作品集里的结果代替现场运行"),
        "4.": ((G, 2), (G, 2), "show the two close-ups from the gallery", "从作品集展示两张局部放大图"),
        "5.": ((S, 0), (S, 0), "skip", "跳过"),
        "Your turn": ((H, 0), (E, 5), "homework", "课后作业"),
        "6.": ((R, 1), (R, 2), "tell the rule: the time grows with the number of pixels", "只讲规律：时间随像素数增长"),
        "Try it": ((H, 0), (H, 0), "homework", "课后作业"),
    },
    "08_beyond_gatys": {
        "start": ((S, 0), (S, 0), "nothing is run", "不运行任何单元格"),
        "1.": ((G, 2), (G, 3), "show the four colour results", "展示四张保留颜色的结果"),
        "2.": ((G, 1), (G, 2), "skip", "跳过"),
        "3.": ((G, 1), (G, 1), "one sentence: a smaller painting gives smaller strokes", "一句话：画作越小，笔触越小"),
        "4.": ((G, 1), (G, 2), "show the masked result only; the exercise becomes homework", "只展示掩码的结果；练习留作课后作业"),
        "5.": ((S, 0), (G, 1), "skip", "跳过"),
        "6.": ((G, 1), (G, 2), "tell the result: random features copy colour, not strokes", "直接讲结论：随机特征能复制颜色，不能复制笔触"),
        "Try it": ((H, 0), (H, 0), "homework", "课后作业"),
    },
    "09_feed_forward_network": {
        "start": ((S, 0), (L, 1), "never, when the notebook runs: it loads the network", "只要运行这个笔记本就不能跳过：它加载网络"),
        "1.": ((G, 1), (L, 3), "one sentence: train a network once, then one pass per photo", "一句话：网络只训练一次，之后每张照片一次前向传播"),
        "2.": ((G, 1), (L, 3), "show the upsampling patterns only", "只展示上采样的图案"),
        "Your turn": ((H, 0), (E, 6), "homework", "课后作业"),
        "3.": ((S, 0), (G, 1), "skip", "跳过"),
        "4.": ((G, 1), (G, 2), "show the last loss curves from the gallery", "从作品集展示最后的损失曲线"),
        "5.": ((G, 2), (G, 3), "show the grid and the table of times", "展示对比图和时间表"),
        "6.": ((S, 0), (G, 1), "skip", "跳过"),
        "Try it": ((H, 0), (H, 0), "homework", "课后作业"),
    },
    "10_from_the_official_tutorial": {
        "start": ((S, 0), (L, 1), "never, when the notebook runs: it loads the network", "只要运行这个笔记本就不能跳过：它加载网络"),
        "1.": ((S, 0), (L, 1), "skip", "跳过"),
        "2.": ((R, 1), (L, 2), "one sentence: its conv_4 is conv2_2", "一句话：它的 conv_4 就是 conv2_2"),
        "3.": ((S, 0), (L, 1), "skip", "跳过"),
        "4.": ((G, 2), (L, 2), "show the four pictures from the gallery", "从作品集展示四张结果图"),
        "5.": ((S, 0), (L, 2), "skip", "跳过"),
        "6.": ((S, 0), (S, 0), "skip", "跳过"),
        "7.": ((S, 0), (R, 1), "skip", "跳过"),
        "Try it": ((H, 0), (H, 0), "homework", "课后作业"),
        "Summary": ((S, 0), (S, 0), "nothing to run", "无需运行"),
    },
}
# Two classes: which session each notebook belongs to.
SESSION = {n: 1 if n[:2] <= "05" else 2 for n in PLAN}

MODE_ZH = {L: "现场运行", G: "作品集", E: "练习", R: "讲解", H: "课后作业", S: "跳过"}
BEGIN = "<!-- begin: the lines below come from docs/teachers/plans.py and docs/gallery/times.json -->"
END = "<!-- end of the lines from docs/teachers/plans.py -->"


def entry(section, spec):
    """The plan of one measured section: its "NN." number, its title, or "Your turn ..."."""
    for prefix, value in spec.items():
        if section == prefix or (prefix.endswith(".") and section.startswith(prefix)) or (
                prefix == "Your turn" and section.startswith("Your turn")):
            return value
    return None


def key_section(name):
    """The section that holds the notebook's key figure (the cell tagged "gallery")."""
    path = ROOT / "notebooks" / f"{name}.ipynb"
    if not path.is_file():
        return None
    section = "start"
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "markdown":
            headings = [line[3:].strip() for line in "".join(cell["source"]).splitlines() if line.startswith("## ")]
            section = headings[-1] if headings else section
        elif "gallery" in cell.get("metadata", {}).get("tags", []):
            return section.split(" ")[0].rstrip(".") if section[0].isdigit() else section
    return None


def minutes_of(mode, talk, seconds):
    if mode == L:
        return max(talk, math.ceil(seconds / 60))   # never less than the cells take
    return 0 if mode in (H, S) else talk


def cell(mode, minutes, zh):
    if zh:
        return MODE_ZH[mode] if mode in (H, S) else f"{MODE_ZH[mode]}，{minutes} 分钟"
    return mode if mode in (H, S) else f"{mode}, {minutes} min"


def render(times, zh):
    tables, totals = [], {}
    for name in PLAN:
        title = titles(name)[1 if zh else 0]
        if name not in times["sections"]:
            raise SystemExit(f"{name} has no measured times in docs/gallery/times.json: "
                             "run python3 tasks.py gallery --publish first")
        spec, sums, rows = PLAN[name], [0, 0], []
        for section, seconds in times["sections"][name]:
            value = entry(section, spec)
            if value is None:
                if seconds > 0:
                    raise SystemExit(f"{name}: the section {section!r} ({seconds} s) has no plan in PLAN")
                continue
            cells = []
            for k, (mode, talk) in enumerate(value[:2]):
                minutes = minutes_of(mode, talk, seconds)
                sums[k] += minutes
                cells.append(cell(mode, minutes, zh))
            label = section.replace("|", "\\|")
            rows.append(f"| {label} | {round(seconds)} {'秒' if zh else 's'} | {cells[0]} | {cells[1]} | "
                        f"{value[3] if zh else value[2]} |")
        totals[name] = sums
        seconds = times["seconds"][name]
        minutes = max(1, math.ceil(seconds / 60))
        key = key_section(name)
        if zh:
            tables += [f"### {title}", "",
                       f"实测（课堂模式）：共 {round(seconds)} 秒，即 {minutes} 分钟（向上取整）。"
                       f"关键图（第 {key} 节）：`docs/gallery/{name}.jpg`；全部输出：`gallery/{name}.html`。", "",
                       "| 小节 | 实测运行时间 | 一次课 | 两次课 | 时间不够时 |", "|---|---|---|---|---|"]
        else:
            tables += [f"### {title}", "",
                       f"Measured in class mode: {round(seconds)} s in all, so {minutes} min (rounded up). "
                       f"Key figure (section {key}): `docs/gallery/{name}.jpg`; every output: `gallery/{name}.html`.", "",
                       "| section | measured run | one class | two classes | when short of time |",
                       "|---|---|---|---|---|"]
        tables += rows + [""]
    one = sum(t[0] for t in totals.values())
    by_session = {s: sum(t[1] for n, t in totals.items() if SESSION[n] == s) for s in (1, 2)}
    whole = math.ceil(sum(times["seconds"].values()) / 60)
    dates = sorted(set(times.get("measured", {}).values()))
    date = dates[0] if len(dates) == 1 else " to ".join([dates[0], dates[-1]]) if dates else "?"
    if zh:
        how = "，用 float32 测得（和没有 bfloat16 的笔记本电脑一样；有 bfloat16 时，有些笔记本更快）" if times.get("float32") else ""
        head = [f"实测日期：{date}{how}。"
                f"整个系列在课堂模式下共用 {whole} 分钟。一次课的计划用了 90 分钟中的 {one} 分钟，"
                f"其余时间留给开场、收尾和提问；两次课的计划分别用了 {by_session[1]} 分钟和 {by_session[2]} 分钟。", "",
                "| 笔记本 | 一次课：分钟 | 两次课：第几次，分钟 |", "|---|---|---|"]
        head += [f"| {titles(n)[1]} | {t[0]} | 第 {SESSION[n]} 次，{t[1]} |" for n, t in totals.items()]
    else:
        how = (", in float32 (as on a laptop without bfloat16; with bfloat16 some notebooks are faster)"
               if times.get("float32") else "")
        head = [f"Measured on {date}{how}. The whole series took {whole} minutes in class mode. The one-class plan "
                f"uses {one} of its 90 minutes; the rest is for the opening, the closing and questions. The "
                f"two-class plan uses {by_session[1]} and {by_session[2]} minutes.", "",
                "| notebook | one class: minutes | two classes: session, minutes |", "|---|---|---|"]
        head += [f"| {titles(n)[0]} | {t[0]} | {SESSION[n]}, {t[1]} |" for n, t in totals.items()]
    return "\n".join([BEGIN, ""] + head + [""] + tables + [END])


def slowest(times):
    """The times to plan with: the float32 runs when times.json has them (most laptops, and
    most projector laptops, have no bfloat16 hardware, and float32 is never faster), else the
    runs in the measuring machine's default precision."""
    if "seconds_float32" not in times:
        return times
    return {"seconds": times["seconds_float32"], "sections": times["sections_float32"],
            "measured": times.get("measured_float32", {}), "float32": True}


def main():
    times = slowest(json.loads(Path(sys.argv[1] if len(sys.argv) > 1 else TIMES)
                               .read_text(encoding="utf-8")))
    for path, zh in ((DOCS / "teachers.md", False), (DOCS / "teachers.zh.md", True)):
        text = path.read_text(encoding="utf-8")
        start, end = text.find(BEGIN), text.find(END)
        if start < 0 or end < start:
            raise SystemExit(f"{path}: the markers of the generated plan are missing")
        path.write_text(text[:start] + render(times, zh) + text[end + len(END):], encoding="utf-8")
        print(f"wrote the plan tables of {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
