"""A hint under a NameError in a lesson: run the set-up cell first (IPython extension).

After a kernel restart every name a lesson defined is gone, and running a cell from the
middle gives a bare ``NameError: name 'check' is not defined``. This extension, which
``make setup`` loads into every kernel of the course's environment (the file
``.venv/etc/ipython/ipython_kernel_config.py``), prints the usual traceback and then says
what to do: run the set-up cell, or the cells above, depending on whether the first cell of
the lesson (``course_lib.setup_notebook``) has run in this kernel.
"""

from __future__ import annotations

from typing import Any

#: Printed when the set-up cell has not run since the kernel (re)started.
NOT_SET_UP = ("course: this kernel has not run the lesson's set-up cell since it started (or "
              "restarted), so nothing the lesson defines exists yet. Run the first code cell "
              "(rng = course_lib.setup_notebook(...)), or Run > Run All Above Selected Cell, "
              "then this cell again.")
#: Printed when it has: the name comes from a cell above that has not run, or is misspelt.
SET_UP = ("course: '{name}' is defined in an earlier cell that has not run in this kernel, or "
          "it is misspelt. Run > Run All Above Selected Cell runs everything before this cell.")


def hint(error: NameError) -> str:
    """The line added under ``error``."""
    from . import notebook

    name = getattr(error, "name", None) or "this name"
    return SET_UP.format(name=name) if notebook.is_set_up() else NOT_SET_UP


def _handler(shell: Any, etype: type, value: BaseException, tb: Any,
             tb_offset: int | None = None) -> None:
    shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
    print(hint(value))  # the learner reads it under the traceback


def load_ipython_extension(shell: Any) -> None:
    """Called by IPython (``%load_ext course_lib.ipython_hook`` or the kernel config)."""
    shell.set_custom_exc((NameError,), _handler)
