"""The Python model server inside a Python-runtime image: the HTTP contract of the Node runtime, served by Starlette on uvicorn."""

RUNTIME_NAME = "craneml-python"
RUNTIME_VERSION = "0.1.0"
