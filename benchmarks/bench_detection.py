"""Lesson 11b benchmarks: vectorised RoI max pooling against its loop, R-CNN against Fast
R-CNN, and the RoI pooling widget.

``roi_pool_vectorised_vs_loop_ratio``: 300 boxes of 1 to 8 cells on a 64 x 32 x 32 feature
map of stride 8, pooled to 7 x 7, by ``roi_max_pool_loop`` / ``roi_max_pool`` (the results are
checked equal), best of interleaved runs.
``rcnn_vs_fast_rcnn_cost_ratio``: seconds per 256 x 256 image at 300 proposals, R-CNN (the
backbone on every warped 64 x 64 crop) / Fast R-CNN (the backbone once, RoI pooling per
proposal), same backbone and head, timed in the same run; the multiply-add ratio by formula is
in the note.
"""

from __future__ import annotations

import numpy as np
from common import figure, interleaved_best, widget_update_ms

from course_lib import detection as det

N_BOXES = 300
N_PROPOSALS = 300


def collect() -> dict[str, dict]:
    rng = np.random.default_rng(0)
    features = rng.normal(size=(64, 32, 32))
    corner = rng.integers(0, 24, size=(N_BOXES, 2))
    boxes = np.hstack([corner, corner + rng.integers(1, 9, size=(N_BOXES, 2))]) * 8

    def vec():
        return det.roi_max_pool(features, boxes, 7, spatial_scale=1 / 8)

    def loop():
        return det.roi_max_pool_loop(features, boxes, 7, spatial_scale=1 / 8)

    same = bool(np.array_equal(vec(), loop()))
    t_vec, t_loop = interleaved_best([vec, loop], rounds=5)

    secs = det.time_pipelines([N_PROPOSALS], repeat=5)
    t_rcnn, t_fast = float(secs["R-CNN"][0]), float(secs["Fast R-CNN"][0])
    t_faster = float(secs["Faster R-CNN"][0])
    macs = det.pipeline_macs([N_PROPOSALS])
    macs_ratio = float(macs["R-CNN"][0] / macs["Fast R-CNN"][0])

    from course_lib.viz.detection import RoIPoolExplorer

    app = RoIPoolExplorer()
    app_ms, app_p90 = widget_update_ms(app, "x0", list(range(0, 20)) + list(range(19, -1, -1)))
    app.update(output_size=7, width=16, height=16)
    big_ms, _ = widget_update_ms(app, "x0", list(range(0, 8)))
    return {
        "roi_pool_vectorised_vs_loop_ratio": figure(
            t_loop / t_vec, "x",
            f"RoI max pooling of {N_BOXES} boxes (1-8 cells) on a 64x32x32 feature map to 7x7: "
            f"the loop over boxes and bins / the sparse-table version, best of 5 interleaved "
            f"runs ({1e3 * t_loop:.0f} ms / {1e3 * t_vec:.0f} ms; results identical: {same})"),
        "rcnn_vs_fast_rcnn_cost_ratio": figure(
            t_rcnn / t_fast, "x",
            f"seconds per 256x256 image at {N_PROPOSALS} proposals, R-CNN (backbone on each "
            f"64x64 crop) / Fast R-CNN (backbone once + RoI pooling), best of 5 "
            f"({1e3 * t_rcnn:.0f} ms / {1e3 * t_fast:.0f} ms; Faster R-CNN {1e3 * t_faster:.0f} "
            f"ms); by the multiply-add formula the ratio is {macs_ratio:.1f}"),
        "widget_update_ms/roi_pool_explorer": figure(
            app_ms, "ms",
            f"RoIPoolExplorer, compute + PNG per 'box x' step: {app_ms:.0f} ms median / "
            f"{app_p90:.0f} ms p90 with a 10x7 box to 3x3; {big_ms:.0f} ms with a 16x16 box "
            f"to 7x7 (aim <= 50)"),
    }


if __name__ == "__main__":  # pragma: no cover
    for name, fig in collect().items():
        print(f"{name}: {fig['value']:.4g} {fig['unit']}  ({fig['note']})")
