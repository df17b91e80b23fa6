"""Grading many submissions at once: ``refbp-verify --backprop FILE.py:FUNC ...``, each
submission searched in its own process under a time limit.

Imports from the search layer and the layers below it.
"""
