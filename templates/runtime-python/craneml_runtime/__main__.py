"""`python -m craneml_runtime`: the image's entry point (settings from the environment, project at $CRANEML_PROJECT)."""

import asyncio
import sys

from .serve import serve
from .settings import SettingsError, read_settings


def main() -> int:
    try:
        settings = read_settings()
    except SettingsError as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    try:
        import uvloop

        return uvloop.run(serve(settings))
    except ImportError:
        return asyncio.run(serve(settings))


if __name__ == "__main__":
    sys.exit(main())
