"""Atomic, deterministic files: outputs, the manifest, PDFs via LibreOffice."""
