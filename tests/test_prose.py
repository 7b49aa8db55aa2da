"""Every number a lesson's prose reads from an output is the number that output shows.

See ``tests/prose_numbers.py`` for what counts as a stated number and how it is matched.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from prose_numbers import notebook_unread, unread_numbers

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_prose_states_only_numbers_its_output_shows(path):
    unread = notebook_unread(path)
    assert not unread, f"{path.name}: prose states numbers the output above does not show:\n" + (
        "\n".join(f"  {u}" for u in unread))


def _md(text):
    return {"cell_type": "markdown", "source": text}


def _code(out):
    return {"cell_type": "code", "source": "", "outputs": [
        {"output_type": "stream", "name": "stdout", "text": out}]}


@pytest.mark.parametrize(("output", "prose", "flagged"), [
    ("loop ⏱ 258.6 ms\nspeed-up 12.3x and 89.1x", "The loop is more than 100× slower.", True),
    ("speed-up 12.3x and 89.1x", "Vectorising is 89× faster.", False),
    ("cylinders: 8.1x, 31.6x", "about thirty times fewer units", True),
    ("cylinders: 8.1x, 31.6x", "about 32 times fewer units", False),
    ("ratios ×1.0 ×12 ×4.9", "each step multiplies the time by about four", True),
    ("pi ≈ 3.149893", "the estimate 3.1499 is close", False),
    ("pi ≈ 3.149893", "the estimate 3.1416 is close", True),
    ("rate 0.951", "it covers 95.1% of the time", False),
    ("t ⏱ 4.0 ms", "a factor of 4", True),       # a masked timing supports nothing
    ("n = 3", "with $0.21$ in math and `2.5` in code", False),
])
def test_the_check_catches_misread_numbers(output, prose, flagged):
    assert bool(unread_numbers([_code(output), _md(prose)])) == flagged
