//! Network resources of a template: security groups with their inline rules, standalone
//! ingress and egress rules, network ACLs and their entries.

use super::ResourceExtractor;
use crate::formats::Extraction;

pub(super) const RESOURCES: &[(&str, ResourceExtractor)] = &[];

/// Runs once every resource is extracted, to group what belongs together across resources.
pub(super) fn finish(_out: &mut Extraction<'_>) {}
