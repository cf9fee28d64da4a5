//! What users may tune about the built-in rules. Each family keeps its own options here, with
//! defaults that match the rule documentation; configuration files fill them in.

use std::sync::Arc;

use super::network::ports::{DEFAULT_PORT_CLASSES, PortClass};
use crate::catalog::Catalog;

/// The options of every rule family, as one run uses them.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub network: NetworkSettings,
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

/// Options of the network rules (NET001-NET005).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkSettings {
    /// The well-known ports that decide severity and that messages name (NET001, NET002).
    pub port_classes: Vec<PortClass>,
    /// An IPv4 source with a prefix this short or shorter is a broad range (NET004, NET005).
    pub broad_prefix_v4: u8,
    /// The IPv6 counterpart of `broad_prefix_v4`: a /32 is a whole provider's allocation, as a
    /// /8 once was for IPv4.
    pub broad_prefix_v6: u8,
    /// A port range wider than this many ports is reported by NET005.
    pub max_port_range: u32,
    /// Whether NET001 also reports security groups that let all traffic out to the whole
    /// internet; that is the default egress rule of every group, so it is off by default.
    pub public_egress: bool,
}

impl Default for NetworkSettings {
    fn default() -> Self {
        Self {
            port_classes: DEFAULT_PORT_CLASSES.to_vec(),
            broad_prefix_v4: 8,
            broad_prefix_v6: 32,
            max_port_range: 1000,
            public_egress: false,
        }
    }
}

impl NetworkSettings {
    /// Whether `prefix` bits of `family` make a broad range.
    #[must_use]
    pub fn is_broad(&self, family: super::network::cidr::Family, prefix: u32) -> bool {
        match family {
            super::network::cidr::Family::V4 => prefix <= u32::from(self.broad_prefix_v4),
            super::network::cidr::Family::V6 => prefix <= u32::from(self.broad_prefix_v6),
        }
    }
}
