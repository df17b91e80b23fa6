"""Anyone's back-propagation against the twin: the protocol, ``check_backprop``, the pytest fixture.

Imports from the twin and verdict layers.
"""
