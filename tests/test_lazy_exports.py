"""Packages whose names load on first use (PEP 562, through ``app.core.lazy.lazy_exports``): importing the package
loads none of its heavy submodules, each name of ``__all__`` resolves to its submodule's object (then kept in the
package), and an unknown name fails with an AttributeError naming the package."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from types import ModuleType

import pytest

import app.checks
import app.outbox.adapters
import app.signing
from tests.conftest import ROOT

# what importing the package alone must not load, and one name whose first use loads the first of them
HEAVY = {
    "app.checks": (("app.checks.runner", "app.checks.page", "cv2", "numpy", "pikepdf", "tesserocr"), "check_path"),
    "app.signing": (("app.signing.pades", "app.signing.token", "pyhanko", "pkcs11"), "sign_pdf"),
    "app.outbox.adapters": (("app.outbox.adapters.configured", "app.outbox.adapters.dvcqg", "httpx"),
                            "destinations_from_settings"),
}


@pytest.mark.parametrize("package", sorted(HEAVY))
def test_importing_the_package_loads_no_heavy_submodule_until_a_name_is_used(package: str) -> None:
    heavy, name = HEAVY[package]
    probe = (f"import sys, {package}\n"
             f"print(' '.join(m for m in {heavy!r} if m in sys.modules))\n"
             f"{package}.{name}\n"
             f"print(' '.join(m for m in {heavy!r} if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    before, after = result.stdout.split("\n")[:2]
    assert before.split() == [], f"{package} loaded on import: {before}"
    assert heavy[0] in after.split()  # the probe sees a load: the name did load its submodule


@pytest.mark.parametrize("package", [app.checks, app.outbox.adapters, app.signing], ids=lambda p: p.__name__)
def test_every_exported_name_resolves_to_its_submodules_object(package: ModuleType) -> None:
    where: dict[str, str] = package._WHERE  # type: ignore[attr-defined]
    assert sorted(package.__all__) == sorted(where)
    for name in package.__all__:
        value = getattr(package, name)
        assert value is getattr(importlib.import_module(f"{package.__name__}.{where[name]}"), name), name
        assert vars(package)[name] is value  # kept: the next use is a plain attribute
    assert set(package.__all__) <= set(dir(package))


@pytest.mark.parametrize("package", [app.checks, app.outbox.adapters, app.signing], ids=lambda p: p.__name__)
def test_an_unknown_name_fails_naming_the_package(package: ModuleType) -> None:
    with pytest.raises(AttributeError, match=f"module '{package.__name__}' has no attribute 'no_such_name'"):
        package.no_such_name  # noqa: B018
    assert not hasattr(package, "no_such_name")
    with pytest.raises(ImportError, match="no_such_name"):
        exec(f"from {package.__name__} import no_such_name", {})
