"""Makes test/fixtures/torch/ (run by scripts/make-torch-fixtures.sh as `python make_fixtures.py <out>`):
the PyTorch files CraneML serves or refuses, and expected.json with torch's own answers for fixed inputs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import sklearn
import torch

import _cancer
import _diabetes
import _digits
from _common import seeded


def main() -> None:
    out = Path(sys.argv[1])
    expected: dict = {"torch_version": torch.__version__, "scikit_learn_version": sklearn.__version__, "files": {}}
    for fixture in (_cancer, _digits, _diabetes):
        seeded()
        expected["files"].update(fixture.make(out))
    (out / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")


if __name__ == "__main__":
    main()
