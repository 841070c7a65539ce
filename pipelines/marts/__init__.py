"""The marts: one module per mart, each declaring ``SPEC`` (:class:`pipelines.marts.spec.MartSpec`).

``MARTS`` is found by listing this package, so a new mart is a new module, nothing else.
"""

from __future__ import annotations

import importlib
import pkgutil

from pipelines.marts.spec import MartSpec

_NOT_MARTS = {"common", "spec"}


def _discover() -> dict[str, MartSpec]:
    found: dict[str, MartSpec] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name in _NOT_MARTS or info.name.startswith("_"):
            continue
        spec = importlib.import_module(f"{__name__}.{info.name}").SPEC
        if spec.name != info.name:
            raise ValueError(f"pipelines/marts/{info.name}.py declares a mart named {spec.name!r}")
        found[spec.name] = spec
    return found


MARTS: dict[str, MartSpec] = _discover()
