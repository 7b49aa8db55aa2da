"""Repository-wide pytest configuration (applies to tests/, course_lib/ and notebooks/)."""

# nbval waits a fixed 5 s for each output message of a cell. A cell that trains a model or
# draws a large figure on a busy 2-core CI machine can go past that and fail although it is
# fine, so the wait is raised for every notebook cell.
NBVAL_OUTPUT_TIMEOUT_S = 120


def pytest_collection_modifyitems(config, items):
    for item in items:
        if hasattr(item, "output_timeout"):  # nbval's IPyNbCell
            item.output_timeout = NBVAL_OUTPUT_TIMEOUT_S
