"""The course's accessibility layer in JupyterLab: alt text, a live readout, named controls.

Why a front-end module: JupyterLab 4's image renderer does not read an output's ``alt``
metadata, and ipywidgets 8 gives its ``Image`` no ``alt`` and ties no control to its label,
so a screen reader met every figure as "image" and every slider as "slider". :class:`Access`
is an invisible anywidget (anywidget's JupyterLab extension is a prebuilt wheel: nothing to
build, nothing fetched) whose script, ``access.js``:

- puts the app's alt text, computed in the kernel from the figure's data by
  :func:`course_lib.viz.alt.alt_text` on every frame, on the app's ``<img>``;
- makes the app's one-line readout a polite live region (``role="status"``), so a screen
  reader announces each change once the controls rest;
- names each control after its visible label (sliders, menus, text fields and their value
  boxes; a group name for toggle buttons), gives it its tooltip as ``title`` and
  ``aria-description`` (ipywidgets drops the tooltip of a labelled menu), and shows a focus
  ring;
- once per page, copies the ``Description`` chunk that :func:`course_lib.setup_notebook`'s
  PNG formatter writes into every inline figure into that figure's ``<img alt>``.

Every :class:`course_lib.viz.app.FigureApp` carries one; the first app shown on a page also
describes the inline figures above it (until then they have no alt in JupyterLab: a widget in
each lesson's first cell would do it, but nbval must then ignore that cell's output).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

__all__ = ["Access", "mark_app"]


class Access(anywidget.AnyWidget):
    """Invisible helper view: see the module docstring.

    Attributes
    ----------
    alt : str
        Alt text for the app's figure (``img.course-figure``), updated with every frame.
    names : dict of str to str
        Accessible names of controls that have no visible label, by parameter name.
    hints : dict of str to str
        The controls' tooltips, by parameter name: set as the control's ``title`` and its
        field's ``aria-description`` (ipywidgets shows no tooltip on a labelled menu).
    """

    _esm = Path(__file__).with_name("access.js")
    _css = """
    .course-app :focus-visible { outline: 2px solid #0072B2 !important; outline-offset: 2px; }
    """
    alt = traitlets.Unicode("").tag(sync=True)
    names = traitlets.Dict(traitlets.Unicode(), default_value={}).tag(sync=True)
    hints = traitlets.Dict(traitlets.Unicode(), default_value={}).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("layout", widgets.Layout(display="none"))
        super().__init__(**kwargs)

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict, dict] | None:
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is None:  # pragma: no cover - anywidget always gives one
            return None
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        data = dict(data)
        # shown where widgets cannot run (the website, GitHub): say nothing visible
        data["text/plain"] = ""
        return data, metadata

    def __repr__(self) -> str:
        return "Access()"


def mark_app(box: widgets.Box, image: widgets.Image, readout: widgets.HTML,
             controls: dict[str, widgets.Widget], access: Access) -> None:
    """Add the DOM classes ``access.js`` looks for, and the names of unlabelled controls."""
    box.add_class("course-app")
    image.add_class("course-figure")
    readout.add_class("course-readout")
    names = {}
    for key, control in controls.items():
        control.add_class("course-control")
        control.add_class(f"course-param-{key}")
        if not getattr(control, "description", ""):
            names[key] = key.replace("_", " ")
    access.names = names

    def hints(_change: Any = None) -> None:
        access.hints = {key: str(c.tooltip) for key, c in controls.items()
                        if getattr(c, "tooltip", None)}

    for control in controls.values():
        control.observe(hints, names="tooltip")
    hints()
