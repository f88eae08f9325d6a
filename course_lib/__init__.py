"""Alliance Dilemmas: models, data, plots, explorers, self-checks and grading for the course."""


def __getattr__(name: str):
    # read lazily: importlib.metadata costs ~20 ms, paid by every sandboxed kernel launch otherwise
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("course_lib")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    raise AttributeError(f"module 'course_lib' has no attribute {name!r}")
