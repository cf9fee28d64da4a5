//! What users may tune about the built-in rules. Each family keeps its own options here, with
//! defaults that match the rule documentation; configuration files fill them in.

/// The options of every rule family, as one run uses them.
#[derive(Debug, Clone, Default)]
pub struct Settings {}
