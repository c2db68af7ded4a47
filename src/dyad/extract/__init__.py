"""Extraction stages: each adds its part to a Record from one spaCy Doc.

The package is also the Python API's ``dyad.extract(text, published=...)``: calling it runs
:func:`dyad.api.extract` (the function and the package share the name ``dyad.extract``).
"""

import sys
import types
from typing import Any


class _CallablePackage(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from dyad.api import extract

        return extract(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage

# inspect.signature(dyad.extract) and IDEs follow __wrapped__ to the function's signature.
from dyad.api import extract as __wrapped__  # noqa: E402, F401
