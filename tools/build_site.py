"""Build the course website into build/site (``make site``), from the stored notebooks.

Pages, in teaching order: the README's course map as the landing page, one page per lesson
(the notebooks as stored, nbval-checked outputs included; nothing re-executes), an index of
every interview question by ID linking to its answer, and a page of the seed errata linking
to the experiments that correct them (each lesson's "Myths checked" sections). Sphinx's
warnings are errors. Run inside .venv::

    python tools/build_site.py            # -> build/site/index.html
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "build" / "site-src"
STATIC = ROOT / "build" / "site-static"
#: the parts of MathJax 3's es5 build that a page with TeX math loads: the combined component
#: with the Speech Rule Engine's English rules built in (site/conf.py says why), and the
#: extensions it loads from beside it (mml input, semantic-enrich, explorer, fonts)
MATHJAX_PARTS = ["tex-chtml-full-speech.js", "input", "output/chtml", "ui", "a11y", "adaptors"]
OUT = ROOT / "build" / "site"
QUESTION = re.compile(r"^#{2,4}\s+([DN]\d\d)\s+·\s+(.+)$")


def lessons() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]*.ipynb"))


def headings(path: Path) -> list[tuple[int, str]]:
    import json

    found = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for line in "".join(cell["source"]).splitlines():
            m = re.match(r"^(#{1,6})\s+(.*\S)\s*$", line)
            if m:
                found.append((len(m.group(1)), m.group(2)))
    return found


def anchor(title: str) -> str:
    """The id docutils gives a section with this title."""
    from docutils.nodes import make_id

    return make_id(re.sub(r"[*_`]", "", title))


LESSON_LINK = re.compile(r"\]\((\d\d\w*\.ipynb)#([^)\s]+)\)")


def site_links(text: str) -> str:
    """Rewrite links between lessons from JupyterLab's heading anchors (the heading text with
    '-' for spaces) to the site's (docutils ids), so both work."""
    from urllib.parse import unquote

    return LESSON_LINK.sub(
        lambda m: f"]({m.group(1)}#{anchor(unquote(m.group(2)).replace('-', ' '))})", text)


def landing_page() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    intro = readme.split("\n## ", 1)[0]
    # the README's "## Lessons" section, from its heading to the next one; the heading goes on
    # its own line with a blank line after it, or the table's first row joins the heading
    body = readme.split("\n## Lessons", 1)[1].split("\n## ", 1)[0]
    lessons_md = "## Lessons\n\n" + body.strip()
    lessons_md = lessons_md.replace("](notebooks/", "](")
    toc = "\n".join(p.stem for p in lessons())
    return (f"{intro.strip()}\n\n{lessons_md.strip()}\n\n"
            "Also here: [every interview question by ID](questions.md) and "
            "[the errata of the source notes, corrected by experiment](errata.md).\n\n"
            f"```{{toctree}}\n:maxdepth: 1\n:caption: Lessons\n:hidden:\n\n{toc}\n```\n\n"
            "```{toctree}\n:maxdepth: 1\n:caption: Indexes\n:hidden:\n\nquestions\nerrata\n```\n")


def questions_page() -> tuple[str, int]:
    rows = []
    for path in lessons():
        for _, title in headings(path):
            m = QUESTION.match("### " + title)
            if m:
                rows.append((m.group(1), m.group(2), path.stem, anchor(title)))
    rows.sort()
    lines = ["# Interview questions by ID", "",
             "Every interview question of the two source texts, answered in a lesson by a few "
             "sentences and an experiment you can rerun.", "",
             "| ID | question | lesson |", "|---|---|---|"]
    for qid, text, stem, ref in rows:
        lines.append(f"| [{qid}]({stem}.ipynb#{ref}) | {text.replace('|', '∣')} | {stem} |")
    return "\n".join(lines) + "\n", len(rows)


def errata_page() -> str:
    lines = ["# The source notes' errata, corrected by experiment", "",
             "Each lesson ends with *Myths checked*: where a source text is wrong or loose, "
             "the lesson says so and shows the correction by experiment. All of them:", ""]
    for path in lessons():
        found, inside = [], False
        for level, title in headings(path):
            if title.startswith("Myths checked"):
                inside, base = True, level
                found.append((title, anchor(title)))
                continue
            if inside and level <= base:
                inside = False
            if inside and level == base + 1:
                found.append((title, anchor(title)))
        if len(found) > 1:
            first = headings(path)[0][1]
            lines.append(f"## {first}\n")
            lines += [f"- [{t}]({path.stem}.ipynb#{ref})" for t, ref in found[1:]]
            lines.append("")
    return "\n".join(lines) + "\n"


def copy_mathjax() -> None:
    """MathJax 3 (package django-static-mathjax) into build/site-static/mathjax, once."""
    import mathjax

    es5 = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    target = STATIC / "mathjax"
    if all((target / part).exists() for part in MATHJAX_PARTS):
        return
    shutil.rmtree(target, ignore_errors=True)
    for part in MATHJAX_PARTS:
        src = es5 / part
        if src.is_dir():
            shutil.copytree(src, target / part)
        elif src.exists():
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target / part)
    shutil.copyfile(es5.parent / "LICENSE", target / "LICENSE")


def build(quiet: bool = True) -> dict:
    t0 = time.perf_counter()
    copy_mathjax()
    shutil.rmtree(SRC, ignore_errors=True)
    SRC.mkdir(parents=True)
    for path in lessons():
        (SRC / path.name).write_text(site_links(path.read_text(encoding="utf-8")),
                                     encoding="utf-8")
    (SRC / "index.md").write_text(landing_page(), encoding="utf-8")
    questions, n_questions = questions_page()
    (SRC / "questions.md").write_text(questions, encoding="utf-8")
    (SRC / "errata.md").write_text(errata_page(), encoding="utf-8")
    shutil.rmtree(OUT, ignore_errors=True)
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(ROOT / "site"), "-W",
           "--keep-going", "-E", *(["-q"] if quiet else []), str(SRC), str(OUT)]
    subprocess.run(cmd, check=True, cwd=ROOT)
    pages = sorted(p for p in OUT.rglob("*.html") if "_static" not in p.parts)
    return {"seconds": time.perf_counter() - t0, "pages": len(pages),
            "questions": n_questions}


if __name__ == "__main__":
    info = build(quiet="-v" not in sys.argv)
    print(f"[course] site built in {info['seconds']:.1f} s: {info['pages']} pages, "
          f"{info['questions']} interview questions linked -> {OUT.relative_to(ROOT)}/index.html")
