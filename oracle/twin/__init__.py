"""refbp against its torch twin: the twin, its thread count, the float32 rounding bound, ``check``.

Imports from the verdict layer only.
"""
