"""The course website (``make site``) works offline, in Chromium with the network blocked, and
meets WCAG 2.1 AA as axe-core measures it.

The site is built from the stored notebooks (tools/build_site.py), served from 127.0.0.1, and
every page is visited once (the ``visits`` fixture); the tests then read what was found. They
fail on any request that is not to the site's own files, any local file that fails to load
(404), any broken internal link or anchor, any image that does not load, and any page whose
math MathJax did not typeset; and, for accessibility (issue 29), on any serious or critical
axe-core violation (WCAG 2.0/2.1 A and AA rules and axe's best practices) on any page, in the
light theme and (contrast) the dark one, on any of the rules that cover what the issue names
(skip link, landmarks, heading order, alt text, contrast) whatever its impact, on an image
without a real alt text, on a formula without its speech text and hidden MathML, and on a
skip link that is not the first stop of the keyboard. Screenshots of the landing page and of
a lesson land in test-artifacts/.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import json
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
      img => ({src: img.currentSrc || img.src, ok: img.complete && img.naturalWidth > 0,
               file: img.getAttribute('src'), alt: img.getAttribute('alt')}));
  // what a screen reader gets of each formula: MathJax's speech text and its hidden MathML
  const formulas = [...document.querySelectorAll('mjx-container')];
  const unspoken = formulas.filter(e => !(e.getAttribute('aria-label') || '').trim()).length;
  const no_mathml = formulas.filter(e => !e.querySelector('mjx-assistive-mml math')).length;
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
  return {ids, links, images, math, typeset, errors, raw, tex, pipes, tables, unspoken,
          no_mathml, spoken: formulas.length ? formulas[0].getAttribute('aria-label') : null};
}"""
JS_MATH_DONE = """async () => {
  if (!document.querySelector('.math')) return true;
  const mj = window.MathJax;
  if (!mj || !mj.startup || !mj.startup.promise) return false;
  await mj.startup.promise;
  await document.fonts.ready;  // MathJax's web fonts, loaded before the next page is opened
  return document.querySelectorAll('mjx-container').length > 0;
}"""


# The first stop of the keyboard on a page: it must be the skip link, shown when focused, to
# the page's <main>
JS_FIRST_TAB_STOP = """async () => {
  await Promise.all(document.getAnimations().map(t => t.finished));  // it slides in
  const a = document.activeElement;
  const href = a && a.getAttribute('href');
  const target = href && href.startsWith('#') ? document.getElementById(href.slice(1)) : null;
  const box = a ? a.getBoundingClientRect() : null;
  return {tag: a ? a.tagName : null, text: a ? a.textContent.trim() : null, href,
          target: target ? target.tagName : null,
          shown: !!box && box.width > 1 && box.height > 1 && box.top >= 0};
}"""
#: axe-core's rule sets: WCAG 2.0 and 2.1, levels A and AA, and axe's best practices
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
#: "preload": False: axe fetches the style sheets itself for one experimental rule (not run
#: here) and resolves their @import against the page, not the sheet (a 404 of /basic.css)
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"],
               "preload": False}
#: the rules that check what issue 29 names (skip link, landmarks, heading order, alt text,
#: contrast): any violation of these fails, whatever impact axe gives it
AXE_NAMED = {"bypass", "skip-link", "region", "landmark-one-main", "landmark-unique",
             "landmark-no-duplicate-banner", "landmark-no-duplicate-contentinfo",
             "landmark-no-duplicate-main", "landmark-main-is-top-level",
             "landmark-banner-is-top-level", "landmark-contentinfo-is-top-level",
             "landmark-complementary-is-top-level", "heading-order", "page-has-heading-one",
             "empty-heading", "image-alt", "image-redundant-alt", "role-img-alt",
             "color-contrast", "link-in-text-block"}
#: pages whose contrast is also checked in the dark theme (it follows the reader's system
#: setting): the landing page, a lesson with every kind of output, and a table page
DARK_PAGES = ("index.html", "01_perceptron.html", "questions.html")


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


