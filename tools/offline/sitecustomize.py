"""Start every Python process of a test run with the offline guard (see offline_guard.py).

Python imports ``sitecustomize`` at start-up from ``sys.path``; ``tools/course.py test`` and the
root ``conftest.py`` put this folder on ``PYTHONPATH`` and set ``COURSE_OFFLINE_GUARD=1``, so
pytest, nbval's kernels and the JupyterLab server of the browser tests (with its kernels) all
refuse connections that would leave the machine. Without that variable this file does nothing.
"""

import os

if os.environ.get("COURSE_OFFLINE_GUARD") == "1":
    import offline_guard

    offline_guard.install()
