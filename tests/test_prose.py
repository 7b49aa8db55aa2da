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


def _src(source, out=""):
    return {"cell_type": "code", "source": source, "outputs": [
        {"output_type": "stream", "name": "stdout", "text": out}] if out else []}


@pytest.mark.parametrize(("cells", "flagged"), [
    # issue 27's examples: a typed parameter count, a count read by eye, typed arithmetic
    ([_code("parameters: 4417"), _md("The net has 4 353 parameters.")], True),
    ([_code("parameters: 4417"), _md("The net has 4 417 parameters.")], False),
    ([_code("parameters: 4,417"), _md("The net has 4 417 parameters.")], False),
    ([_code("wrong: [True, False]"), _md("Then 6 of the 8 are still wrong.")], True),
    ([_code("wrong: 6 of 8"), _md("Then 6 of the 8 are still wrong.")], False),
    ([_code("wrong: 5 of 8"), _md("Then six of the eight are still wrong.")], True),
    ([_code("n = 3"), _md("With two bits, 2² = 4 patterns.")], True),
    ([_code("patterns: 4"), _md("With two bits, 2² = 4 patterns.")], False),
    ([_code("n = 3"), _md("the first layer has 3·32·9 = 864 weights")], True),
    # definitions are not readings: a parameter, a size set in the code that printed the output
    ([_code("acc 0.93"), _md("at k = 1 the accuracy is 0.93")], False),
    ([_src("sim = run(20_000)", "failures: 0.0000"), _md("none of the 20,000 runs failed")], False),
    ([_src("sim = run(2_000)", "failures: 0.0000"), _md("none of the 20,000 runs failed")], True),
    # a later paragraph introduces the next step: its numbers may come from the code below
    ([_code("loss 0.21"), _md("The loss is 0.21.\n\nNow with a learning rate of 0.05:"),
      _src("train(lr=0.05)")], False),
    ([_code("loss 0.21"), _md("The loss is 0.21.\n\nThat is 0.37 better than before."),
      _src("train(lr=0.05)")], True),
    # a new heading ends the reading
    ([_code("loss 0.21"), _md("The loss is 0.21.\n\n### Q1 · Why 0.37?")], False),
])
def test_the_check_catches_typed_counts_sizes_and_arithmetic(cells, flagged):
    assert bool(unread_numbers(cells)) == flagged