@pytest.fixture(scope="module")
def visits(site, browser):
    """Every page of the site visited once over HTTP with the network blocked: what each page
    showed (``states``), axe-core's violations (``axe``, and ``axe_dark`` for contrast in the
    dark theme), the keyboard's first stop (``first_tab``), and the requests that went
    elsewhere or failed."""
    from axe_playwright_python.sync_playwright import Axe

    out: Path = site["out"]
    base = site["base"]
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")
                   if "_static" not in p.parts and "_sources" not in p.parts)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    found = {"pages": pages, "outside": [], "failed": [], "states": {}, "axe": {},
             "axe_dark": {}, "first_tab": {}}

    def route(r):
        if r.request.url.startswith(base + "/"):
            r.continue_()
        else:  # the network is blocked: only the site's own files may load
            found["outside"].append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("response", lambda resp: resp.status >= 400 and found["failed"].append(
        f"{resp.status} {resp.url}"))
    page.on("requestfailed", lambda req: req.url.startswith(base)
            and req.failure != "net::ERR_ABORTED"  # cancelled by leaving the page, not missing
            and found["failed"].append(f"failed {req.url} ({req.failure})"))
    axe = Axe()
    try:
        for name in pages:
            page.goto(f"{base}/{name}", wait_until="load")
            page.wait_for_function(JS_MATH_DONE, timeout=60_000)
            found["states"][name] = page.evaluate(JS_PAGE_STATE)
            if name == "index.html" or name.startswith("01_"):
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"site_{Path(name).stem}.png"))
            found["axe"][name] = axe.run(page, options=AXE_OPTIONS).response["violations"]
            page.evaluate("window.scrollTo(0, 0); document.activeElement.blur()")
            page.keyboard.press("Tab")
            found["first_tab"][name] = page.evaluate(JS_FIRST_TAB_STOP)
            stop = found["first_tab"][name]
            if stop["shown"] and page.locator("#pst-skip-link").count():  # now it is seen
                found["axe"][name] += axe.run(page, context="#pst-skip-link", options={
                    **AXE_OPTIONS, "runOnly": {"type": "rule", "values": ["color-contrast"]},
                }).response["violations"]
        # the dark theme, as a reader whose system asks for it sees it from the start
        # (switching a loaded page runs the theme's colour transitions under axe)
        dark = browser.new_context(viewport={"width": 1366, "height": 900},
                                   color_scheme="dark")
        try:
            dark.route("**/*", route)
            dark_page = dark.new_page()
            for name in DARK_PAGES:
                dark_page.goto(f"{base}/{name}", wait_until="load")
                dark_page.wait_for_function(JS_MATH_DONE, timeout=60_000)
                assert dark_page.evaluate("document.documentElement.dataset.theme") == "dark"
                found["axe_dark"][name] = axe.run(dark_page, options={
                    **AXE_OPTIONS, "runOnly": {"type": "rule", "values": ["color-contrast"]},
                }).response["violations"]
        finally:
            dark.close()
    finally:
        context.close()
    return found


def test_every_page_loads_offline_with_working_links_images_and_math(site, visits):
    out: Path = site["out"]
    base = site["base"]
    pages = visits["pages"]
    assert len(pages) >= 15, pages
    ids, links, problems = {}, [], []
    for name in pages:
        state = visits["states"][name]
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
    outside, failed = visits["outside"], visits["failed"]
    assert not outside, f"requests outside the site: {sorted(set(outside))[:10]}"
    assert not failed, f"local files that failed to load: {sorted(set(failed))[:10]}"
    assert not problems, "\n".join(problems[:30])


def _axe_problems(violations: dict, blocking) -> list[str]:
    return [f"{name}: {v['impact']} {v['id']} ({v['help']}) on {len(v['nodes'])} elements, "
            f"first {v['nodes'][0]['target']}: {v['nodes'][0].get('failureSummary', '')[:200]}"
            for name, found in violations.items() for v in found if blocking(v)]


