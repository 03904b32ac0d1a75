"""Official documents rendered from the records: typography, numbering, the registry of kinds, batches.

Each stage registers its subjects and document kinds in its AppConfig.ready() (see `registry`);
the generic views list, print and batch-print them with the subject's scope check.
"""
