"""The witnesses beside autograd: central differences (no torch) and sympy's proofs.

Imports from the verdict layer only, so that finite differences run where torch is absent.
"""
