"""The teacher's kit (docs/teachers.md, docs/teachers.zh.md) stays in step with the notebooks.

What is checked, in both languages:

* Answers. Every "Try it" item of every English notebook has an answer in the section of its
  notebook ("### NN · ..." under the answers heading), keyed by the bold name that starts the
  item ("- **Name.**"); an item without a bold name is keyed by its place ("Bullet 1", ...).
  An answer whose key is no longer an item of its notebook fails too (a stale answer).
* Plans. Every notebook has a table ("### NN · ..." under the plans heading) and a row in the
  overview table. The rows are sections of the notebook as measured in docs/gallery/times.json,
  and every section that took time (or is "Try it") has a row.
* Minutes, against docs/gallery/times.json (written by `python3 tasks.py gallery --publish`):
  the "measured run" of a row is the measured time of its section, rounded to whole seconds;
  a "live" section gets at least its measured time rounded UP to whole minutes; the line above a
  table gives the notebook's measured seconds and those rounded up to whole minutes (at least 1,
  as the notebooks state them); the overview's minutes are the sums of the table's rows; the one
  class and each of the two classes fit into 90 minutes.
* Order: in each plan, no section runs live after a section of the same notebook was shown from
  the gallery or skipped (its cells may need the earlier results), and an exercise needs the
  start of its notebook to run.
* The Chinese plans have the same modes and minutes as the English ones, row for row.

The plan tables are written by docs/teachers/plans.py (the plan itself lives there); this test
reads the Markdown, not the script, so a hand edit that breaks a rule fails too.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TIMES = ROOT / "docs" / "gallery" / "times.json"
KITS = {
    "en": ROOT / "docs" / "teachers.md",
    "zh": ROOT / "docs" / "teachers.zh.md",
}
HEADINGS = {
    "en": {"answers": '## Expected answers to "Try it"', "plans": "## Lesson plans"},
    "zh": {"answers": "## “试一试”的参考答案", "plans": "## 教学计划"},
}
MODES = {
    "en": {"live": "live", "gallery": "gallery", "exercise": "exercise", "read": "read",
           "homework": "homework", "skip": "skip"},
    "zh": {"现场运行": "live", "作品集": "gallery", "练习": "exercise", "讲解": "read",
           "课后作业": "homework", "跳过": "skip"},
}
PLAN_CELL = {
    "en": re.compile(r"^(?P<mode>[a-z]+)(?:, (?P<minutes>\d+) min)?$"),
    "zh": re.compile(r"^(?P<mode>[^，\d\s]+)(?:，(?P<minutes>\d+) 分钟)?$"),
}
TOTAL_LINE = {
    "en": re.compile(r"Measured in class mode: (?P<seconds>\d+) s in all, so (?P<minutes>\d+) min"),
    "zh": re.compile(r"实测（课堂模式）：共 (?P<seconds>\d+) 秒，即 (?P<minutes>\d+) 分钟"),
}
SESSION_CELL = {"en": re.compile(r"^(?P<session>[12]), (?P<minutes>\d+)$"),
                "zh": re.compile(r"^第 (?P<session>[12]) 次，(?P<minutes>\d+)$")}
CLASS_MINUTES = 90
BOLD_KEY = re.compile(r"^- \*\*(?P<name>.+?)\*\*")
TRAILING = ".,:;。，：；"


# ---------------------------------------------------------------------------- reading the sources

def notebook_names(root: Path = NOTEBOOKS) -> list[str]:
    return [path.stem for path in sorted(root.glob("[0-9][0-9]_*.ipynb"))]


def try_it_keys(notebook: Path) -> list[str]:
    """The keys of the "Try it" items of one notebook, in order."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] != "markdown" or "## Try it" not in source:
            continue
        section = re.split(r"^## Try it\s*$", source, maxsplit=1, flags=re.M)[1]
        section = re.split(r"^## ", section, maxsplit=1, flags=re.M)[0]
        keys = []
        for line in section.splitlines():
            if not line.startswith("- "):
                continue
            bold = BOLD_KEY.match(line)
            keys.append(bold.group("name").rstrip(TRAILING).strip() if bold else f"Bullet {len(keys) + 1}")
        return keys
    raise AssertionError(f"{notebook.name}: no '## Try it' section")


