"""Alt text for the notebook figures on the course website (a small Sphinx extension).

myst-nb 1.4 writes each image output to a file named by the SHA-256 of its bytes and gives the
``<img>`` only the ``width``/``height`` of the output's metadata: the ``alt`` that nbconvert's
convention stores in ``output["metadata"]["image/png"]["alt"]`` is dropped, and docutils then
uses the file name as the alt text. After the doctree is resolved (myst-nb has picked the
image from each output's mime bundle), this extension looks each image up by that hash in
the page's notebook and sets its alt text, in this order:

1. the output's ``metadata[<image mime type>]["alt"]``, computed from the figure's data;
2. the cell's ``metadata["alt"]``;
3. the output's ``text/plain``, unless it is only Python's repr of the object
   (``<Figure size 540x360 with 1 Axes>``): a widget app's text names the app and its readout;
4. otherwise a sentence that says what is known of the figure without its data (how many
   panels, titles written in the code, the first plotting call, the section it is in) and
   that no description is stored with it yet.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from base64 import b64decode
from pathlib import Path

from docutils import nodes

#: Python's default repr of an object, which describes nothing a reader can see
BARE_REPR = re.compile(r"^<.*(Figure size|object at 0x).*>$", re.S)
PANELS = re.compile(r"with (\d+) Axes")
#: a line that calls a plotting function (the course's plot_* helpers and matplotlib's)
DRAWS = re.compile(r"\b(plot\w*|\w+_plot|imshow|scatter|hist|bar|matshow|contourf?)\(")
#: a title string literal in the code (f-strings with placeholders are skipped)
TITLE = re.compile(r"(?:(?:set_title|suptitle|title)\(\s*|\btitle\s*=\s*)f?(['\"])([^'\"{}]+)\1")


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _fallback(cell: dict, plain: str, section: str) -> str:
    source = _text(cell.get("source", ""))
    code = [ln.split("#")[0].strip() for ln in source.splitlines() if DRAWS.search(ln)]
    titles = list(dict.fromkeys(m.group(2).strip() for m in TITLE.finditer(source)))
    m = PANELS.search(plain)
    n = int(m.group(1)) if m else 0
    what = f"A figure with {n} panels" if n > 1 else "A figure"
    if titles:
        what += " titled " + ", ".join(f"“{t}”" for t in titles[:4])
    where = f" in the section “{section}”" if section else ""
    drawn = f", drawn by `{code[0][:120]}`" if code else ""
    return f"{what}{drawn}{where}. No text description is stored with it yet."


def alt_texts(notebook: dict) -> dict[str, str]:
    """Alt text of every image output of a notebook (parsed JSON), by the SHA-256 hex digest
    of the image's bytes (the name myst-nb gives its file)."""
    found: dict[str, str] = {}
    section = ""
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in _text(cell.get("source", "")).splitlines():
                m = re.match(r"^#{1,6}\s+(.*\S)\s*$", line)
                if m:
                    section = re.sub(r"[*_`]", "", m.group(1))
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            plain = _text(data.get("text/plain", "")).strip()
            for mime, content in data.items():
                if not mime.startswith("image/"):
                    continue
                content = _text(content)
                # the bytes myst-nb hashes: base64 decoded, or text with the OS's newlines
                raw = (os.linesep.join(content.splitlines()).encode("utf-8")
                       if mime == "image/svg+xml" else b64decode(content))
                stored = output.get("metadata", {}).get(mime, {})
                alt = (stored.get("alt") if isinstance(stored, dict) else None) \
                    or cell.get("metadata", {}).get("alt") \
                    or (plain if plain and not BARE_REPR.match(plain) else None) \
                    or _fallback(cell, plain, section)
                found[hashlib.sha256(raw).hexdigest()] = " ".join(str(alt).split())
    return found


def set_alt_texts(app, doctree: nodes.document, docname: str) -> None:
    source = Path(app.env.doc2path(docname))
    if source.suffix != ".ipynb":
        return
    texts = alt_texts(json.loads(source.read_text(encoding="utf-8")))
    for image in doctree.findall(nodes.image):
        alt = texts.get(Path(image["uri"]).stem)
        if alt:
            image["alt"] = alt


def setup(app):
    app.connect("doctree-resolved", set_alt_texts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
