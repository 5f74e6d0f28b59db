"""graphsvc: a knowledge-graph service of the actors of Turkic cooperation."""

__version__ = "0.1.0"
