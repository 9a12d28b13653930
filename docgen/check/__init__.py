"""Check any .docx against GB/T 9704-2012 and the text rules: findings with stable rule ids.

``check_document(data, source, profile, kind)`` is the library entry point; ``docgen check`` is
its command line. The checker never imports ``render``: it judges documents docgen did not write.
"""

from docgen.check.checker import KIND_CHOICES, Report, check_document, inspect
from docgen.check.findings import Finding, Where

__all__ = ["KIND_CHOICES", "Finding", "Report", "Where", "check_document", "inspect"]
