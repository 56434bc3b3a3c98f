"""Renderers: each turns a report model into one output format.

Only this package imports rich, and only :mod:`revtrack.render.console` and the modules that
draw on a console do. Consoles are built per call, never at import time.
"""
