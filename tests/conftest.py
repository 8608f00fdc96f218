"""Shared test settings: hypothesis without a database, so runs are reproducible."""

import torch
from hypothesis import settings

# See oracle.cli, Note [one thread]: tiny tensors run far faster on one intra-op thread.
torch.set_num_threads(1)

settings.register_profile("oracle", database=None, deadline=None, print_blob=True)
settings.load_profile("oracle")
