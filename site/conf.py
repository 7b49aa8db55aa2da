"""Sphinx configuration of the course website (``make site``; see tools/build_site.py).

The pages are the lessons as stored: ``nb_execution_mode = "off"`` publishes exactly the
outputs that nbval checks, nothing re-executes. Everything the pages load is in the built
site: MathJax comes from the ``jupyter-server-mathjax`` package (copied into ``_static`` by
the build), no CDN, no web fonts from elsewhere, and no widget JavaScript (a widget cell
shows its stored static picture instead).
"""

from pathlib import Path

project = "Deep learning, one experiment at a time"
author = "the course authors"
copyright = "the course authors, MIT licence"  # Sphinx's setting name

extensions = ["myst_nb"]
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
html_show_sphinx = False
# Search result snippets are fetched from the pages with fetch(), which a browser refuses for
# a site opened from the disk (file://): the results then come without them, and an error.
html_show_search_summary = False
html_last_updated_fmt = None
# MathJax 3 from a local copy (tools/build_site.py copies it from the PyPI package
# django-static-mathjax, which ships MathJax 3.2.2 with its fonts and no Django dependency);
# Sphinx's own MathJax 3 settings apply.
html_static_path = [str(Path(__file__).resolve().parents[1] / "build" / "site-static")]
mathjax_path = "mathjax/tex-chtml.js"
