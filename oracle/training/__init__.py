"""Training compared with torch.optim.SGD, and the small real data sets it runs on.

Imports from the layers of users' code, the twin and the verdict.
"""
