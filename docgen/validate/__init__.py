"""Input models and located validation: every problem found, all reported at once."""

from docgen.validate.models import StrictModel, validate_model

__all__ = ["StrictModel", "validate_model"]
