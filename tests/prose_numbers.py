"""Prose that reads an output must state the numbers that output shows.

A lesson's rhythm is: a code cell, its printed numbers, then a markdown cell whose first
paragraph reads them. This module finds the *result-like* numbers that paragraph states and
looks for each in the text outputs of the code cells just above it (since the previous
markdown cell):

- decimals (``0.883``, ``3.149893``, ``50.665%``): an output number must round to the same
  value at the prose's precision (``0.47`` is read from ``-0.4712``, ``95.1%`` from ``95.1%``
  or from ``0.951``);
- ratios (``12×``, ``31 times``, ``a factor of 4``, ``by about four``, number words included):
  an output number must round to it.

Timings (``⏱ 12.3 ms``) do not count as shown: nbval masks them, so they differ from run to
run and cannot support a stated number.

- integers that read a result: a count ``6 of the 8`` (both numbers), a number written
  with thousands separators (``4 353 parameters``, ``1,229,056``), and the right-hand side
  of an equation outside math (``2² = 4``, ``≈ 0.17``): each must appear in an output.

The first paragraph is the reading: its numbers must appear in the outputs above. The later
paragraphs, up to the next heading, introduce the next step: a number there must appear in
the outputs above *or* in the code cells that follow (where a learning rate or a size is
set), so a result typed into the text is caught there too.

What it still cannot catch: plain integers without one of those shapes ("a 20-layer net",
"after 300 steps", "two classes"), which are too often definitions to check; numbers inside
``$...$`` math and ``code``; a number that some unrelated output happens to show (small
integers, 0.5); claims without numbers ("far less", "generalises", "stays where it
started"); and prose under a heading that cites a section elsewhere. Those need a reader.
A stated number that the output does not show is reported with the cell, so a claim such
as "more than 100× faster" under a printed 12× and 89× fails the notebook tests until the
claim or the output is fixed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
         "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "a hundred": 100,
         "a thousand": 1000, "thousand": 1000}
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_WORD = "|".join(sorted(WORDS, key=len, reverse=True))
DECIMAL = re.compile(r"(?<![\w.^_/])(\d+\.\d+)(\s*%)?(?![\w.])")
RATIO = re.compile(
    rf"(?<![\w.])(?P<num>{_NUM}|{_WORD})\s*(?:×|x\b|-fold|\s+times\b)"
    rf"|(?:factor of|by about|by roughly|by nearly)\s+(?P<num2>{_NUM}|{_WORD})\b",
    re.IGNORECASE)
OUTPUT_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[-+]?\d+)?",
                           re.IGNORECASE)
# integers that read a result: "6 of the 8", "4 353" / "1,229,056", "= 4"
_INT = rf"(?:\d{{1,3}}(?:[ \u2009\u202f,]\d{{3}})+|\d+|{_WORD})"
COUNT_OF = re.compile(rf"(?<![\w.,])(?P<a>{_INT})\s+of\s+(?:the\s+|its\s+|these\s+|all\s+)?"
                      rf"(?P<b>{_INT})(?![\w.])", re.IGNORECASE)
GROUPED = re.compile(r"(?<![\w.,])\d{1,3}(?:[ \u2009\u202f,]\d{3})+(?![\w]|[.,]\d)")
# the result of arithmetic typed into the text: "2² = 4", "3·32·9 = 864" (not "k = 1")
EQUALS = re.compile(r"(?<=[\d²³)])\s*(?:=|≈)\s*(?P<num>-?\d+(?:\.\d+)?)(?![\w.])")
HIDDEN = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|`[^`]*`|\[[^\]]*\]\([^)]*\)|<[^>]+>", re.DOTALL)


@dataclass
class Unread:
    cell: int
    stated: str
    context: str

    def __str__(self) -> str:
        return f"cell {self.cell}: states {self.stated!r} ... {self.context!r}"


def _text_outputs(cell: dict) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append("".join(out.get("text", "")))
        elif "text/plain" in out.get("data", {}):
            text = "".join(out["data"]["text/plain"])
            if not text.startswith("<Figure"):
                parts.append(text)
    return "\n".join(parts)


TIMING = re.compile(r"⏱\s*[\d.,]+\s*\S+")


def _numbers(text: str) -> list[float]:
    text = TIMING.sub(" ", text)  # timings are masked by nbval: no sentence may rest on them
    return [float(m.group().replace(",", "")) for m in OUTPUT_NUMBER.finditer(text)]


def _value(token: str) -> float:
    token = token.strip().lower()
    return float(WORDS[token]) if token in WORDS else float(token.replace(",", ""))


def _shown(value: float, decimals: int, outputs: list[float], percent: bool) -> bool:
    candidates = list(outputs)
    if percent:
        candidates += [100 * o for o in outputs]
    return any(round(abs(o), decimals) == round(abs(value), decimals) for o in candidates)


def unread_numbers(cells: list[dict]) -> list[Unread]:
    """Numbers stated in reading cells that the outputs above them do not show."""
    found: list[Unread] = []
    above, code_above = "", ""
    for i, cell in enumerate(cells):
        if cell.get("cell_type") == "code":
            above += "\n" + _text_outputs(cell)
            code_above += "\n" + "".join(cell.get("source", ""))
            continue
        if cell.get("cell_type") != "markdown":
            continue
        outputs = _numbers(above)
        reading = above.strip() != ""
        code = _code_numbers(code_above + "\n" + _following_sources(cells, i))
        above, code_above = "", ""
        if not reading:
            continue
        text = "".join(cell.get("source", "")).strip()
        if text.startswith("#"):
            continue  # a new section starts: nothing here reads the output above
        # up to the next heading: the first paragraph reads the outputs above, the later ones
        # introduce the next step, whose code may set the numbers they state
        text = re.split(r"^#", text, maxsplit=1, flags=re.MULTILINE)[0]
        reading, _, rest = text.partition("\n\n")
        following = _code_numbers(_following_sources(cells, i))
        found += _unread_in(i, HIDDEN.sub(" ", reading), outputs, code)
        found += _unread_in(i, HIDDEN.sub(" ", rest), outputs + following, code)
    return found


def _code_numbers(source: str) -> list[float]:
    """The numbers a code cell's source sets (``10_000`` read as 10000)."""
    return _numbers(re.sub(r"(?<=\d)_(?=\d)", "", source))


