"""course_lib: tested cores, plots, widgets and exercise checkers for the course notebooks.

Topic cores (``perceptron``, ...) import only numpy / scipy / scikit-learn / torch; plots and
widgets live in their own modules so the cores import fast and test without a display.
"""

from .notebook import (
    environment_report,
    format_noise,
    format_time,
    format_varies,
    setup_notebook,
)

__version__ = "0.1.0"
__all__ = ["__version__", "environment_report", "format_noise", "format_time", "format_varies",
           "setup_notebook"]
