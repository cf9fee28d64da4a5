//! IAM resources of a template: roles with their trust and inline policies, policies, managed
//! policies, users and groups, and the resource policies of S3, SQS, SNS, KMS and Lambda
//! layers.

use super::ResourceExtractor;

pub(super) const RESOURCES: &[(&str, ResourceExtractor)] = &[];
