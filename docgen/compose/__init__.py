"""The document tree and its numbering: pure data in, pure data out."""
