"""我的待办: one page per user listing everything that awaits them, given their role and scope.

Each app registers its items of work as shared figures (`legalaid.figures`, with the roles whose
work they are); this page, its home panel and the deadline board read the same figures.
"""
