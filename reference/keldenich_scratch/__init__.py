"""003_ddcfe26c8c4f59ec.txt: Tom Keldenich (Inside Machine Learning), "Codons ensemble un algorithme de
Deep Learning from Scratch".

``printed`` holds the code cells as printed, with corrections beside them; ``claims`` runs them the
way the document does and wires them to the checks.
"""

from oracle import Document
from reference.keldenich_scratch import claims

DOCUMENT = Document(
    id="keldenich-scratch",
    file=claims.FILE,
    title="Codons ensemble un algorithme de Deep Learning from Scratch",
    author="Tom Keldenich (Inside Machine Learning)",
)

CLAIMS = claims.CLAIMS
