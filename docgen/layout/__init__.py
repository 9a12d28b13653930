"""The layout profile: every number of GB/T 9704 in one place, read by builder and checker."""
