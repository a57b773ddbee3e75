"""CPU-time and memory budgets for each evaluation of a script or expression from a diagram.

In-process, so they hold in web threads and Celery workers alike (no signals, no alarm, no sys.settrace).
The script policy (engine.script_policy) makes compiled code call `_budget_tick_()` at the top of every `while`
body and every function, and `_getiter_` ticks once per item of every `for` loop and comprehension. Every
CHECK_EVERY steps a tick compares the thread's CPU time (time.thread_time) with the evaluation's deadline.
Operations that can build a huge object in one step (`*`, `**`, `<<`, `+`, `%`, f-string widths, str methods
that take a width or count, join, sum, range) are estimated first (engine.script_guards) and the bytes are
charged to the evaluation's memory budget, cumulatively. Once exceeded, a budget stays exceeded for the rest of
the evaluation: every later tick raises again, and the evaluation fails even if the script swallowed the error.
All the evaluations of one engine run (a lodge, a completed task, a timer) also share RUN_FACTOR CPU budgets,
so a diagram that cycles through quick scripts without a wait state is stopped too.
"""
from __future__ import annotations

import operator
import time
from contextvars import ContextVar
from dataclasses import dataclass, replace

from RestrictedPython.Guards import safer_getattr

from engine import script_guards as guards

CHECK_EVERY = 256
MB = 1024 * 1024
_NUMBERS = {int, float, bool, complex}
_FLOATS = {float, complex}


class ScriptError(Exception):
    """A script or expression of a diagram failed in a way the engine turned into an ordinary error."""

    def __init__(self, message: str, *, element: str | None = None):
        super().__init__(message)
        self.element = element


class ScriptBudgetExceeded(ScriptError):
    """A script or expression used more than its CPU-time or memory budget (or built an over-large value)."""

    def __init__(self, message: str, *, kind: str, limit: str, element: str | None = None):
        super().__init__(message, element=element)
        self.kind, self.limit = kind, limit


RUN_FACTOR = 10  # a run of the engine (a lodge, a completed task, a timer) may spend ten budgets on its code


@dataclass(frozen=True)
class Limits:
    cpu_ms: int = 200
    memory_mb: int = 64
    enabled: bool = True

    @property
    def run_limit_ms(self) -> int:
        """What all the evaluations of one engine run may use together."""
        return RUN_FACTOR * self.cpu_ms


@dataclass
class RunSpent:
    """CPU seconds the evaluations of one engine run have used so far: a diagram that loops through script
    tasks without a wait state is stopped even when each evaluation stays within its own budget."""

    seconds: float = 0.0


_limits = Limits()
_current: ContextVar[Budget | None] = ContextVar("script_budget", default=None)
_element: ContextVar[str | None] = ContextVar("script_element", default=None)
_run: ContextVar[RunSpent | None] = ContextVar("script_run", default=None)


def set_script_budget(*, cpu_ms: int | None = None, memory_mb: int | None = None,
                      enabled: bool | None = None) -> None:
    """Set the budget of every later evaluation (`enabled=False` switches enforcement off, for benchmarks)."""
    global _limits
    changes = {"cpu_ms": cpu_ms, "memory_mb": memory_mb}
    for name, value in changes.items():
        if value is not None and (not isinstance(value, int) or value <= 0):
            raise ValueError(f"script budget {name} must be a positive whole number, not {value!r}")
    changes["enabled"] = enabled
    _limits = replace(_limits, **{k: v for k, v in changes.items() if v is not None})


def script_budget() -> Limits:
    return _limits


def where() -> str:
    """' in element 'X'' when the engine knows which element's code runs, else ''."""
    element = _element.get()
    return f" in element '{element}'" if element else ""


def _figure(n: float) -> str:
    return f"{n:,.0f}" if n >= 10 else f"{n:.1f}"


