"""Chinese text helpers: numerals, ordinals, dates and text rules."""
