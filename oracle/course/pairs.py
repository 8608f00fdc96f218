"""Which notebook functions go together, by the conventions courses use.

* ``f`` with its derivative ``f_prime``, ``fprime``, ``df``, ``d_f``, ``f_derivative``, ``f_deriv``,
  ``f_grad``, ``grad_f`` or ``f_gradient``: an elementwise function of one argument (or a loss of
  (prediction, target), differentiated in the prediction when it is known by name);
* ``*forward*`` with ``*backward*`` (``relu_forward``/``relu_backward``): ``backward(upstream,
  *inputs)`` returning the gradients of the inputs in order (or by name), or, cs231n's way,
  ``forward`` returning ``(out, cache)`` and ``backward(upstream, cache)``;
* a class with ``forward`` and ``backward`` methods and a constructor without arguments:
  ``forward(*inputs)``, then ``backward(upstream)``.

What cannot be paired into a judgeable form is reported with the reason (a constructor that needs
arguments, a loss whose variable of differentiation is not said), never judged by guesswork.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from oracle.course.known import Known, known

__all__ = ["Pair", "Unpaired", "find_pairs", "DERIVATIVE_NAMES"]

#: How a derivative is named after its function ``{f}``.
DERIVATIVE_NAMES = ("{f}_prime", "{f}prime", "d{f}", "d_{f}", "{f}_derivative", "{f}_deriv", "{f}_grad", "grad_{f}",
                    "{f}_gradient", "derivative_{f}")


@dataclass(frozen=True)
class Pair:
    """A function and its derivative or backward, as the notebook defines them.

    ``kind``: "elementwise" (``derivative(*inputs)`` is the elementwise derivative in the first input),
    "vjp" (``backward(upstream, *inputs)``), "cache" (``forward -> (out, cache)``, ``backward(upstream,
    cache)``) or "layer" (a class).  ``inputs`` are the forward's parameters; ``wrt`` those the derivative
    or backward gives; ``known`` the function known by name (or named by a directive) that serves as
    the torch reference, ``None`` when the truth is the notebook's own forward.
    """

    kind: str
    forward: str
    backward: str
    inputs: tuple[str, ...]
    wrt: tuple[str, ...]
    known: Known | None = None
    reference: str = ""
    #: for a loss known by name: the positions of (prediction, target) among ``inputs``
    order: tuple[int, ...] = (0, 1)


@dataclass(frozen=True)
class Unpaired:
    """Two functions that look like a pair but cannot be judged as one, with the reason."""

    forward: str
    backward: str
    reason: str


def _required(params: Sequence[Mapping[str, Any]]) -> tuple[str, ...] | None:
    """Required positional parameters; ``None`` when the function takes ``*args``/``**kwargs``."""
    if any(p.get("variadic") for p in params):
        return None
    return tuple(p["name"] for p in params if p.get("required"))


def _base(name: str) -> str:
    """``relu_forward`` -> ``relu``, ``Sigmoid`` -> ``sigmoid``: the name a known function would have."""
    return re.sub(r"_+", "_", re.sub(r"(?i)forward|backward|layer|_pass", "", name)).strip("_").lower()


def find_pairs(inventory: Sequence[Mapping[str, Any]], references: Mapping[str, str]) -> list[Pair | Unpaired]:
    """The pairs among the functions and classes a notebook defined (``references``: name -> ``torch.fn``)."""
    functions = {item["name"]: item for item in inventory if item.get("kind") == "function"}
    out: list[Pair | Unpaired] = []
    used: set[str] = set()
    for name in sorted(functions):
        if name in used:
            continue
        for pattern in DERIVATIVE_NAMES:
            d = pattern.format(f=name)
            if d in functions and d != name and d not in used:
                used |= {name, d}
                out.append(_elementwise(name, d, functions, references))
                break
    for name in sorted(functions):
        if "forward" in name and name not in used:
            back = name.replace("forward", "backward")
            if back in functions:
                used |= {name, back}
                out.append(_vjp(name, back, functions, references))
    for item in inventory:
        if item.get("kind") == "class" and {"forward", "backward"} <= set(item.get("methods") or {}):
            out.append(_layer(item, references))
    return out


def _reference(names: Sequence[str], references: Mapping[str, str]) -> tuple[Known | None, str]:
    for n in names:
        if references.get(n):
            return None, references[n]
    for n in names:
        k = known(_base(n)) or known(n)
        if k is not None:
            return k, ""
    return None, ""


def _elementwise(name: str, d: str, functions: Mapping[str, Any], references: Mapping[str, str]) -> Pair | Unpaired:
    f_params, d_params = _required(functions[name]["params"]), _required(functions[d]["params"])
    if not f_params or d_params is None or len(d_params) != len(f_params):
        return Unpaired(name, d, f"{d} does not take the arguments of {name} "
                                 f"({', '.join(f_params or ())} against {', '.join(d_params or ())})")
    k, ref = _reference([name], references)
    if len(f_params) > 1 and not (k is not None and k.arity == len(f_params)):
        return Unpaired(name, d, f"{name} takes {len(f_params)} arguments: with respect to which one {d} "
                                 f"differentiates is not said (name a known loss, or write a *_backward)")
    if k is not None and not k.elementwise:
        return Unpaired(name, d, f"the derivative of {k.title} is a Jacobian, not an elementwise function: "
                                 f"write {name}_backward(upstream, ...) to have it judged")
    if len(f_params) == 2:
        order = _roles(f_params)
        if order is None:
            return Unpaired(name, d, f"which of {', '.join(f_params)} is the prediction is not said: name it "
                                     f"y_hat, pred or p (and the target y, t or target)")
        return Pair("elementwise", name, d, f_params, (f_params[order[0]],), k, ref, order)
    return Pair("elementwise", name, d, f_params, f_params[:1], k, ref)


_PREDICTION = re.compile(r"(?i)(hat|pred|prob|output|^out$|^o$|^p$|^a$|^q$)")
_TARGET = re.compile(r"(?i)(^y$|^t$|target|label|true|truth|^y_?t$)")


def _roles(params: Sequence[str]) -> tuple[int, int] | None:
    """(prediction, target) positions of a loss's two parameters, from their names; ``None`` when they do not say."""
    first, second = params
    if _PREDICTION.search(first) or _TARGET.search(second):
        if not (_TARGET.search(first) or _PREDICTION.search(second)):
            return (0, 1)
    if _TARGET.search(first) or _PREDICTION.search(second):
        if not (_PREDICTION.search(first) or _TARGET.search(second)):
            return (1, 0)
    return None


