"""What the helpers say, in the reader's language: English by default, 简体中文 when chosen.

    from .messages import say
    raise ImageError(say("{name} is empty (shape {shape}): nothing to work on.",
                         name=name, shape=tuple(tensor.shape)))

The English text stays in the code, where it is used: it is the message and its key (as in
gettext). `say` looks it up in the catalogue of the current language (config.language():
config.set_language("zh"), or NST_LANG=zh) and fills in the fields with str.format, so each
language may put the fields where its grammar wants them. A message with no translation, or a
translation that does not fit its fields, comes out in English: a message never fails.

The Chinese catalogue, by who speaks (each a dict {English template: Chinese template}):
    zh_inputs   the image gate (inputs.py, shapes.py) and the weights (weights/)
    zh_run      the pixel loop (optimize.py): notes, errors, progress bars; the explorers' labels
    zh_checks   the exercise checks: "not done yet", "all N checks passed", the shared messages
    zh_findings the checks' findings: fitted factors, probes, gradients, old idioms, shapes
    zh_mistakes the named mistakes and probes of the two losses (content, style)
    zh_gram     the named mistakes and probes of the Gram matrix
    zh_tv       the named mistakes and probes of total variation
    zh_closure  the L-BFGS closure check and the order of events it records
    zh_preprocess, zh_fields, zh_weights, zh_masks_norms   the checks of notebooks 01 (Caffe's
                input), 02 (receptive fields), 05 (the paper's weights), 08 and 09 (masked Gram
                matrix, instance normalisation)
    zh_files    image files (images.py: loading and saving, through messages/files.py)
A text put together elsewhere, such as a progress bar's label from stylize ("content from
relu4_2"), is matched against PROGRESS by `translate`. A message kept in a table (a check's
list of known mistakes, the advice for an old idiom) is marked `listed("...")` where it is
written (it stays the English string) and said with `again(text)` when it is shown.

What stays English: figures (default matplotlib fonts have no CJK glyphs on many machines),
config.describe() (names of settings and versions), and the messages nobody has catalogued
yet. tests/test_zh_edition.py checks that every say() in helpers has its Chinese, with the same
fields, and that no translation is left without its English.
"""

from __future__ import annotations

import re
import string

from ..config import language
from .zh_checks import ZH as _CHECKS
from .zh_closure import ZH as _CLOSURE
from .zh_fields import ZH as _FIELDS
from .zh_files import ZH as _FILES
from .zh_findings import ZH as _FINDINGS
from .zh_gram import ZH as _GRAM
from .zh_inputs import ZH as _INPUTS
from .zh_masks_norms import ZH as _MASKS_NORMS
from .zh_mistakes import ZH as _MISTAKES
from .zh_preprocess import ZH as _PREPROCESS
from .zh_run import PROGRESS, ZH as _RUN
from .zh_tv import ZH as _TV
from .zh_weights import ZH as _WEIGHTS

#: The parts of the Chinese catalogue, for the tests (no English key may be in two).
ZH_PARTS = {"zh_inputs": _INPUTS, "zh_run": _RUN, "zh_checks": _CHECKS,
            "zh_findings": _FINDINGS, "zh_mistakes": _MISTAKES, "zh_gram": _GRAM,
            "zh_tv": _TV, "zh_closure": _CLOSURE, "zh_preprocess": _PREPROCESS,
            "zh_fields": _FIELDS, "zh_weights": _WEIGHTS, "zh_masks_norms": _MASKS_NORMS,
            "zh_files": _FILES}
#: Every catalogued message: {language: {English template: translation}}.
CATALOGUES = {"zh": {key: text for part in ZH_PARTS.values() for key, text in part.items()}}


def say(english: str, /, **fields) -> str:
    """`english.format(**fields)`, in the current language when its catalogue has the message.

    english: the English template, a literal string (the key); fields: the values of its
    {placeholders}. Braces that are not fields are doubled, as in str.format.
    """
    template = CATALOGUES.get(language(), {}).get(english)
    if template is not None:
        try:
            return template.format(**fields)
        except (KeyError, IndexError, ValueError):  # a translation that does not fit: English
            pass
    return english.format(**fields)


def listed(english: str, /) -> str:
    """Mark a message kept in a table (shown later with `again`): returns `english` itself, so
    the table holds the English; tests/test_zh_edition.py finds it like a say()."""
    return english


def again(text: str, /) -> str:
    """A finished English message with no fields (one marked `listed`), in the current
    language when its catalogue has it; otherwise the text unchanged."""
    return CATALOGUES.get(language(), {}).get(text, text)


def fields_of(template: str) -> set[str]:
    """The names of a template's {fields} (format specs and conversions left out)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _pattern(template: str) -> re.Pattern:
    parts = []
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name:
            parts.append(f"(?P<{name}>.+?)")
    return re.compile("".join(parts) + r"\Z")


def translate(text: str) -> str:
    """A finished English text (a progress bar's label built elsewhere) in the current
    language: the first PROGRESS template it matches, with the matched values put back."""
    table = PROGRESS if language() == "zh" else {}
    for english, translation in table.items():
        found = _pattern(english).match(text)
        if found:
            return translation.format(**found.groupdict())
    return text


__all__ = ["CATALOGUES", "PROGRESS", "ZH_PARTS", "again", "fields_of", "listed", "say",
           "translate"]