class Budget:
    """The budget of one evaluation; its bound methods are the names the instrumented code calls."""

    __slots__ = ("limits", "started", "deadline", "run_bound", "memory_limit", "memory_used", "steps",
                 "next_check", "error")

    def __init__(self, limits: Limits, run: RunSpent | None = None):
        self.limits = limits
        self.started = time.thread_time()
        own = limits.cpu_ms / 1000
        left = limits.run_limit_ms / 1000 - run.seconds if run is not None else own
        self.run_bound = left < own  # this run's code has used most of what it may: the run's limit binds
        self.deadline = self.started + min(own, left)
        self.memory_limit = limits.memory_mb * MB
        self.memory_used = 0
        self.steps = 0
        self.next_check = CHECK_EVERY
        self.error: ScriptBudgetExceeded | None = None

    def names(self) -> dict:
        return {"_budget_tick_": self.tick, "_getiter_": self.getiter, "_getattr_": self.getattr,
                "_inplacevar_": self.inplacevar, "_budget_mul_": self.mul, "_budget_pow_": self.pow,
                "_budget_lshift_": self.lshift, "_budget_add_": self.add, "_budget_mod_": self.mod,
                "_budget_format_": self.format}

    # CPU time

    def tick(self) -> None:
        self.steps += 1
        if self.steps >= self.next_check:
            self.check()

    def check(self) -> None:
        if self.error is None:
            if time.thread_time() <= self.deadline:
                self.next_check = self.steps + CHECK_EVERY
                return
            self.over_cpu()
        self.raise_again()

    def over_cpu(self) -> None:
        if not self.run_bound:
            self.exceed("cpu", f"{self.limits.cpu_ms} ms", f"CPU time over the limit of {self.limits.cpu_ms} ms")
        self.exceed("run_cpu", f"{self.limits.run_limit_ms} ms",
                    f"CPU time of all the code this step of the process ran is over the limit of "
                    f"{self.limits.run_limit_ms} ms (does the diagram loop without waiting?)")

    def getiter(self, ob):
        return self._ticking(iter(ob))

    def _ticking(self, iterator):
        for item in iterator:  # tick() inlined: this runs once per item of every loop
            self.steps += 1
            if self.steps >= self.next_check:
                self.check()
            yield item

    # memory and sizes

    def exceed(self, kind: str, limit: str, what: str) -> None:
        self.next_check = 0  # sticky: every later tick comes back here
        self.error = ScriptBudgetExceeded(f"Script budget exceeded{where()}: {what}",
                                          kind=kind, limit=limit, element=_element.get())
        self.raise_again()

    def raise_again(self) -> None:
        error = self.error
        raise ScriptBudgetExceeded(str(error), kind=error.kind, limit=error.limit, element=error.element)

    def charge(self, nbytes: int, op: str) -> None:
        self.memory_used += nbytes
        self.steps += nbytes >> 10  # a big copy costs CPU too: check the clock soon
        if self.error is not None:
            self.raise_again()
        if self.memory_used > self.memory_limit:
            self.exceed("memory", f"{self.limits.memory_mb} MB",
                        f"memory over the limit of {self.limits.memory_mb} MB ({op} would bring what the script "
                        f"allocated to about {_figure(self.memory_used / MB)} MB)")

    def sized(self, estimate, op: str, *args) -> None:
        try:
            self.charge(estimate(*args), op)
        except guards.IntegerTooLarge as big:
            self.exceed("integer", f"{guards.MAX_INT_BITS} bits",
                        f"'{big.op}' would build an integer of about {_figure(big.bits)} bits, over the limit "
                        f"of {_figure(guards.MAX_INT_BITS)} bits")

    # Fast paths first: arithmetic on numbers that are not too big is most of what scripts do.

    def mul(self, a, b):
        if type(a) in _FLOATS or type(b) in _FLOATS:
            return a * b
        if type(a) is int and type(b) is int and a.bit_length() + b.bit_length() <= guards.MAX_INT_BITS:
            return a * b
        self.sized(guards.mul_size, "'*'", a, b)
        return a * b

    def pow(self, a, b, mod=None):
        if type(a) in _FLOATS or type(b) in _FLOATS:
            return pow(a, b) if mod is None else pow(a, b, mod)
        if mod is None:
            self.sized(guards.pow_size, "'**'", a, b)
            return a ** b
        return pow(a, b, mod)

    def lshift(self, a, b):
        self.sized(guards.lshift_size, "'<<'", a, b)
        return a << b

    def add(self, a, b):
        if type(a) in _NUMBERS:
            return a + b
        if type(a) is str and type(b) is str:
            self.charge((len(a) + len(b)) * (1 if a.isascii() and b.isascii() else 4), "'+'")
            return a + b
        self.sized(guards.add_size, "'+'", a, b)
        return a + b

    def mod(self, a, b):
        if type(a) in _NUMBERS:
            return a % b
        self.sized(guards.percent_size, "'%' formatting", a, b)
        return a % b

    def format(self, value, spec: str, conversion: int):
        """f"{value!r:spec}" with the conversion applied here, so the spec's width can be checked first."""
        value = {115: str, 114: repr, 97: ascii}.get(conversion, lambda v: v)(value)
        self.sized(guards.format_spec_size, "an f-string format", value, spec)
        return format(value, spec)

    def inplacevar(self, op: str, x, y):
        if op == "+=":
            return self.add(x, y)
        if op == "*=":
            return self.mul(x, y)
        if op == "%=":
            return self.mod(x, y)
        return in_place_plain(op, x, y)  # -=, /=, //= cannot build anything bigger than their operands

    def getattr(self, obj, name, default=None):
        value = safer_getattr(obj, name, default)
        if name not in guards.SIZED_METHOD_NAMES:
            return value
        if isinstance(obj, type):  # str.ljust(s, n): the same method, unbound
            return self._unbound(value, obj, name) if issubclass(obj, guards.SIZED_TYPES) else value
        if isinstance(obj, guards.TEXT_TYPES) and name == "join":
            return lambda items: self._join(obj, items)
        if isinstance(obj, guards.TEXT_TYPES) and name in guards.TEXT_METHODS:
            return self._sized_method(value, guards.TEXT_METHODS[name], f"{type(obj).__name__}.{name}()", obj)
        if isinstance(obj, int) and name in guards.INT_METHODS:
            return self._sized_method(value, guards.INT_METHODS[name], f"int.{name}()", obj)
        return value

    def _unbound(self, function, cls: type, name: str):
        def call(instance, *args, **kwargs):
            if isinstance(instance, cls):
                return self.getattr(instance, name)(*args, **kwargs)
            return function(instance, *args, **kwargs)  # not an instance: the method says what is wrong
        return call

    def _sized_method(self, method, estimate, op: str, obj):
        def call(*args, **kwargs):
            try:
                size = estimate(obj, *args, **kwargs)
            except (TypeError, ValueError, AttributeError):
                size = 0  # wrong arguments: let the method itself say what is wrong
            self.charge(size, op)
            return method(*args, **kwargs)
        return call

    def _join(self, sep, items):
        items = list(self.getiter(items))
        self.charge(guards.join_size(sep, items), f"{type(sep).__name__}.join()")
        return sep.join(items)