def _vjp(name: str, back: str, functions: Mapping[str, Any], references: Mapping[str, str]) -> Pair | Unpaired:
    f_params, b_params = _required(functions[name]["params"]), _required(functions[back]["params"])
    k, ref = _reference([name], references)
    if not f_params or b_params is None:
        return Unpaired(name, back, "the signatures take *args or **kwargs")
    if len(b_params) == 2 and b_params[1] == "cache":
        return Pair("cache", name, back, f_params, f_params, k, ref)
    if len(b_params) == len(f_params) + 1 and tuple(b_params[1:]) == f_params:
        return Pair("vjp", name, back, f_params, f_params, k, ref)
    return Unpaired(name, back, f"{back}({', '.join(b_params)}) follows neither backward(upstream, "
                                f"{', '.join(f_params)}) nor backward(upstream, cache)")


def _layer(item: Mapping[str, Any], references: Mapping[str, str]) -> Pair | Unpaired:
    name, methods = item["name"], item["methods"]
    init = _required(methods.get("__init__", []))
    f_params, b_params = _required(methods["forward"]), _required(methods["backward"])
    if init:
        return Unpaired(name, f"{name}.backward", f"{name}() needs constructor arguments ({', '.join(init)})")
    if not f_params or b_params is None or len(b_params) != 1:
        return Unpaired(name, f"{name}.backward", "backward does not take one upstream gradient")
    k, ref = _reference([name], references)
    return Pair("layer", name, f"{name}.backward", f_params, f_params, k, ref)
