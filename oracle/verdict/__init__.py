"""The verdict layer (no torch): tolerances, the comparison of one quantity, the report.

Every other layer states its verdicts in these terms; this one imports from none of them.
"""
