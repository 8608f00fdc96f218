"""Per-document catalogue tests, and the helper they share."""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Sequence

from oracle.claims import Claim, Form


def breaker(claims: Sequence[Claim]) -> Callable[[str, str, Any], Claim]:
    """``broken(claim_id, latex, impl)``: that claim of ``claims`` with a deliberately broken printed form."""
    by_id = {c.id: c for c in claims}

    def broken(claim_id: str, latex: str, impl: Any) -> Claim:
        return dataclasses.replace(by_id[claim_id], printed=Form(latex, impl))

    return broken
