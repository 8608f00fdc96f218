"""003_ddcfe26c8c4f59ec.txt: Tom Keldenich (Inside Machine Learning), "Codons ensemble un algorithme de
Deep Learning from Scratch".

``printed`` holds the code cells, formulas and sentences as printed, with corrections beside them;
``listing`` the notebook's cells verbatim; ``wiring`` and ``sentences`` the references, domains and runs;
``claims``, ``claims_gradient``, ``claims_training`` and ``claims_results`` the claims, section by section.
"""

from oracle import Document
from reference.keldenich_scratch import claims, claims_gradient, claims_results, claims_training

DOCUMENT = Document(
    id="keldenich-scratch",
    file=claims.FILE,
    title="Codons ensemble un algorithme de Deep Learning from Scratch",
    author="Tom Keldenich (Inside Machine Learning)",
)

CLAIMS = claims.CLAIMS + claims_gradient.CLAIMS + claims_training.CLAIMS + claims_results.CLAIMS
