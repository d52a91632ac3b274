"""hcai-path: a command-line pathway advisor for careers in healthcare AI."""

__version__ = "0.1.0"
