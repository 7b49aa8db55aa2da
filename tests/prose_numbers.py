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

Integers without a ratio word (counts, sizes, years, "two layers") and anything inside
``$...$`` math or ``code`` are not checked: they are definitions, not readings. A stated
number that the output does not show is reported with the cell, so a claim such as "more
than 100× faster" under a printed 12× and 89× fails the notebook tests until the claim or
the output is fixed.
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
    above = ""
    for i, cell in enumerate(cells):
        if cell.get("cell_type") == "code":
            above += "\n" + _text_outputs(cell)
            continue
        if cell.get("cell_type") != "markdown":
            continue
        outputs = _numbers(above)
        reading = above.strip() != ""
        above = ""
        if not reading:
            continue
        prose = "".join(cell.get("source", ""))
        # the reading is the first paragraph; what follows introduces the next step
        prose = prose.strip().split("\n\n", 1)[0]
        if prose.startswith("#"):
            continue  # a new section starts: nothing here reads the output above
        prose = HIDDEN.sub(" ", prose)
        for m in DECIMAL.finditer(prose):
            token = m.group(1)
            decimals = len(token.split(".")[1])
            if not _shown(float(token), decimals, outputs, bool(m.group(2))):
                found.append(Unread(i, m.group(0).strip(), prose[max(0, m.start() - 50):
                                                                   m.end() + 30]))
        for m in RATIO.finditer(prose):
            token = m.group("num") or m.group("num2")
            value = _value(token)
            decimals = len(token.split(".")[1]) if "." in token else 0
            if not _shown(value, decimals, outputs, False):
                found.append(Unread(i, m.group(0).strip(), prose[max(0, m.start() - 50):
                                                                   m.end() + 30]))
    return found


def notebook_unread(path: Path) -> list[Unread]:
    return unread_numbers(json.loads(path.read_text(encoding="utf-8"))["cells"])


if __name__ == "__main__":
    import sys

    for p in sys.argv[1:]:
        for u in notebook_unread(Path(p)):
            print(f"{Path(p).name} {u}")