def _following_sources(cells: list[dict], i: int) -> str:
    """The sources of the code cells after markdown cell ``i``, up to the next markdown cell."""
    parts = []
    for cell in cells[i + 1:]:
        if cell.get("cell_type") == "markdown":
            break
        if cell.get("cell_type") == "code":
            parts.append("".join(cell.get("source", "")))
    return "\n".join(parts)


def _int_value(token: str) -> float:
    token = token.strip().lower()
    return float(WORDS[token]) if token in WORDS else float(re.sub(r"[ \u2009\u202f,]", "",
                                                                 token))


def _unread_in(i: int, prose: str, outputs: list[float], code: list[float]) -> list[Unread]:
    """The numbers stated in ``prose`` that ``outputs`` do not show.

    A size written with separators ("20,000 runs") and the whole of "N of the M" may also be
    set by the code around it (``n_runs=20_000``): those are definitions. The count N itself,
    a decimal, a ratio and a typed result ("= 864") must be in an output.
    """
    found = []

    def flag(m: re.Match) -> None:
        found.append(Unread(i, m.group(0).strip(), prose[max(0, m.start() - 50):m.end() + 30]))

    for m in DECIMAL.finditer(prose):
        token = m.group(1)
        decimals = len(token.split(".")[1])
        if not _shown(float(token), decimals, outputs, bool(m.group(2))):
            flag(m)
    for m in RATIO.finditer(prose):
        token = m.group("num") or m.group("num2")
        decimals = len(token.split(".")[1]) if "." in token else 0
        if not _shown(_value(token), decimals, outputs, False):
            flag(m)
    for m in COUNT_OF.finditer(prose):
        if not (_shown(_int_value(m.group("a")), 0, outputs, False)
                and _shown(_int_value(m.group("b")), 0, outputs + code, False)):
            flag(m)
    for m in GROUPED.finditer(prose):
        if not _shown(_int_value(m.group(0)), 0, outputs + code, False):
            flag(m)
    for m in EQUALS.finditer(prose):
        token = m.group("num")
        decimals = len(token.split(".")[1]) if "." in token else 0
        if not _shown(float(token), decimals, outputs, False):
            flag(m)
    return found


def notebook_unread(path: Path) -> list[Unread]:
    return unread_numbers(json.loads(path.read_text(encoding="utf-8"))["cells"])


if __name__ == "__main__":
    import sys

    for p in sys.argv[1:]:
        for u in notebook_unread(Path(p)):
            print(f"{Path(p).name} {u}")
