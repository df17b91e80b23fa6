"""Hypothesis strategies for property tests of back-propagation code: ``networks`` and ``batches``.

    import oracle
    from hypothesis import given, settings, strategies as st
    from oracle.strategies import batches, networks

    @settings(deadline=None)  # the first check imports torch's kernels: slower than hypothesis's 200 ms
    @given(st.data())
    def test_my_backprop(data):
        net = data.draw(networks(hidden="tanh", task="regression"))
        x, d = data.draw(batches(net))
        oracle.assert_backprop(my_backprop, net, x, d)

Defined in ``oracle.search.strategies`` (which ``oracle.search_backprop`` draws from); this
module is their public name. Needs hypothesis (the oracle extra), not torch.
"""

from oracle.search.strategies import VALUES, batches, networks

__all__ = ["VALUES", "batches", "networks"]
