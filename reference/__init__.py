"""The catalogue: claims transcribed from the five documents, one package per document.

Each package exposes ``DOCUMENT`` (an ``oracle.Document``) and ``CLAIMS`` (its claims, then its
derivations), and keeps the transcription as printed (``printed``: mistakes included, each
correction beside what it corrects) apart from the claims that wire it to the checks
(``claims``, ``derivations``).  The catalogue uses the public API of ``oracle`` only, and
registers itself under the ``oracle.catalogues`` entry point (``pyproject.toml``).
"""

from oracle import Document

__all__ = ["Document", "MODULES"]


#: Catalogue packages, in document order.
MODULES: tuple[str, ...] = (
    "reference.tutoriel_backprop",
    "reference.cnn_from_scratch",
    "reference.reseau_profond",
    "reference.keldenich_scratch",
    "reference.germain_2019",
)
