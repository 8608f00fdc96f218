"""Mutants of a printed implementation: the mistakes people make, generated from its source.

A check that says "holds" is worth what it would have said about a wrong formula.
This module rewrites the Python source of the functions behind a form (the printed
functions a claim's ``impl`` calls, through adapter closures and module globals) one
mistake at a time:

=============  ===========================================================
operator       mistake
=============  ===========================================================
sign           ``a + b`` <-> ``a - b``; ``-x`` -> ``x``
drop-factor    ``a * b`` -> ``a`` or ``b``; ``a / n`` -> ``a`` (a lost 1/N)
double         ``return e`` -> ``return 2 * e``
compare        ``>`` <-> ``>=``, ``<`` <-> ``<=`` (the kink convention)
transpose      ``x.T`` -> ``x``
swap           ``np.dot(a, b)`` / ``a @ b`` / ``np.outer(a, b)`` -> operands swapped
axis           ``axis=0`` <-> ``axis=1``
compose        ``f(x)`` -> ``f(f(x))`` for a printed function f (derivative at the output)
index          ``x[i]`` -> ``x[i - 1]`` / ``x[i + 1]``; ``str(i)`` -> ``str(i - 1)`` (layer index)
flip           a kernel argument of a convolution -> ``np.flip(kernel)``
=============  ===========================================================

Each mutant carries a readable description (``line 3: s * (1 - s) -> s * (1 + s)``).
"""

from __future__ import annotations

import ast
import copy
import inspect
import textwrap
import types
from dataclasses import dataclass
from typing import Any, Callable, Iterator

__all__ = ["Mutant", "mutants", "OPERATORS"]

OPERATORS = ("sign", "drop-factor", "double", "compare", "transpose", "swap", "axis", "compose", "index", "flip")
_SKIP_MODULES = ("oracle", "numpy", "torch", "hypothesis", "builtins", "math")
_KERNEL_NAMES = {"kernel", "k", "K", "w", "W", "filtre", "filter", "noyau"}
_MAX_DEPTH = 3


@dataclass(frozen=True)
class Mutant:
    """One mutated version of a form's implementation."""

    operator: str
    function: str
    description: str
    impl: Callable[..., Any]


def _is_user_function(obj: Any) -> bool:
    """A printed function: user code with a public name (``_helpers`` are glue, not printed code)."""
    if not isinstance(obj, types.FunctionType):
        return False
    module = getattr(obj, "__module__", "") or ""
    return module.split(".")[0] not in _SKIP_MODULES and obj.__name__ != "<lambda>" and not obj.__name__.startswith("_")


def _user_module(value: Any) -> bool:
    return isinstance(value, types.ModuleType) and value.__name__.split(".")[0] not in _SKIP_MODULES


def _children(fn: types.FunctionType) -> list[tuple[str, str, types.FunctionType]]:
    """Functions ``fn`` reaches directly: ("cell", index), ("global", name) or ("attr", "module.name")
    (a printed function called through its module, ``printed.sigmoid(x)``) and the function."""
    out = []
    for i, cell in enumerate(fn.__closure__ or ()):
        try:
            value = cell.cell_contents
        except ValueError:
            continue
        if isinstance(value, types.FunctionType) and (_is_user_function(value) or value.__closure__):
            out.append(("cell", str(i), value))
    names = fn.__code__.co_names
    for name in names:
        value = fn.__globals__.get(name)
        if _is_user_function(value) and value is not fn:
            out.append(("global", name, value))
        elif _user_module(value):
            for attr in names:
                member = getattr(value, attr, None)
                if _is_user_function(member) and member is not fn:
                    out.append(("attr", f"{name}.{attr}", member))
    return out


