"""Inputs from YAML, JSON, XLSX and CSV, as plain data that remembers where it came from."""

from docgen.load.located import Located
from docgen.load.yamlfile import load_yaml, load_yaml_text

__all__ = ["Located", "load_yaml", "load_yaml_text"]