class element_scope:
    """Names the diagram element whose code runs inside, for the messages of budget and script errors, and
    the engine run it belongs to, whose evaluations share a CPU limit."""

    def __init__(self, element: str | None, run: RunSpent | None = None):
        self.element, self.run = element, run

    def __enter__(self):
        self._tokens = _element.set(self.element), _run.set(self.run)

    def __exit__(self, *_exc):
        _element.reset(self._tokens[0])
        _run.reset(self._tokens[1])
        return False


class evaluation:
    """One evaluation of a script or expression: its budget, and no BaseException gets out of it.

    SystemExit, KeyboardInterrupt, GeneratorExit... raised inside (by the script or a helper it calls) become a
    ScriptError, an ordinary Exception, so SpiffWorkflow wraps it with its task and the thread lives on.
    """

    def __init__(self, limits: Limits):
        self.run = _run.get()
        self.budget = Budget(limits, self.run) if limits.enabled else None

    def __enter__(self) -> Budget | None:
        if self.budget is not None and self.budget.deadline <= self.budget.started:
            self.budget.over_cpu()  # the run has used up its limit: not even a line more
        self._token = _current.set(self.budget)
        return self.budget

    def __exit__(self, exc_type, exc, _tb):
        _current.reset(self._token)
        if self.budget is not None and self.run is not None:
            self.run.seconds += time.thread_time() - self.budget.started
        if exc is None:
            if self.budget is not None and self.budget.error is not None:
                self.budget.raise_again()  # the script caught the budget error and finished anyway
            return False
        if isinstance(exc, Exception):
            return False
        raise ScriptError(f"Script error{where()}: the script raised {exc_type.__name__}, which scripts "
                          "and expressions may not raise", element=_element.get()) from exc


# Builtins that reach the current evaluation's budget through the context (they are shared globals).

def current_budget() -> Budget | None:
    return _current.get()


def guarded_range(*args) -> range:
    r = range(*args)
    budget = _current.get()
    if budget is not None:
        items = guards.range_items(r)
        if items > guards.MAX_RANGE_ITEMS:
            budget.exceed("range", f"{guards.MAX_RANGE_ITEMS} items",
                          f"a range of {_figure(items)} items, over the limit of "
                          f"{_figure(guards.MAX_RANGE_ITEMS)}")
        budget.steps += items >> 4  # list(range(n)) runs in C: check the clock soon
    return r


def guarded_pow(base, exp, mod=None):
    budget = _current.get()
    return budget.pow(base, exp, mod) if budget is not None else pow(base, exp, mod)


def guarded_sum(iterable, /, start=0):
    budget = _current.get()
    if budget is None or not isinstance(start, guards.SEQUENCE_TYPES):
        return sum(iterable, start)
    items = list(budget.getiter(iterable))
    budget.charge(guards.sum_size(items, start), "sum()")
    return sum(items, start)


def in_place_plain(op: str, x, y):
    """`_inplacevar_` when budgets are off: the operators scripts have always had."""
    fn = _PLAIN_INPLACE.get(op)
    if fn is None:
        raise SyntaxError(f"operator {op} is not allowed in scripts")
    return fn(x, y)


_PLAIN_INPLACE = {"+=": operator.add, "-=": operator.sub, "*=": operator.mul, "/=": operator.truediv,
                  "//=": operator.floordiv, "%=": operator.mod}
