//! Actions that only work with `"Resource": "*"`, so a wildcard resource on them is no finding.
//!
//! TODO: replace this heuristic with the IAM action catalog, which knows for every action
//! whether it supports resource-level permissions; the catalog is not compiled in yet.

/// Actions that take no resource ARN, beyond the `Describe*`/`List*` families: identity
/// lookups, telemetry writes, and the network interface calls Lambda needs to join a VPC.
const STAR_ONLY: &[&str] = &[
    "sts:GetCallerIdentity",
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "cloudwatch:PutMetricData",
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
];

/// Whether `action` (as written, wildcards allowed) only ever applies to `*` in practice.
/// Read-only listing and describing calls mostly cannot be scoped to an ARN, which is why
/// policies grant them on `*`; a few `List` calls can be (`s3:ListBucket`), and the catalog
/// will tell them apart.
#[must_use]
pub fn only_supports_any_resource(action: &str) -> bool {
    let Some((_, name)) = action.split_once(':') else {
        return false;
    };
    let starts_with = |prefix: &str| {
        name.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    starts_with("Describe")
        || starts_with("List")
        || STAR_ONLY.iter().any(|known| known.eq_ignore_ascii_case(action))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_list_and_known_actions() {
        for action in [
            "ec2:DescribeInstances",
            "ec2:Describe*",
            "EC2:describeSubnets",
            "dynamodb:ListTables",
            "s3:ListAllMyBuckets",
            "sts:GetCallerIdentity",
            "STS:getcalleridentity",
            "xray:PutTraceSegments",
            "cloudwatch:PutMetricData",
            "ec2:CreateNetworkInterface",
            "ec2:AssignPrivateIpAddresses",
        ] {
            assert!(only_supports_any_resource(action), "{action}");
        }
    }

    #[test]
    fn actions_with_resource_level_permissions() {
        for action in [
            "*",
            "s3:*",
            "s3:GetObject",
            "s3:Get*",
            "ec2:Desc*",
            "ec2:TerminateInstances",
            "dynamodb:PutItem",
            "logs:PutLogEvents",
            "sts:AssumeRole",
            "Describe",
            "lambda:InvokeFunction",
        ] {
            assert!(!only_supports_any_resource(action), "{action}");
        }
    }
}
