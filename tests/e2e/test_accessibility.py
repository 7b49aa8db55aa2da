"""Every lesson's output area with a screen reader and a keyboard only (issue 29).

For each lesson with a widget, in JupyterLab in Chromium (the fixtures of conftest.py): the
set-up and *Try it* cells run (the lesson's stored static figures are on the page already),
then

- every image in the output area has alt text, and none is generic ("Figure", "image", a
  matplotlib repr): static figures get it from the PNG's Description chunk that
  ``setup_notebook``'s formatter wrote, widget frames from the app's :class:`Access` view;
- axe-core (axe-playwright-python ships it; nothing is fetched) finds no serious or critical
  violation in the output areas; the counts by impact go to
  ``test-artifacts/a11y_<lesson>.json``;
- keyboard only: starting just above the app, Tab reaches its first slider and an arrow key
  changes the figure; the readout is a polite live region; every enabled control of the app
  is reached by Tab, has an accessible name and a visible focus indicator.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_widgets_in_browser import LESSONS, open_and_run_all

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
GENERIC_ALT = re.compile(r"^\s*(figure|image|plot|graph|chart|picture|<Figure size.*)?\s*$",
                         re.IGNORECASE)

JS_ALL_DESCRIBED = """() => {
  const imgs = [...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output img')];
  return imgs.length > 0 && imgs.every(i => (i.getAttribute('alt') || '').length > 0);
}"""
JS_IMAGES = """() => [...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output img')]
  .map(i => ({alt: i.getAttribute('alt'), app: !!i.closest('.course-app')}))"""
# what the focused element is: inside which app control, its accessible name, its focus ring
JS_FOCUS = """() => {
  const el = document.activeElement;
  if (!el) return null;
  const control = el.closest('.course-control');
  const app = el.closest('.course-app');
  const style = getComputedStyle(el);
  const label = el.getAttribute('aria-label') || (el.labels && el.labels[0]
      && el.labels[0].textContent) || (el.tagName === 'BUTTON' ? el.textContent : '') || '';
  return {inApp: !!app, appIndex: app ? [...document.querySelectorAll('.course-app')]
            .indexOf(app) : -1,
          param: control ? [...control.classList].find(c => c.startsWith('course-param-'))
            : null,
          tag: el.tagName, role: el.getAttribute('role'), name: label.trim(),
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
          shadow: style.boxShadow !== 'none'};
}"""


def _axe_output_areas(page) -> dict:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context={"include": [".jp-Notebook .jp-OutputArea"]},
                        options={"resultTypes": ["violations"]})
    violations = results.response["violations"]
    by_impact: dict[str, int] = {}
    for v in violations:
        by_impact[v["impact"]] = by_impact.get(v["impact"], 0) + len(v["nodes"])
    return {"by_impact": by_impact,
            "rules": {v["id"]: {"impact": v["impact"], "nodes": len(v["nodes"]),
                                "example": v["nodes"][0]["html"][:200]} for v in violations}}


def _tab_into_app(page, app) -> dict:
    """Focus the output area just above the app, then press Tab until focus is in the app."""
    app.evaluate("el => { const area = el.closest('.jp-OutputArea-output');"
                 " area.tabIndex = -1; area.focus(); }")
    for _ in range(12):
        page.keyboard.press("Tab")
        focus = page.evaluate(JS_FOCUS)
        if focus and focus["inApp"]:
            return focus
    raise AssertionError(f"12 Tab presses never reached the app; focus is on {focus}")


@pytest.mark.parametrize("stem", list(LESSONS))
def test_lesson_output_is_accessible(lab_page, lab, stem):
    page = lab_page
    if not (ROOT / "notebooks" / f"{stem}.ipynb").exists():
        pytest.skip(f"notebooks/{stem}.ipynb does not exist (yet)")
    try:
        open_and_run_all(page, lab, stem)
        try:
            page.wait_for_function(JS_ALL_DESCRIBED, timeout=20_000)
        except Exception as error:
            bare = [i for i in page.evaluate(JS_IMAGES) if not i["alt"]]
            raise AssertionError(f"{stem}: {len(bare)} images without alt text: {bare}") \
                from error
        images = page.evaluate(JS_IMAGES)
        generic = [i["alt"] for i in images if GENERIC_ALT.match(i["alt"] or "")]
        assert not generic, f"{stem}: generic alt text {generic}"

        axe = _axe_output_areas(page)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / f"a11y_{stem}.json").write_text(json.dumps(
            {"lesson": stem, "images": len(images), "axe": axe}, indent=1, ensure_ascii=False))
        serious = {k: v for k, v in axe["rules"].items()
                   if v["impact"] in ("serious", "critical")}
        assert not serious, f"{stem}: axe found {serious}"

        # keyboard only: Tab into the first app, change it, then Tab through its controls
        app = page.locator(".course-app").first
        app.scroll_into_view_if_needed()
        img = app.locator("img.course-figure")
        readout = app.locator(".course-readout")
        assert readout.get_attribute("aria-live") == "polite", f"{stem}: readout not live"
        focus = _tab_into_app(page, app)
        # Tab on to the first slider (headless Chromium ignores arrow keys on a closed menu),
        # then move it away from the end it sits at
        for _ in range(12):
            if focus["role"] == "slider" or not focus["inApp"]:
                break
            page.keyboard.press("Tab")
            focus = page.evaluate(JS_FOCUS)
        before = img.get_attribute("src")
        if focus["role"] == "slider":
            at_end = page.evaluate("() => document.activeElement.getAttribute('aria-valuenow')"
                                   " === document.activeElement.getAttribute('aria-valuemax')")
            page.keyboard.press("ArrowLeft" if at_end else "ArrowRight")
            page.wait_for_function("([el, old]) => el.getAttribute('src') !== old",
                                   arg=[img.element_handle(), before], timeout=20_000)
        focus = _tab_into_app(page, app)
        seen, names, unringed = set(), {}, []
        index = focus["appIndex"]
        for _ in range(40):
            if focus["param"]:
                seen.add(focus["param"])
                names[focus["param"]] = focus["name"]
                if not (focus["outline"] or focus["shadow"]):
                    unringed.append(focus["param"])
            page.keyboard.press("Tab")
            focus = page.evaluate(JS_FOCUS)
            if not focus or focus["appIndex"] != index:
                break
        params = app.evaluate("el => [...el.querySelectorAll('.course-control')]"
                              ".filter(c => !c.querySelector(':disabled') || "
                              "c.querySelector(':enabled:not(label)')).map(c =>"
                              " [...c.classList].find(k => k.startsWith('course-param-')))")
        missing = sorted(set(params) - seen)
        assert not missing, f"{stem}: Tab never reached {missing}"
        unnamed = sorted(p for p, n in names.items() if not n)
        assert not unnamed, f"{stem}: controls without an accessible name: {unnamed}"
        assert not unringed, f"{stem}: no visible focus on {unringed}"
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"a11y_{stem}_failure.png"), full_page=True)
        raise
    finally:
        try:
            page.evaluate("() => window.jupyterapp.serviceManager.sessions.shutdownAll()")
        except Exception:  # the page may be gone after a failure
            pass
