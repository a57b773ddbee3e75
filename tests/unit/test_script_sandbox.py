"""Process owners write scripts into diagrams; the engine must not let them reach the machine."""
import pytest

from engine.scripting import HardenedEnvironment, check_compiles


def run(script: str, data: dict | None = None) -> dict:
    env = HardenedEnvironment({"double": lambda x: 2 * x})
    context = dict(data or {})
    env.execute(script, context)
    return context


def test_plain_data_scripts_and_helpers_work():
    assert run("total = double(count) + 1\nlabel = 'n=' + str(total)", {"count": 3})["total"] == 7


def test_augmented_assignment_works():
    assert run("n += 2", {"n": 1})["n"] == 3


@pytest.mark.parametrize("script", [
    "import os",
    "x = ().__class__.__base__.__subclasses__()",
    "x = open('/etc/passwd').read()",
    "x = __import__('os')",
])
def test_escapes_are_refused(script):
    with pytest.raises((SyntaxError, NameError, ImportError)):
        run(script)


def test_dunder_access_fails_at_compile_time():
    assert check_compiles("x = y.__class__", "exec") is not None
    assert check_compiles("status == 'closed'", "eval") is None
