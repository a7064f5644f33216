"""graphbuild: who is responsible for what in Chinese county work plans, as a knowledge graph."""

__version__ = "0.1.0"
