"""Fit + pain lead scoring: pure functions over signals and rules, no I/O, no imports of ours."""
