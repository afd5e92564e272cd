"""Symbios: the knowledge graph and catalogue of industrial and urban symbiosis initiatives."""

__version__ = "0.1.0"
