"""The catalogue: claims transcribed from the five documents, one module per document.

Each module exposes ``DOCUMENT`` (a ``Document``) and ``CLAIMS`` (a list in the
document's order).  Printed forms are transcribed as printed, mistakes included,
with the correction beside them.  Nothing here imports ``oracle.judges``.
"""

from dataclasses import dataclass

__all__ = ["Document", "MODULES"]


@dataclass(frozen=True)
class Document:
    """One teaching document: short id, file name in shared/documents, title, author, year."""

    id: str
    file: str
    title: str
    author: str
    year: str


#: Catalogue modules, in document order.
MODULES: tuple[str, ...] = (
    "reference.tutoriel_backprop",
    "reference.cnn_from_scratch",
    "reference.reseau_profond",
    "reference.keldenich_scratch",
    "reference.germain_2019",
    "reference.derivations",
)