def part(text: str, heading: str) -> str:
    """The text under a "## " heading, up to the next "## " heading."""
    start = text.find("\n" + heading + "\n")
    assert start >= 0, f"heading {heading!r} not found"
    rest = text[start + len(heading) + 2:]
    end = re.search(r"^## ", rest, flags=re.M)
    return rest[: end.start()] if end else rest


def by_notebook(section: str) -> dict[str, str]:
    """{"03": text under "### 03 · ..."} for one part of a kit."""
    chunks = re.split(r"^### (\d\d) · .*$", section, flags=re.M)
    return {chunks[i]: chunks[i + 1] for i in range(1, len(chunks) - 1, 2)}


def answer_keys(kit: str, lang: str) -> dict[str, list[str]]:
    out = {}
    for number, text in by_notebook(part(kit, HEADINGS[lang]["answers"])).items():
        out[number] = [m.group("name").rstrip(TRAILING).strip()
                       for m in map(BOLD_KEY.match, text.splitlines()) if m]
    return out


def table_rows(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not set(line) <= set("|- "):
            rows.append([cell.strip().replace("\\|", "|")
                         for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]])
    return rows


def plan_cell(value: str, lang: str, where: str) -> tuple[str, int]:
    match = PLAN_CELL[lang].match(value)
    assert match and match.group("mode") in MODES[lang], f"{where}: cannot read the plan cell {value!r}"
    mode, minutes = MODES[lang][match.group("mode")], match.group("minutes")
    if mode in ("homework", "skip"):
        assert minutes is None, f"{where}: {mode} takes no class time, but the cell says {value!r}"
        return mode, 0
    assert minutes is not None, f"{where}: {value!r} needs its minutes"
    return mode, int(minutes)


def plans(kit: str, lang: str) -> dict:
    """{"tables": {number: {"total": (s, min), "rows": [(section, run_s, plan1, plan2)]}},
        "overview": {number: (one_class_minutes, session, minutes)}}."""
    text = part(kit, HEADINGS[lang]["plans"])
    first = re.search(r"^### ", text, flags=re.M)
    overview_rows = table_rows(text[: first.start()] if first else text)
    overview = {}
    for row in overview_rows[1:]:
        number = row[0][:2]
        session = SESSION_CELL[lang].match(row[2])
        assert session and row[1].isdigit(), f"{lang} overview: cannot read the row {row}"
        overview[number] = (int(row[1]), int(session.group("session")), int(session.group("minutes")))
    tables = {}
    for number, chunk in by_notebook(text).items():
        total = TOTAL_LINE[lang].search(chunk)
        assert total, f"{lang} plans, notebook {number}: the line with the measured time is missing"
        rows = []
        for row in table_rows(chunk)[1:]:
            where = f"{lang} plans, notebook {number}, section {row[0]!r}"
            assert len(row) == 5 and re.fullmatch(r"\d+ (s|秒)", row[1]), f"{where}: cannot read {row}"
            rows.append((row[0], int(row[1].split()[0]), plan_cell(row[2], lang, where + ", one class"),
                         plan_cell(row[3], lang, where + ", two classes")))
        tables[number] = {"total": (int(total.group("seconds")), int(total.group("minutes"))), "rows": rows}
    return {"tables": tables, "overview": overview}


# ----------------------------------------------------------------------------------- the checks

def answer_problems(kit: str, lang: str, notebooks_dir: Path = NOTEBOOKS) -> list[str]:
    found, problems = answer_keys(kit, lang), []
    for name in notebook_names(notebooks_dir):
        wanted = try_it_keys(notebooks_dir / f"{name}.ipynb")
        have = found.get(name[:2], [])
        problems += [f"{lang}: notebook {name[:2]}, 'Try it' item {key!r} has no answer"
                     for key in wanted if key not in have]
        problems += [f"{lang}: notebook {name[:2]}, the answer {key!r} is for no 'Try it' item"
                     for key in have if key not in wanted]
        problems += [f"{lang}: notebook {name[:2]}, two answers for {key!r}"
                     for key in set(have) if have.count(key) > 1]
    return problems


