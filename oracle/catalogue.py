"""Loading and filtering claims: the catalogue's modules and users' own modules.

A claims module exposes ``CLAIMS`` (a list of ``Claim``) and, optionally,
``DOCUMENT`` (a ``reference.Document``-like record with ``id``, ``file``, ``title``,
``author``, ``year``).  Problems are reported as ``CatalogueError`` with one line
naming the module and the fix.
"""

from __future__ import annotations

import fnmatch
import importlib
from dataclasses import dataclass
from typing import Any, Sequence

from oracle.claims import Claim, ClaimDefinitionError

__all__ = ["Catalogue", "CatalogueError", "load", "select"]


class CatalogueError(Exception):
    """A claims module cannot be loaded or holds malformed claims."""


@dataclass(frozen=True)
class Catalogue:
    claims: tuple[Claim, ...]
    documents: tuple[Any, ...]


def _import(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ClaimDefinitionError as exc:
        raise CatalogueError(f"module {name}: {exc}") from None
    except ModuleNotFoundError as exc:
        if exc.name and name.startswith(exc.name):
            raise CatalogueError(f"module {name} was not found (is it importable from the current directory or "
                                 f"your PYTHONPATH?)") from None
        raise CatalogueError(f"module {name} failed to import: {exc}") from None
    except Exception as exc:
        raise CatalogueError(f"module {name} failed to import: {type(exc).__name__}: {exc}") from None


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
