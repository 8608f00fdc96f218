"""Loading and filtering claims: the installed catalogues and users' own modules.

A claims module exposes ``CLAIMS`` (a list of ``Claim``) and, optionally,
``DOCUMENT`` (an ``oracle.Document``).  Problems are reported as ``CatalogueError``
with one line naming the module and the fix.

Note [catalogue entry points]: the library never imports its own catalogue.  A package
of claims registers its modules under the ``oracle.catalogues`` entry-point group
(this project's ``reference`` package does so in ``pyproject.toml``); ``verify`` without
``--module`` loads every registered catalogue.
"""

from __future__ import annotations

import fnmatch
import importlib
from dataclasses import dataclass
from importlib import metadata
from typing import Any, Sequence

from oracle.claims import Claim
from oracle.errors import CatalogueError, ClaimError

__all__ = ["Catalogue", "CatalogueError", "ENTRY_POINT_GROUP", "default_modules", "load", "select"]

#: Entry-point group under which packages register their claims modules (Note [catalogue entry points]).
ENTRY_POINT_GROUP = "oracle.catalogues"


@dataclass(frozen=True)
class Catalogue:
    claims: tuple[Claim, ...]
    documents: tuple[Any, ...]


def _import(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ClaimError as exc:
        raise CatalogueError(f"module {name}: {exc}", module=name) from None
    except ModuleNotFoundError as exc:
        if exc.name and name.startswith(exc.name):
            raise CatalogueError(f"module {name} was not found (is it importable from the current directory or "
                                 f"your PYTHONPATH?)") from None
        raise CatalogueError(f"module {name} failed to import: {exc}", module=name) from None
    except Exception as exc:
        raise CatalogueError(f"module {name} failed to import: {type(exc).__name__}: {exc}") from None


def default_modules() -> tuple[str, ...]:
    """The claims modules of every installed catalogue, in each catalogue's own order.

    Each entry point names a module attribute holding a sequence of module names
    (``reference:MODULES``); catalogues come in the order of their entry-point names.
    """
    found: list[str] = []
    for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            modules = ep.load()
        except Exception as exc:
            raise CatalogueError(f"catalogue {ep.name} ({ep.value}) failed to load: {type(exc).__name__}: {exc}",
                                 module=ep.value) from None
        found.extend(str(m) for m in modules)
    if not found:
        raise CatalogueError("no catalogue is installed: install this project (pip install -e .) or pass "
                             "--module MODULE for your own claims")
    return tuple(found)


def load(modules: Sequence[str]) -> Catalogue:
    """Import each module and gather its ``CLAIMS`` in order; ids must be unique."""
    claims: list[Claim] = []
    documents: list[Any] = []
    seen: dict[str, str] = {}
    for name in modules:
        module = _import(name)
        found = getattr(module, "CLAIMS", None)
        if found is None:
            raise CatalogueError(f"module {name} has no CLAIMS list: define CLAIMS = [claim(...), ...]")
        if not isinstance(found, (list, tuple)):
            raise CatalogueError(f"module {name}: CLAIMS must be a list of claims, got {type(found).__name__}")
        for i, c in enumerate(found):
            if not isinstance(c, Claim):
                raise CatalogueError(f"module {name}: CLAIMS[{i}] is a {type(c).__name__}, not a Claim "
                                     f"(build it with oracle.claim(...))")
            if c.id in seen:
                raise CatalogueError(f"claim id {c.id} is defined twice ({seen[c.id]} and {name})")
            seen[c.id] = name
            claims.append(c)
        if getattr(module, "DOCUMENT", None) is not None:
            documents.append(module.DOCUMENT)
    return Catalogue(claims=tuple(claims), documents=tuple(documents))


def select(claims: Sequence[Claim], *, only: str | None = None, document: str | None = None,
           kind: str | None = None, family: str | None = None) -> list[Claim]:
    """Claims matching every given filter.

    ``only`` is a glob on claim ids (a plain word matches ids containing it);
    ``document`` matches the file name or the id prefix.
    """
    out = []
    for c in claims:
        if only and not (fnmatch.fnmatch(c.id, only) or (not any(ch in only for ch in "*?[") and only in c.id)):
            continue
        if document and document not in (c.source.document, c.id.split("/")[0]):
            continue
        if kind and c.kind.value != kind:
            continue
        if family and c.family != family:
            continue
        out.append(c)
    return out
