"""The built-in suite and ``refbp-verify``: the cases, the report's sections, the CLI, the plot.

The outermost layer: it may import from every other.
"""
