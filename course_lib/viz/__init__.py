"""Plots and widget apps, one module per topic (``viz/perceptron.py`` for lesson 01...).

These modules import matplotlib and ipywidgets; the topic cores in ``course_lib/`` do not, so
the cores import fast and test without a display. Notebooks import from here:
``from course_lib.viz.perceptron import MistakeBoundExplorer``.
"""
