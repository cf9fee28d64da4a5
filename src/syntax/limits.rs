//! Budgets that keep hostile input from exhausting time or memory.

/// Size, depth and node budgets for one file. The defaults sit far above anything a real
/// template or policy reaches, and far below what could hurt the machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_file_bytes: u64,
    /// Deepest nesting of collections.
    pub max_depth: u32,
    /// Most nodes (scalars and collections) in one file.
    pub max_nodes: u64,
    /// Most nodes that alias references may stand for, counting each alias as the size of the
    /// subtree it points to. Stops "billion laughs" documents before any rule walks them.
    pub max_alias_nodes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: 64 * 1024 * 1024,
            max_depth: 256,
            max_nodes: 10_000_000,
            max_alias_nodes: 1_000_000,
        }
    }
}
