"""The fragment library: standard sections with review metadata, read from fragments/."""

from docgen.library.fragment import Fragment, FragmentMeta, parse_fragment
from docgen.library.store import FragmentStore, load_store

__all__ = ["Fragment", "FragmentMeta", "FragmentStore", "load_store", "parse_fragment"]
