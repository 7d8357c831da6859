"""placard: a static site and poster generator for publicity and slogan campaigns."""

__version__ = "0.1.0"
