"""A process owner's script cannot run forever, eat the memory or kill the thread it runs in.

Each fault is run through the real restricted environment (RestrictedPython with the budget policy); the CPU
figures are the thread's own CPU time, so a busy machine does not make these tests flaky.
"""
from __future__ import annotations

import time

import pytest

from engine import budget
from engine.budget import ScriptBudgetExceeded, ScriptError
from engine.scripting import HardenedEnvironment, check_compiles

CPU_MS = 50


@pytest.fixture(autouse=True)
def small_budget():
    before = budget.script_budget()
    budget.set_script_budget(cpu_ms=CPU_MS, memory_mb=64, enabled=True)
    yield
    budget.set_script_budget(cpu_ms=before.cpu_ms, memory_mb=before.memory_mb, enabled=before.enabled)


def raise_system_exit():
    raise SystemExit(3)


def raise_keyboard_interrupt():
    raise KeyboardInterrupt


def burn_cpu(ms: int) -> None:
    """Use `ms` of this thread's CPU time in trusted code (scripts cannot measure time themselves)."""
    until = time.thread_time() + ms / 1000
    while time.thread_time() < until:
        pass


ENV = HardenedEnvironment({"double": lambda x: 2 * x, "leave": raise_system_exit,
                           "interrupt": raise_keyboard_interrupt, "burn": burn_cpu})


def run(script: str, data: dict | None = None) -> dict:
    context = dict(data or {})
    ENV.execute(script, context)
    return context


def refused(script: str) -> tuple[ScriptBudgetExceeded, float]:
    """The budget error `script` ends with, and the CPU seconds it took to get there."""
    started = time.thread_time()
    with pytest.raises(ScriptBudgetExceeded) as caught:
        run(script)
    return caught.value, time.thread_time() - started


@pytest.mark.parametrize("script", [
    "while True:\n    pass",
    "n = 0\nwhile n >= 0:\n    n += 1",
    "def f(n):\n    return f(n - 1) + f(n - 1) if n else 1\nx = f(64)",
    "f = lambda n: f(n - 1) + f(n - 1) if n else 1\nx = f(64)",
    "def f():\n    try:\n        f()\n    except Exception:\n        f()\nf()",
    "x = [[j for j in range(1000)] for i in range(1000000)]",
    "x = sum(1 for i in range(1000000) for j in range(1000000))",
    "def gen():\n    while True:\n        yield 1\nfor x in gen():\n    pass",
])
def test_endless_and_exponential_work_stops_at_the_cpu_budget(script):
    error, cpu = refused(script)
    assert error.kind == "cpu" and f"CPU time over the limit of {CPU_MS} ms" in str(error)
    # Stopped, not run out: unwinding a recursion that re-raises at every level costs some CPU of its own, so the
    # bound is generous (it is no speed target; each of these scripts would otherwise run for hours).
    assert cpu < 100 * CPU_MS / 1000


@pytest.mark.parametrize("script", [
    "try:\n    while True:\n        pass\nexcept Exception:\n    while True:\n        pass",
    "while True:\n    try:\n        while True:\n            pass\n    except Exception:\n        pass",
    "try:\n    while True:\n        pass\nexcept Exception:\n    caught = True",
    "for i in range(10):\n    try:\n        while True:\n            pass\n    except Exception as e:\n"
    "        last = e",
])
def test_catching_the_budget_error_does_not_buy_more_time(script):
    error, cpu = refused(script)
    assert error.kind == "cpu"
    assert cpu < 100 * CPU_MS / 1000  # without the sticky budget these loop for ever


def test_infinite_recursion_is_an_ordinary_error_not_a_crash():
    with pytest.raises(RecursionError):
        run("def f(n):\n    return f(n + 1)\nf(0)")


@pytest.mark.parametrize("script, operation", [
    ("x = 'a' * (2 * 10**9)", "'*'"),
    ("x = (2 * 10**9) * b'a'", "'*'"),
    ("x = [0] * 10**9", "'*'"),
    ("x = (None,) * 10**9", "'*'"),
    ("x = 'a' * 10**6\nfor i in range(100):\n    x = x + x", "'+'"),
    ("x = ['a'] * 10**6\nfor i in range(100):\n    x += x", "'+'"),
    ("x = 'abc'\nfor i in range(100):\n    x *= 2", "'*'"),
    ("x = '%1000000000d' % 1", "'%' formatting"),
    ("x = f'{1:>1000000000}'", "an f-string format"),
    ("w = 10**9\nx = f'{1:>{w}}'", "an f-string format"),
    ("x = 'a'.ljust(10**9)", "str.ljust()"),
    ("x = 'a'.center(10**9)", "str.center()"),
    ("x = '1'.zfill(10**9)", "str.zfill()"),
    ("x = ('\\t' * 1000).expandtabs(10**7)", "str.expandtabs()"),
    ("x = ('a' * 1000).replace('', 'b' * 100000)", "str.replace()"),
    ("x = ('x' * 10**6).join(['a'] * 1000)", "str.join()"),
    ("x = sum([[1] * 10**6] * 100, [])", "sum()"),
    ("x = (1).to_bytes(10**9, 'big')", "int.to_bytes()"),
    ("x = str.ljust('a', 10**9)", "str.ljust()"),
    ("x = str.join('x' * 10**6, ['a'] * 1000)", "str.join()"),
    ("x = int.to_bytes(1, 10**9, 'big')", "int.to_bytes()"),
    ("x = [[0] * 10**5 for i in range(10**6)]", "'*'"),
    ("x = [[[0] * 10**5 for j in range(10)] for i in range(10**6)]", "'*'"),
])
def test_huge_values_are_refused_before_they_are_built(script, operation):
    budget.set_script_budget(cpu_ms=5000)  # only the memory budget is under test; the copies below cost CPU
    error, cpu = refused(script)
    assert error.kind == "memory", error
    assert "memory over the limit of 64 MB" in str(error) and operation in str(error)
    assert cpu < 3.0  # building them would take minutes or exhaust memory


