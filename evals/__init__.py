"""Eval suite: `python -m evals [name] [--json]`. Numbers are what the code measures on evals/data."""
