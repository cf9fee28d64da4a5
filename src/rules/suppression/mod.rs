//! SUP001-SUP003: findings about suppressions themselves. Suppressions are comments and
//! template metadata, not model objects, so these rules have nothing to visit: the pipeline
//! reports for them when it applies a file's suppressions (see [`crate::suppress`]). They are
//! rules all the same, so that they can be selected, ignored, documented and explained.

use crate::report::Finding;
use crate::rules::{Context, Rule, RuleMeta};

pub static UNUSED: RuleMeta = crate::rule_meta!("SUP001", "unused-suppression", Low);
pub static EXPIRED: RuleMeta = crate::rule_meta!("SUP002", "expired-suppression", Medium);
pub static INVALID: RuleMeta = crate::rule_meta!("SUP003", "invalid-suppression", Medium);

macro_rules! reported_by_the_pipeline {
    ($rule:ident, $meta:ident) => {
        pub struct $rule;

        impl Rule for $rule {
            fn meta(&self) -> &'static RuleMeta {
                &$meta
            }

            fn check(&self, _: &Context<'_>, _: &mut Vec<Finding>) {}
        }
    };
}

reported_by_the_pipeline!(UnusedSuppression, UNUSED);
reported_by_the_pipeline!(ExpiredSuppression, EXPIRED);
reported_by_the_pipeline!(InvalidSuppression, INVALID);
