"""The course website (``make site``) works offline, in Chromium with the network blocked.

The site is built from the stored notebooks (tools/build_site.py), served from 127.0.0.1, and
every page is visited. The test fails on any request that is not to the site's own files,
any local file that fails to load (404), any broken internal link or anchor, any image that
does not load, and any page whose math MathJax did not typeset. Screenshots of the landing
page and of a lesson land in test-artifacts/.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"

JS_PAGE_STATE = r"""() => {
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  const links = [...document.querySelectorAll('a[href]')].map(a => a.href);
  const images = [...document.querySelectorAll('img')].map(
      img => ({src: img.currentSrc || img.src, ok: img.complete && img.naturalWidth > 0}));
  const math = document.querySelectorAll('.math').length;
  const typeset = document.querySelectorAll('mjx-container').length;
  const errors = document.querySelectorAll('mjx-merror, [data-mjx-error]').length;
  const raw = [...document.querySelectorAll('.math')].filter(
      e => !e.querySelector('mjx-container')).length;
  // TeX that reached the reader as text: a backslash command or $$ outside math and code
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const tex = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest('pre, code, script, style, mjx-container, .math, .highlight'))
      continue;
    const m = n.textContent.match(/\\[A-Za-z]{2,}|\$\$/);
    if (m) tex.push(n.textContent.trim().slice(0, 80));
  }
  // a Markdown table that was not parsed shows its pipes as text
  const pipes = [...document.querySelectorAll('p')].filter(
      p => /\|\s*[-:]{3,}\s*\|/.test(p.textContent) || /^\s*\|.*\|\s*$/m.test(p.textContent))
      .map(p => p.textContent.slice(0, 80));
  const tables = document.querySelectorAll('table').length;
  return {ids, links, images, math, typeset, errors, raw, tex, pipes, tables};
}"""
JS_MATH_DONE = """async () => {
  if (!document.querySelector('.math')) return true;
  const mj = window.MathJax;
  if (!mj || !mj.startup || !mj.startup.promise) return false;
  await mj.startup.promise;
  await document.fonts.ready;  // MathJax's web fonts, loaded before the next page is opened
  return document.querySelectorAll('mjx-container').length > 0;
}"""


def build_tool():
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "tools" / "build_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def site(chromium):
    tool = build_tool()
    info = tool.build()
    handler = functools.partial(_QuietHandler, directory=str(tool.OUT))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"base": f"http://127.0.0.1:{server.server_address[1]}", "out": tool.OUT, **info}
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # no access log in the test output
        pass


def test_every_page_loads_offline_with_working_links_images_and_math(site, browser):
    out: Path = site["out"]
    base = site["base"]
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")
                   if "_static" not in p.parts and "_sources" not in p.parts)
    assert len(pages) >= 15, pages
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    outside, failed = [], []

    def route(r):
        if r.request.url.startswith(base + "/"):
            r.continue_()
        else:  # the network is blocked: only the site's own files may load
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("response", lambda resp: resp.status >= 400 and failed.append(
        f"{resp.status} {resp.url}"))
    page.on("requestfailed", lambda req: req.url.startswith(base)
            and req.failure != "net::ERR_ABORTED"  # cancelled by leaving the page, not missing
            and failed.append(f"failed {req.url} ({req.failure})"))
    ids, links, problems = {}, [], []
    try:
        for name in pages:
            page.goto(f"{base}/{name}", wait_until="load")
            page.wait_for_function(JS_MATH_DONE, timeout=60_000)
            state = page.evaluate(JS_PAGE_STATE)
            ids[name] = set(state["ids"])
            links += [(name, href) for href in state["links"]]
            problems += [f"{name}: image {i['src'][:80]} did not load"
                         for i in state["images"] if not i["ok"]]
            if state["math"] and (state["errors"] or state["raw"] or not state["typeset"]):
                problems.append(f"{name}: math not typeset ({state})")
            problems += [f"{name}: raw TeX in the text: {t!r}" for t in state["tex"]]
            problems += [f"{name}: a table shown as text: {t!r}" for t in state["pipes"]]
            if name == "index.html" and state["tables"] < 1:
                problems.append("index.html: the lesson table is not a table")
            if name == "index.html" or name.startswith("01_"):
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"site_{Path(name).stem}.png"))
    finally:
        context.close()
    for source, href in links:
        url, fragment = urldefrag(href)
        if not url.startswith(base + "/"):
            continue  # a link to elsewhere is allowed; loading from elsewhere is not
        target = unquote(urlparse(url).path).lstrip("/") or "index.html"
        if target.endswith("/"):
            target += "index.html"
        if not (out / target).exists():
            problems.append(f"{source}: broken link to {target}")
        elif fragment and target in ids and unquote(fragment) not in ids[target]:
            problems.append(f"{source}: link to missing anchor {target}#{fragment}")
    assert not outside, f"requests outside the site: {sorted(set(outside))[:10]}"
    assert not failed, f"local files that failed to load: {sorted(set(failed))[:10]}"
    assert not problems, "\n".join(problems[:30])


def test_every_interview_question_is_linked_to_its_answer(site):
    questions = (site["out"] / "questions.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'href="([^"#]+\.html#[dn]\d\d-[^"]*)"', questions))
    assert site["questions"] == len(linked) > 0


def test_a_widget_cell_shows_its_picture_on_the_site(site):
    html = (site["out"] / "01_perceptron.html").read_text(encoding="utf-8")
    cells = re.split(r'<div class="cell[ "]', html)  # one chunk per notebook cell
    shown = [c for c in cells if ".show()" in re.sub(r"<[^>]+>", "", c)]  # code is highlighted
    assert shown, "no cell shows a widget app"
    for cell in shown:  # the stored static picture stands in for the live widget
        assert "<img" in cell, "a widget cell has no picture on the site"
    assert "widget-view+json" not in html  # and no widget JavaScript is loaded


def test_search_finds_lessons_on_the_site_opened_from_the_disk(site, browser):
    """Opened as files (file://), as a learner may: results come, and nothing fails."""
    page = browser.new_page()
    errors = []
    # sphinx-book-theme logs "Got invalid theme mode" when it finds no stored choice, which a
    # page opened from the disk never has; any other console error counts
    page.on("console", lambda msg: msg.type == "error" and "theme mode" not in msg.text
            and errors.append(msg.text))
    page.on("requestfailed", lambda req: errors.append(f"failed {req.url} ({req.failure})"))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto((site["out"] / "search.html").as_uri() + "?q=perceptron", wait_until="load")
        page.wait_for_function("() => document.querySelectorAll('ul.search li').length > 0 && "
                               "!document.querySelector('#search-progress')?.textContent"
                               ".includes('Preparing')", timeout=60_000)
        page.wait_for_timeout(1000)  # the snippet requests, if any, come after the results
        found = page.eval_on_selector_all("ul.search li a", "els => els.map(e => e.href)")
    finally:
        page.close()
    assert any("01_perceptron" in href for href in found), found[:5]
    assert not errors, errors[:5]