def test_axe_finds_no_serious_or_critical_violation_on_any_page(visits):
    """axe-core on every page: no serious or critical violation of any rule, and none at all
    of the rules for what the issue names (skip link, landmarks, headings, alt, contrast)."""
    assert len(visits["axe"]) == len(visits["pages"])
    # the counts by impact (nodes), light and dark, for the record: test-artifacts/site_axe.json
    counts = {}
    for theme in ("axe", "axe_dark"):
        by_impact: dict[str, int] = {}
        for found in visits[theme].values():
            for v in found:
                by_impact[v["impact"]] = by_impact.get(v["impact"], 0) + len(v["nodes"])
        counts[theme] = {"pages": len(visits[theme]), "by_impact": by_impact}
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "site_axe.json").write_text(json.dumps(counts, indent=1))
    problems = _axe_problems(visits["axe"], lambda v: v["impact"] in ("serious", "critical")
                             or v["id"] in AXE_NAMED)
    problems += _axe_problems(visits["axe_dark"], lambda v: True)
    assert not problems, "\n".join(problems[:30])


def test_every_image_has_a_real_alt_text(visits):
    """Not empty, not the file name (docutils' default), and the alt text stored with a
    figure in its notebook output (nbconvert's convention) is the one the page gives it."""
    problems = []
    for name, state in visits["states"].items():
        alts = set()
        for image in state["images"]:
            alt = (image["alt"] or "").strip()
            alts.add(alt)
            if not alt or alt == image["file"] or re.search(r"\.(png|jpe?g|gif|svg)$", alt):
                problems.append(f"{name}: image {image['file']} has alt {image['alt']!r}")
        notebook = ROOT / "notebooks" / name.replace(".html", ".ipynb")
        if not notebook.exists():
            continue
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                for mime, meta in output.get("metadata", {}).items():
                    stored = meta.get("alt") if isinstance(meta, dict) else None
                    if mime.startswith("image/") and stored and " ".join(
                            stored.split()) not in alts:
                        problems.append(f"{name}: the stored alt {stored[:60]!r} is not shown")
    assert not problems, "\n".join(problems[:30])


def test_every_formula_has_speech_and_mathml_for_screen_readers(visits):
    """MathJax's accessibility output: an aria-label with the formula in words (the speech
    explorer) and the hidden MathML copy (assistive-mml) on every typeset formula."""
    problems = [f"{name}: {s['unspoken']} of {s['typeset']} formulas without speech text, "
                f"{s['no_mathml']} without MathML"
                for name, s in visits["states"].items() if s["unspoken"] or s["no_mathml"]]
    assert any(s["typeset"] for s in visits["states"].values())
    assert not problems, "\n".join(problems[:30])


def test_the_keyboard_starts_at_a_skip_link_to_the_main_content(visits):
    problems = [f"{name}: the first Tab stop is {stop}"
                for name, stop in visits["first_tab"].items()
                if not (stop["tag"] == "A" and stop["target"] == "MAIN" and stop["shown"]
                        and "skip" in stop["text"].lower())]
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


def test_formulas_are_spoken_on_the_site_opened_from_the_disk(site, browser):
    """Opened as files (file://), MathJax still gives each formula its speech text: its
    English speech rules must come with the script (tex-chtml.js would fetch them, which a
    browser refuses under file://, and MathJax would never finish)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = browser.new_page()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and "theme mode" not in msg.text
            and errors.append(msg.text))
    page.on("requestfailed", lambda req: errors.append(f"failed {req.url} ({req.failure})"))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto((site["out"] / "errata.html").as_uri(), wait_until="load")
        try:
            page.wait_for_function(JS_MATH_DONE, timeout=60_000)
        except PlaywrightTimeout:
            pytest.fail(f"MathJax did not finish typesetting from the disk: {errors[:5]}")
        state = page.evaluate(JS_PAGE_STATE)
    finally:
        page.close()
    assert state["typeset"] > 0
    assert not state["unspoken"] and not state["no_mathml"], state
    assert not errors, errors[:5]
