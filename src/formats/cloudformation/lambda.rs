//! Lambda resources of a template: functions, permissions and function URLs.

use super::ResourceExtractor;

pub(super) const RESOURCES: &[(&str, ResourceExtractor)] = &[];
