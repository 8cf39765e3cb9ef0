"""Imports a project's predict.py as its author runs it (from the project folder) and finds its predictor class."""

from __future__ import annotations

import importlib.util
import os
import sys

from .errors import RefusedModel


def predictor_class(project_dir: str, file: str, class_name: str) -> type:
    """Imports `file` as a module from `project_dir`, with that folder as the working directory and on sys.path, and finds `class_name`."""
    folder = os.path.abspath(project_dir)
    path = os.path.join(folder, file)
    if not os.path.isfile(path):
        raise RefusedModel(f"the project has no {file}")
    os.chdir(folder)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    name = os.path.splitext(os.path.basename(file))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise RefusedModel(f"{file} cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its classes pickle and its dataclasses resolve by module name
    spec.loader.exec_module(module)
    found = getattr(module, class_name, None)
    if not isinstance(found, type):
        raise RefusedModel(f"{file} has no class {class_name}")
    return found
