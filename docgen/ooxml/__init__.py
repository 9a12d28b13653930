"""The one place that speaks WordprocessingML: styles, sections, footers, tables, the zip."""
