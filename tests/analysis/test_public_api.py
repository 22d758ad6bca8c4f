"""The package's public surface: every exported name exists and says what it does.

(That analysis/ never imports flask, sqlalchemy or survey_app is checked for the whole
project in tests/test_architecture.py.)
"""

from __future__ import annotations

import inspect

import analysis


def test_every_public_name_is_exported_and_documented():
    for name in analysis.__all__:
        obj = getattr(analysis, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert inspect.getdoc(obj), f"{name} has no docstring"


def test_every_public_function_has_a_runnable_example():
    missing = [
        name
        for name in analysis.__all__
        if inspect.isfunction(getattr(analysis, name))
        and ">>>" not in (inspect.getdoc(getattr(analysis, name)) or "")
    ]
    assert missing == []
