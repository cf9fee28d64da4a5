//! What users may tune about the built-in rules. Each family keeps its own options here, with
//! defaults that match the rule documentation; configuration files fill them in.

use std::sync::Arc;

use crate::catalog::Catalog;

/// The options of every rule family, as one run uses them.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The IAM action catalog the user gave (`--iam-catalog`), instead of the compiled-in one.
    pub catalog: Option<Arc<Catalog>>,
}

impl Settings {
    /// These settings with `catalog` as the IAM action catalog.
    #[must_use]
    pub fn with_catalog(mut self, catalog: Catalog) -> Self {
        self.catalog = Some(Arc::new(catalog));
        self
    }

    /// The IAM action catalog of this run: the user's, or the compiled-in one, which is only
    /// parsed when a rule first asks for it.
    #[must_use]
    pub fn catalog(&self) -> &Catalog {
        match &self.catalog {
            Some(catalog) => catalog,
            None => Catalog::builtin(),
        }
    }
}
