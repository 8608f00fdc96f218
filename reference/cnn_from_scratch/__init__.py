"""001_dde28a00788c0b3a.txt: "Implémente moi un CNN" (blog article, author not named).

Every formula and code listing of the article was an image; ``printed`` transcribes what the
captions and sentences state, ``claims`` wires it to the checks, ``derivations`` follows the
softmax-cross-entropy argument.
"""

from oracle import Document
from reference.cnn_from_scratch import claims, derivations

DOCUMENT = Document(
    id="cnn-from-scratch",
    file=claims.FILE,
    title="Implémente moi un CNN",
    author="blog article (author not named)",
)

CLAIMS = claims.CLAIMS + derivations.CLAIMS
