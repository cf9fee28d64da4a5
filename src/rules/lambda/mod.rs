//! lambda rules.
