//! Network rules: security groups and network ACLs open to the whole internet.
//!
//! The arithmetic lives in its own modules so that later rules (shadowed entries, wide ranges)
//! share it: [`cidr`] for address spaces, [`ports`] and [`traffic`] for what a permission lets
//! through.

pub mod cidr;
pub mod intervals;
pub mod ports;
mod public_ingress;
mod public_nacl_ingress;
pub mod traffic;

pub use public_ingress::PublicIngress;
pub use public_nacl_ingress::PublicNaclIngress;

use crate::model::Value;
use traffic::Traffic;

/// The traffic a protocol and port pair allows, or `None` when any part is missing, not a
/// literal, or not something AWS accepts.
fn traffic_of(
    protocol: Option<&Value>,
    from: Option<&Value>,
    to: Option<&Value>,
) -> Option<Traffic> {
    let protocol = protocol?.as_literal()?;
    let from = match from {
        Some(value) => Some(value.as_literal()?),
        None => None,
    };
    let to = match to {
        Some(value) => Some(value.as_literal()?),
        None => None,
    };
    Traffic::parse(protocol, from, to)
}
