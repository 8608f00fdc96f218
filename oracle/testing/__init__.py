"""An engineer's own backward passes, in her own tests (``docs/engineers.md``).

``assert_vjp(forward, backward, inputs)``: a hand-written VJP against autograd and the numeric
judge.  ``gradcheck(fn, inputs)``: ``torch.autograd.gradcheck``'s call for a callable whose
backward is custom, judged by the numeric judge.  ``oracle.pytest_plugin`` gathers their
outcomes into the harness's report (``pytest --oracle-report DIR``).
"""

from oracle.testing.assertion import assert_vjp
from oracle.testing.errors import GradcheckError, VJPMismatch, VJPSetupError
from oracle.testing.gradcheck import gradcheck

__all__ = ["GradcheckError", "VJPMismatch", "VJPSetupError", "assert_vjp", "gradcheck"]