def plan_problems(kit: str, lang: str, times: dict, names: list[str]) -> list[str]:
    problems = []
    parsed = plans(kit, lang)
    tables, overview = parsed["tables"], parsed["overview"]
    sums = {1: 0, 2: 0}
    one_class = 0
    for name in names:
        number = name[:2]
        if number not in tables or number not in overview:
            problems.append(f"{lang}: notebook {number} is missing from the lesson plans"
                            f" ({'table' if number not in tables else 'overview'})")
            continue
        if name not in times["sections"] or name not in times["seconds"]:
            problems.append(f"{lang}: notebook {number} has no measured times in docs/gallery/times.json")
            continue
        measured = dict((heading, seconds) for heading, seconds in times["sections"][name])
        seconds = times["seconds"][name]
        if tables[number]["total"] != (round(seconds), max(1, math.ceil(seconds / 60))):
            problems.append(f"{lang}: notebook {number}: the plan says {tables[number]['total'][0]} s, "
                            f"{tables[number]['total'][1]} min; measured {seconds} s, "
                            f"{max(1, math.ceil(seconds / 60))} min rounded up")
        rows = tables[number]["rows"]
        sections = [row[0] for row in rows]
        for heading, took in times["sections"][name]:
            if (took > 0 or heading == "Try it") and heading not in sections:
                problems.append(f"{lang}: notebook {number}: the section {heading!r} ({took} s) "
                                "has no row in the plan")
        totals = [0, 0]
        for plan in (0, 1):
            stopped = None
            for section, run, *cells in rows:
                mode, minutes = cells[plan]
                label = f"{lang}: notebook {number}, section {section!r}, {'one class' if plan == 0 else 'two classes'}"
                totals[plan] += minutes
                if mode == "live" and stopped:
                    problems.append(f"{label}: runs live after {stopped!r} was not run")
                if mode in ("gallery", "skip") and not stopped:
                    stopped = section
                if mode == "exercise" and rows[0][0] == "start" and rows[0][2 + plan][0] != "live":
                    problems.append(f"{label}: an exercise needs the start of the notebook to run live")
                if section in measured and mode == "live" and minutes < math.ceil(measured[section] / 60):
                    problems.append(f"{label}: {minutes} min, but the cells took {measured[section]} s")
        for section, run, *_ in rows:
            if section not in measured:
                problems.append(f"{lang}: notebook {number}: {section!r} is not a measured section")
            elif run != round(measured[section]):
                problems.append(f"{lang}: notebook {number}, section {section!r}: the plan says {run} s, "
                                f"measured {measured[section]} s")
        in_one, session, in_two = overview[number]
        if (in_one, in_two) != tuple(totals):
            problems.append(f"{lang}: notebook {number}: the overview says {in_one} and {in_two} min, "
                            f"the rows add up to {totals[0]} and {totals[1]} min")
        one_class += totals[0]
        sums[session] += totals[1]
    if one_class > CLASS_MINUTES:
        problems.append(f"{lang}: the one-class plan needs {one_class} min, more than {CLASS_MINUTES}")
    problems += [f"{lang}: class {session} of the two-class plan needs {minutes} min, more than {CLASS_MINUTES}"
                 for session, minutes in sums.items() if minutes > CLASS_MINUTES]
    return problems


def plans_script():
    """docs/teachers/plans.py as a module (it is a script, not in a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("plans", ROOT / "docs" / "teachers" / "plans.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_times() -> dict:
    """The times the plans are made from: plans.py's `slowest` (float32 when measured)."""
    assert TIMES.is_file(), ("docs/gallery/times.json is missing: the lesson plans are checked "
                             "against it (python3 tasks.py gallery --publish writes it)")
    return plans_script().slowest(json.loads(TIMES.read_text(encoding="utf-8")))


# ------------------------------------------------------------------------------------ the tests

@pytest.mark.parametrize("lang", KITS)
def test_every_try_it_item_has_an_answer(lang):
    problems = answer_problems(KITS[lang].read_text(encoding="utf-8"), lang)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", KITS)
def test_plans_cover_every_notebook_and_agree_with_the_measured_times(lang):
    problems = plan_problems(KITS[lang].read_text(encoding="utf-8"), lang, load_times(), notebook_names())
    assert not problems, "\n".join(problems + [
        "The plan tables are made by docs/teachers/plans.py: after a new gallery run, run "
        "`python3 docs/teachers/plans.py`; if a class then needs more than 90 minutes, change PLAN there."])


