"""Tests that kill mutants bench/mutation.py found alive: each asserts what a user sees (issue 26)."""

from __future__ import annotations
