"""Views parse input, call one service or selector, and render; a DomainError becomes a form error.

Split by noun; `urls.py` names each module's views.
"""