@pytest.mark.parametrize("script, op", [
    ("x = 10 ** (10**8)", "**"), ("x = pow(7, 10**9)", "**"), ("x = 1 << 10**10", "<<"),
    ("x = 3\nfor i in range(64):\n    x = x * x", "*"),
])
def test_huge_integers_are_refused(script, op):
    error, _cpu = refused(script)
    assert error.kind == "integer" and f"'{op}' would build an integer" in str(error)


def test_a_range_longer_than_any_budget_allows_is_refused():
    error, _cpu = refused("x = list(range(10**9))")
    assert error.kind == "range" and "range of 1,000,000,000 items" in str(error)


@pytest.mark.parametrize("script", ["x = math.factorial(10**7)", "x = random.getrandbits(10**10)",
                                    "x = string.Template('$a').substitute(a=1)"])
def test_module_functions_that_run_long_in_c_are_not_offered(script):
    with pytest.raises(NotImplementedError, match="is not available in scripts"):
        run(script)


def test_memory_is_counted_across_the_whole_evaluation():
    budget.set_script_budget(memory_mb=1)
    run("x = 'a' * 600000")
    with pytest.raises(ScriptBudgetExceeded, match="memory over the limit of 1 MB"):
        run("x = 'a' * 600000\ny = 'b' * 600000")


def test_system_exit_is_not_a_name_scripts_have():
    with pytest.raises(NameError, match="SystemExit"):
        run("raise SystemExit")
    with pytest.raises(NameError, match="KeyboardInterrupt"):
        run("raise KeyboardInterrupt()")


@pytest.mark.parametrize("script, name", [
    ("leave()", "SystemExit"), ("interrupt()", "KeyboardInterrupt"),
    ("raise Exception.mro()[1]('reached through mro')", "BaseException"),
])
def test_base_exceptions_become_ordinary_script_errors(script, name):
    with pytest.raises(ScriptError, match=f"the script raised {name}, which scripts and expressions may not"):
        run(script)


def test_a_condition_calling_a_helper_that_exits_is_an_ordinary_error():
    with pytest.raises(ScriptError, match="SystemExit"):
        ENV.evaluate("leave() == 1", {})


def test_expressions_have_the_budget_too():
    with pytest.raises(ScriptBudgetExceeded, match="CPU time"):
        ENV.evaluate("[i for i in range(10**6) for j in range(10**6)]", {})
    with pytest.raises(ScriptBudgetExceeded, match="memory"):
        ENV.evaluate("status * 10**9", {"status": "closed"})


def test_each_evaluation_gets_a_fresh_budget():
    for _ in range(3):
        with pytest.raises(ScriptBudgetExceeded):
            run("while True:\n    pass")
    assert run("n = sum(i for i in range(1000))")["n"] == 499500


def test_legitimate_scripts_still_work():
    data = run("total = double(count) + 1\nlabel = 'n=' + str(total) + ' of ' + name\n"
               "items = [i * 2 for i in range(10)]\nsquares = {i: i ** 2 for i in range(5)}\n"
               "line = f'{total:>5}|{label!r}|{3.14159:.2f}'\nshort = '%s-%03d' % ('CMO', 7)\n"
               "parts = ', '.join(str(i) for i in items[:3])\npadded = 'x'.ljust(4, '.') + str.rjust('y', 2)\n"
               "big = 2 ** 100\nhalf = big >> 1\nwords = 'ration card pending'.split()",
               {"count": 3, "name": "Sabina"})
    assert (data["total"], data["label"], data["items"][-1], data["squares"][4]) == (7, "n=7 of Sabina", 18, 16)
    assert data["line"] == "    7|'n=7 of Sabina'|3.14" and data["short"] == "CMO-007"
    assert (data["parts"], data["padded"], data["big"], data["words"]) == ("0, 2, 4", "x... y", 2 ** 100,
                                                                            ["ration", "card", "pending"])


def test_enforcement_can_be_switched_off_for_benchmarks():
    budget.set_script_budget(enabled=False)
    assert run("x = 'a' * (2 * 10**6)")["x"] == "a" * (2 * 10**6)


def test_budgets_must_be_positive():
    with pytest.raises(ValueError, match="cpu_ms must be a positive whole number"):
        budget.set_script_budget(cpu_ms=0)


def test_class_definitions_are_refused_at_deploy():
    assert "Class definitions are not allowed" in check_compiles("class A:\n    pass", "exec")


def test_the_evaluations_of_one_engine_run_share_a_limit():
    spent = budget.RunSpent()
    with budget.element_scope("again", spent), pytest.raises(ScriptBudgetExceeded) as caught:
        for _ in range(1000):
            run("burn(5)")  # 5 ms each, well within the 50 ms of one evaluation
    assert caught.value.kind == "run_cpu" and caught.value.element == "again"
    assert f"over the limit of {budget.RUN_FACTOR * CPU_MS} ms (does the diagram loop" in str(caught.value)
    with budget.element_scope("again", spent), pytest.raises(ScriptBudgetExceeded, match="does the diagram loop"):
        run("n = 1")  # the run is used up: not even a line without loops runs
    with budget.element_scope("again", budget.RunSpent()):
        assert run("n = 1")["n"] == 1  # the next run starts afresh
