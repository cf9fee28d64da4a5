//! iam rules.
