"""000_88c507be81c046c9.txt: "Tutoriel deep learning, deuxième partie : la rétropropagation du gradient"
(blog tutorial, author not named).

``printed`` holds "Le code" and the text's formulas as printed, ``sentences`` the text's sentences transcribed as
the functions they assert, ``listing`` the listing verbatim, with corrections beside them; ``claims_notation``,
``claims_layers`` (the text) and ``claims`` (the code) wire them to the checks, in the document's order;
``derivations`` transcribes the chain-rule derivations.
"""

from oracle import Document
from reference.tutoriel_backprop import claims, claims_layers, claims_notation, derivations

DOCUMENT = Document(
    id="tutoriel-backprop",
    file=claims.FILE,
    title="Tutoriel deep learning, deuxième partie : la rétropropagation du gradient",
    author="blog tutorial (author not named)",
)

CLAIMS = claims_notation.CLAIMS + claims_layers.CLAIMS + claims.CLAIMS + derivations.CLAIMS
