"""Searching for the smallest network on which a back-propagation is wrong: the strategies
(``oracle.strategies``), ``search_backprop`` and the replay of its minimal case.

Imports from the backprop, twin and verdict layers.
"""
