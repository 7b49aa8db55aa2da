"""Sphinx configuration of the course website (``make site``; see tools/build_site.py).

The pages are the lessons as stored: ``nb_execution_mode = "off"`` publishes exactly the
outputs that nbval checks, nothing re-executes. Everything the pages load is in the built
site: MathJax comes from the ``django-static-mathjax`` package (copied into ``_static`` by
the build), no CDN, no web fonts from elsewhere, and no widget JavaScript (a widget cell
shows its stored static picture instead).

Accessibility (issue 29; tests/e2e/test_site.py runs axe-core on every page): each figure's
alt text comes from its notebook output (figure_alt.py), every formula has speech text and
hidden MathML, the site title sits in a landmark, and the theme's skip link, landmarks and
colours pass as they are.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # figure_alt, the extension beside this file

project = "Deep learning, one experiment at a time"
author = "the course authors"
copyright = "the course authors, MIT licence"  # Sphinx's setting name

# figure_alt: each figure's alt text from its output's metadata (myst-nb drops it)
extensions = ["myst_nb", "figure_alt"]
templates_path = [str(HERE / "_templates")]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
master_doc = "index"

# The stored, nbval-checked outputs are what is published.
nb_execution_mode = "off"
# A widget view needs a live kernel (or CDN scripts): show the stored picture instead.
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None)]
nb_ipywidgets_js = {}
myst_enable_extensions = ["dollarmath", "amsmath"]

# Heading anchors are docutils' own ids (tools/build_site.py links the index pages to them)
myst_heading_anchors = 4
myst_heading_slug_func = "docutils.nodes.make_id"

html_theme = "sphinx_book_theme"
html_title = "Deep learning, one experiment at a time"
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
}
# The theme's sidebar (icon-links.html is empty here), with the site title link inside a
# <nav> landmark (_templates/course-home.html). The theme already gives every page a skip
# link to <main id="main-content">, and header, nav, main and footer landmarks.
html_sidebars = {"**": ["course-home.html", "search-button-field.html", "sbt-sidebar-nav.html"]}
html_show_sphinx = False
# Search result snippets are fetched from the pages with fetch(), which a browser refuses for
# a site opened from the disk (file://): the results then come without them, and an error.
html_show_search_summary = False
html_last_updated_fmt = None
# MathJax 3 from a local copy (tools/build_site.py copies it from the PyPI package
# django-static-mathjax, which ships MathJax 3.2.2 with its fonts and no Django dependency).
# Screen readers get both of MathJax's accessible forms: the hidden MathML copy of each
# formula (assistive-mml, on by default) and English speech text as the formula's aria-label,
# with the keyboard explorer (the menu's "explorer" setting). Speech needs the Speech Rule
# Engine's English rules: tex-chtml-full-speech.js has them built in, whereas tex-chtml.js
# fetches them with XMLHttpRequest, which Chromium refuses for a site opened from the disk
# (file://), and MathJax then never finishes typesetting.
html_static_path = [str(HERE.parent / "build" / "site-static")]
mathjax_path = "mathjax/tex-chtml-full-speech.js"
mathjax3_config = {"options": {"menuOptions": {"settings": {"assistiveMml": True,
                                                            "explorer": True}}}}