def _rebuild(fn: types.FunctionType, how: str, key: str, new: Any) -> types.FunctionType:
    """A copy of ``fn`` whose closure cell ``key``, global ``key`` or module attribute ``key`` refers to ``new``."""
    closure = fn.__closure__
    globals_ = fn.__globals__
    if how == "cell":
        cells = list(closure)
        cells[int(key)] = types.CellType(new)
        closure = tuple(cells)
    elif how == "attr":
        module_name, attr = key.split(".", 1)
        module = fn.__globals__[module_name]
        proxy = types.ModuleType(module.__name__, module.__doc__)
        proxy.__dict__.update(module.__dict__)
        setattr(proxy, attr, new)
        globals_ = {**fn.__globals__, module_name: proxy}
    else:
        globals_ = {**fn.__globals__, key: new}
    clone = types.FunctionType(fn.__code__, globals_, fn.__name__, fn.__defaults__, closure)
    clone.__kwdefaults__ = fn.__kwdefaults__
    return clone


def _paths(fn: types.FunctionType, depth: int = 0, seen: frozenset = frozenset()) -> Iterator[list]:
    """Paths from the impl to each mutable user function: [(how, key, function), ...]."""
    for how, key, child in _children(fn):
        if id(child) in seen:
            continue
        if _is_user_function(child) and not child.__closure__:
            yield [(how, key, child)]
        if depth < _MAX_DEPTH:
            for rest in _paths(child, depth + 1, seen | {id(child)}):
                yield [(how, key, child)] + rest


def _source_tree(fn: types.FunctionType) -> ast.FunctionDef | None:
    try:
        source = textwrap.dedent(inspect.getsource(fn))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError):
        return None
    node = tree.body[0] if tree.body else None
    return node if isinstance(node, ast.FunctionDef) else None


def _src(node: ast.AST) -> str:
    return ast.unparse(node)


def _numpy_call(node: ast.AST, names: set[str]) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in names
            and isinstance(node.func.value, ast.Name) and node.func.value.id in ("np", "numpy"))


def _sites(fn_node: ast.FunctionDef, user_functions: set[str], conv_like: bool) -> Iterator[tuple[str, ast.AST, ast.AST]]:
    """(operator, node, replacement) for every single-point mutation of the function body."""
    for node in ast.walk(fn_node):
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, (ast.Add, ast.Sub)):
                op = ast.Sub() if isinstance(node.op, ast.Add) else ast.Add()
                yield "sign", node, ast.BinOp(node.left, op, node.right)
            elif isinstance(node.op, ast.Mult):
                yield "drop-factor", node, node.left
                yield "drop-factor", node, node.right
            elif isinstance(node.op, ast.Div):
                yield "drop-factor", node, node.left
            elif isinstance(node.op, ast.MatMult):
                yield "swap", node, ast.BinOp(node.right, ast.MatMult(), node.left)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            yield "sign", node, node.operand
        elif isinstance(node, ast.Compare) and len(node.ops) == 1:
            swap = {ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Lt: ast.LtE, ast.LtE: ast.Lt}.get(type(node.ops[0]))
            if swap:
                yield "compare", node, ast.Compare(node.left, [swap()], node.comparators)
        elif isinstance(node, ast.Attribute) and node.attr == "T" and isinstance(node.ctx, ast.Load):
            yield "transpose", node, node.value
        elif isinstance(node, ast.Return) and node.value is not None and not isinstance(
                node.value, (ast.Dict, ast.Tuple, ast.List, ast.Set)):
            yield "double", node, ast.Return(ast.BinOp(ast.Constant(2), ast.Mult(), node.value))
        if isinstance(node, ast.Call):
            if _numpy_call(node, {"dot", "matmul", "outer"}) and len(node.args) == 2:
                yield "swap", node, ast.Call(node.func, [node.args[1], node.args[0]], node.keywords)
            for i, kw in enumerate(node.keywords):
                if kw.arg == "axis" and isinstance(kw.value, ast.Constant) and kw.value.value in (0, 1):
                    new_kw = ast.keyword("axis", ast.Constant(1 - kw.value.value))
                    yield "axis", node, ast.Call(node.func, node.args, node.keywords[:i] + [new_kw] + node.keywords[i + 1:])
            if isinstance(node.func, ast.Name) and node.func.id in user_functions and len(node.args) == 1:
                yield "compose", node, ast.Call(node.func, [copy.deepcopy(node)], [])
            if isinstance(node.func, ast.Name) and node.func.id == "str" and len(node.args) == 1:
                yield "index", node, ast.Call(node.func, [ast.BinOp(node.args[0], ast.Sub(), ast.Constant(1))], [])
            if conv_like:
                for j, arg in enumerate(node.args):
                    if isinstance(arg, ast.Name) and arg.id in _KERNEL_NAMES:
                        flipped = ast.Call(ast.Attribute(ast.Name("np", ast.Load()), "flip", ast.Load()), [arg], [])
                        args = node.args[:j] + [flipped] + node.args[j + 1:]
                        yield "flip", node, ast.Call(node.func, args, node.keywords)
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            index = node.slice
            if isinstance(index, (ast.Name, ast.BinOp)):
                for op in (ast.Sub(), ast.Add()):
                    yield "index", node, ast.Subscript(node.value, ast.BinOp(index, op, ast.Constant(1)), ast.Load())


