//! Placeholder: filled by the family's template tests.