def test_the_chinese_plans_are_the_english_plans():
    en = plans(KITS["en"].read_text(encoding="utf-8"), "en")
    zh = plans(KITS["zh"].read_text(encoding="utf-8"), "zh")
    assert zh["overview"] == en["overview"]
    for number, table in en["tables"].items():
        assert number in zh["tables"], f"notebook {number} is missing from the Chinese plans"
        assert zh["tables"][number] == table, f"notebook {number}: the Chinese plan differs from the English one"


def test_the_two_kits_link_to_each_other():
    assert "(teachers.zh.md)" in KITS["en"].read_text(encoding="utf-8")
    assert "(teachers.md)" in KITS["zh"].read_text(encoding="utf-8")


def test_the_checks_have_teeth(tmp_path):
    """The checks above find a missing answer, a stale one, a wrong minute and a late live run."""
    times = load_times()
    names = notebook_names()
    kit = KITS["en"].read_text(encoding="utf-8")
    assert not answer_problems(kit, "en") and not plan_problems(kit, "en", times, names)

    # A notebook gains a "Try it" item: its answer is missing.
    copy = tmp_path / "notebooks"
    copy.mkdir()
    for name in names:
        (copy / f"{name}.ipynb").write_text((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"),
                                            encoding="utf-8")
    target = copy / f"{names[2]}.ipynb"
    notebook = json.loads(target.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and "## Try it" in source:
            cell["source"] = source.replace("## Try it\n", "## Try it\n\n- **A new idea.** Try it.\n", 1)
    target.write_text(json.dumps(notebook), encoding="utf-8")
    assert any("'A new idea' has no answer" in p for p in answer_problems(kit, "en", copy))

    # An answer is removed, another is renamed.
    first = answer_keys(kit, "en")["03"][0]
    assert any(f"{first!r} has no answer" in p
               for p in answer_problems(kit.replace(f"- **{first}", "- **Renamed", 1), "en"))

    # A measured time grows: the live minutes and the totals no longer agree.
    slower = json.loads(json.dumps(times))
    name = names[2]
    slower["sections"][name] = [[h, s * 10 + 600] for h, s in slower["sections"][name]]
    slower["seconds"][name] = times["seconds"][name] + 6000
    found = plan_problems(kit, "en", slower, names)
    assert any("the cells took" in p for p in found) and any("measured" in p for p in found)

    # A notebook is dropped from the plans.
    cut = re.sub(r"^### 05 · .*?(?=^### 06)", "", kit, flags=re.M | re.S)
    assert any("notebook 05 is missing" in p for p in plan_problems(cut, "en", times, names))

    # A live run after a gallery section: the first notebook whose one-class plan has a gallery
    # row after another gallery or skipped row gets that row turned into "live".
    chunks = by_notebook(part(kit, HEADINGS["en"]["plans"]))
    changed = None
    for number, chunk in chunks.items():
        lines = [line for line in chunk.splitlines() if line.startswith("| ") and " s | " in line]
        modes = [line.split(" | ")[2].split(",")[0] for line in lines]
        stops = [i for i, mode in enumerate(modes) if mode in ("gallery", "skip")]
        later = [i for i in stops[1:] if modes[i] == "gallery"]
        if later:
            line = lines[later[0]]
            cells = line.split(" | ")
            cells[2] = cells[2].replace("gallery,", "live,")
            changed = kit.replace(line, " | ".join(cells), 1)
            break
    assert changed, "some one-class plan shows two sections from the gallery"
    assert any("runs live after" in p for p in plan_problems(changed, "en", times, names))


def test_plans_use_the_float32_times_when_measured():
    """A projector laptop most likely has no bfloat16: the plans take the float32 runs."""
    plans_module = plans_script()
    both = {"seconds": {"01_a": 10}, "sections": {"01_a": [["start", 9]]},
            "seconds_float32": {"01_a": 20}, "sections_float32": {"01_a": [["start", 19]]}}
    chosen = plans_module.slowest(both)
    assert chosen["seconds"] == {"01_a": 20} and chosen["sections"] == {"01_a": [["start", 19]]}
    one = {"seconds": {"01_a": 10}, "sections": {"01_a": [["start", 9]]}}
    assert plans_module.slowest(one) == one
    assert "in float32" in (ROOT / "docs" / "teachers.md").read_text(encoding="utf-8")
