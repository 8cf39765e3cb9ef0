"""Where the fixture scripts write: folders under this checkout's test/fixtures (the tests read them there)."""

from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "test" / "fixtures"


def fixture_dir(*names: str) -> Path:
    """test/fixtures/<names>, made (with its parents) when missing; fixture_dir("onnx", "classifiers")."""
    folder = FIXTURES.joinpath(*names)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
