"""Registers the layout readers with the dispatcher. Each reader lives in its own module."""

from __future__ import annotations
