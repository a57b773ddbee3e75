"""The RestrictedPython policy that instruments scripts for their budgets (see engine.budget).

On top of RestrictedPython's own checks: a `_budget_tick_()` call at the top of every `while` body, every
function body and every lambda; the operators that can build a huge value in one step (`*`, `**`, `<<`, `+`,
`%`) become calls of guarded functions; f-string fields with a format spec go through `_budget_format_`, so a
width like `{x:>999999999}` is checked before it pads. Class definitions are refused (a class could define
methods that run outside any evaluation). The injected names start with `_`, which scripts cannot use.
"""
from __future__ import annotations

import ast

from RestrictedPython import RestrictingNodeTransformer

GUARDED_OPERATORS = {ast.Mult: "_budget_mul_", ast.Pow: "_budget_pow_", ast.LShift: "_budget_lshift_",
                     ast.Add: "_budget_add_", ast.Mod: "_budget_mod_"}


def _call(name: str, args: list[ast.expr], where: ast.AST) -> ast.Call:
    call = ast.Call(func=ast.Name(name, ast.Load()), args=args, keywords=[])
    return ast.fix_missing_locations(ast.copy_location(call, where))


def _tick(where: ast.AST) -> ast.Expr:
    return ast.copy_location(ast.Expr(_call("_budget_tick_", [], where)), where)


class BudgetPolicy(RestrictingNodeTransformer):
    """RestrictedPython's policy plus the budget instrumentation."""

    def visit_While(self, node: ast.While):
        node = super().visit_While(node)
        node.body.insert(0, _tick(node))
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef):
        node = super().visit_FunctionDef(node)
        node.body.insert(0, _tick(node))
        return node

    def visit_Lambda(self, node: ast.Lambda):
        node = super().visit_Lambda(node)
        # `_budget_tick_() or body`: the tick returns None, so the lambda still returns its body's value
        node.body = ast.copy_location(ast.BoolOp(op=ast.Or(), values=[_call("_budget_tick_", [], node.body),
                                                                     node.body]), node.body)
        return node

    def visit_BinOp(self, node: ast.BinOp):
        node = super().visit_BinOp(node)
        name = GUARDED_OPERATORS.get(type(node.op))
        if name is None:
            return node
        return _call(name, [node.left, node.right], node)

    def visit_FormattedValue(self, node: ast.FormattedValue):
        node = super().visit_FormattedValue(node)
        if node.format_spec is not None:
            node.value = _call("_budget_format_", [node.value, node.format_spec,
                                                   ast.Constant(node.conversion)], node.value)
            node.format_spec, node.conversion = None, -1
        return node

    def visit_ClassDef(self, node: ast.ClassDef):
        self.error(node, "Class definitions are not allowed in scripts.")
        return node
