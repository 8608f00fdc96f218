"""000_88c507be81c046c9.txt: "Tutoriel deep learning, deuxième partie : la rétropropagation du gradient"
(blog tutorial, author not named).

``printed`` holds "Le code" and the text's formulas as printed, with corrections beside them;
``claims`` wires them to the checks; ``derivations`` transcribes the chain-rule derivations.
"""

from oracle import Document
from reference.tutoriel_backprop import claims, derivations

DOCUMENT = Document(
    id="tutoriel-backprop",
    file=claims.FILE,
    title="Tutoriel deep learning, deuxième partie : la rétropropagation du gradient",
    author="blog tutorial (author not named)",
)

CLAIMS = claims.CLAIMS + derivations.CLAIMS
