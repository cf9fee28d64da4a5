//! network rules.
