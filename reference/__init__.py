"""The catalogue: claims transcribed from the five documents, one module per document.

Each module exposes ``DOCUMENT`` (a ``Document``) and ``CLAIMS`` (a list in the
document's order).  Printed forms are transcribed as printed, mistakes included,
with the correction beside them.  Nothing here imports ``oracle.judges``.
"""

from oracle import Document

__all__ = ["Document", "MODULES"]


#: Catalogue modules, in document order.
MODULES: tuple[str, ...] = (
    "reference.tutoriel_backprop",
    "reference.cnn_from_scratch",
    "reference.reseau_profond",
    "reference.keldenich_scratch",
    "reference.germain_2019",
    "reference.derivations",
)
