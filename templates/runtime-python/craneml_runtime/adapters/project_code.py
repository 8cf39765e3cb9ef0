"""Imports a project's predict.py as its author runs it (from the project folder) and finds its predictor class."""

from __future__ import annotations

import importlib.util
import os
import sys

from .errors import RefusedModel


def project_object(project_dir: str, file: str, name: str) -> object:
    """Imports `file` as a module from `project_dir`, with that folder as the working directory and on sys.path, and finds `name` in it."""
    folder = os.path.abspath(project_dir)
    path = os.path.join(folder, file)
    if not os.path.isfile(path):
        raise RefusedModel(f"the project has no {file}")
    os.chdir(folder)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    module_name = os.path.splitext(os.path.basename(file))[0]
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise RefusedModel(f"{file} cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # its classes pickle and its dataclasses resolve by module name
    spec.loader.exec_module(module)
    if not hasattr(module, name):
        raise RefusedModel(f"{file} has no {name}")
    return getattr(module, name)


def predictor_class(project_dir: str, file: str, class_name: str) -> type:
    """The class `class_name` of `file`, imported as project_object does."""
    found = project_object(project_dir, file, class_name)
    if not isinstance(found, type):
        raise RefusedModel(f"{file} has no class {class_name}")
    return found