class _Replace(ast.NodeTransformer):
    def __init__(self, target: ast.AST, replacement: ast.AST):
        self.target, self.replacement = target, replacement

    def visit(self, node: ast.AST) -> ast.AST:
        if node is self.target:
            return self.replacement
        return super().visit(node)


def _compile(fn: types.FunctionType, fn_node: ast.FunctionDef, target: ast.AST, replacement: ast.AST) -> types.FunctionType | None:
    tree = copy.deepcopy(fn_node)
    # The same node in the copy: both trees walk in the same order.
    new_target = next(b for a, b in zip(ast.walk(fn_node), ast.walk(tree)) if a is target)
    tree = _Replace(new_target, copy.deepcopy(replacement)).visit(tree)
    mutated = ast.fix_missing_locations(ast.Module(body=[tree], type_ignores=[]))
    mutated.body[0].decorator_list = []
    namespace: dict[str, Any] = {}
    try:
        exec(compile(mutated, filename=f"<mutant of {fn.__name__}>", mode="exec"), dict(fn.__globals__), namespace)
    except Exception:
        return None
    new = namespace.get(fn.__name__)
    if not isinstance(new, types.FunctionType):
        return None
    return types.FunctionType(new.__code__, fn.__globals__, fn.__name__, fn.__defaults__, None)


def _substitute(impl: types.FunctionType, path: list, new: types.FunctionType) -> types.FunctionType:
    """``impl`` with the function at the end of ``path`` replaced by ``new``."""
    if len(path) == 1:
        how, key, _ = path[0]
        return _rebuild(impl, how, key, new)
    how, key, child = path[0]
    return _rebuild(impl, how, key, _substitute(child, path[1:], new))


def mutants(impl: Callable[..., Any]) -> list[Mutant]:
    """Every single-point mutant of the printed functions behind ``impl``, in source order.

    Functions without retrievable source (lambdas, builtins) are not mutated.
    """
    if not isinstance(impl, types.FunctionType):
        return []
    paths = list(_paths(impl))
    if _is_user_function(impl) and not impl.__closure__:
        paths.insert(0, [])
    out: list[Mutant] = []
    seen: set[tuple[str, str]] = set()
    for path in paths:
        fn = path[-1][2] if path else impl
        key = (fn.__module__, fn.__qualname__)
        if key in seen:
            continue
        seen.add(key)
        node = _source_tree(fn)
        if node is None:
            continue
        user_functions = {n for n in fn.__code__.co_names if _is_user_function(fn.__globals__.get(n))}
        conv_like = "conv" in fn.__name__.lower() or "corr" in fn.__name__.lower()
        for operator, target, replacement in _sites(node, user_functions, conv_like):
            new = _compile(fn, node, target, replacement)
            if new is None:
                continue
            line = getattr(target, "lineno", 1) + fn.__code__.co_firstlineno - 1
            description = f"{fn.__name__}, line {line}: {_src(target)} -> {_src(replacement)}"
            mutated_impl = _substitute(impl, path, new) if path else new
            out.append(Mutant(operator=operator, function=fn.__name__, description=description, impl=mutated_impl))
    return out
