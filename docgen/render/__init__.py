"""Outline + template + profile -> .docx bytes (the only user of docxtpl)."""
