//! Each rule's fixtures: the exact code, line and column of every finding, and none on the
//! passing fixtures. Every file under `fixtures/rules/` and `fixtures/examples/` is listed here.

mod common;

use common::assert_findings;

/// `(fixture, findings)`: every finding of every rule, so a pass fixture for one rule also
/// pins down what the others report on it.
/// A rule code with the 1-based line and column of its finding.
type At = (&'static str, u32, u32);

const CASES: &[(&str, &[At])] = &[
    ("fixtures/examples/authorize-ingress.json", &[("NET001", 10, 31)]),
    ("fixtures/examples/bucket-access-policy.json", &[]),
    ("fixtures/examples/execution-role.json", &[]),
    ("fixtures/examples/function-config.json", &[("LAM001", 18, 28)]),
    ("fixtures/examples/nacl-entry.json", &[("NET002", 7, 18)]),
    // A SAM application: a secret in the function's own variables (the Globals are clean), an
    // inline policy without Version, a service wildcard in it (the `!Sub` bucket ARN is
    // scoped), and a database port open through a parameter whose default is the whole
    // internet.
    (
        "fixtures/examples/sam-orders-api.yaml",
        &[
            ("LAM001", 44, 29),
            ("IAM010", 54, 11),
            ("IAM002", 61, 23),
            ("IAM001", 62, 25),
            ("NET001", 86, 19),
        ],
    ),
    // Listing and reading (medium: `ec2:Describe*` alone would be low), reading a secret, and
    // a deployment that may pass any role (critical).
    (
        "fixtures/rules/IAM001/fail/get-policy-version.json",
        &[
            ("IAM001", 10, 33),
            ("IAM001", 16, 33),
            // Code updates with PassRole on every role: a way to run as any role.
            ("IAM008", 21, 32),
            ("IAM008", 21, 61),
            ("IAM001", 22, 33),
        ],
    ),
    ("fixtures/rules/IAM001/fail/identity-policy.json", &[("IAM001", 11, 25), ("IAM001", 22, 17)]),
    ("fixtures/rules/IAM001/fail/policy.yaml", &[("IAM001", 5, 15)]),
    // A role's inline policy with a `!Sub` resource, and an `AWS::IAM::Policy` attached to it.
    (
        "fixtures/rules/IAM001/fail/template-worker-role.yaml",
        &[("IAM001", 32, 27), ("IAM001", 50, 23)],
    ),
    ("fixtures/rules/IAM001/pass/scoped-resources.json", &[]),
    ("fixtures/rules/IAM001/pass/star-only-actions.yaml", &[]),
    ("fixtures/rules/IAM001/pass/template-scoped-role.yaml", &[]),
    // `S3:*` and `dynamodb:**` cover their services; `s3:Get*` does not.
    ("fixtures/rules/IAM002/fail/patterns.yaml", &[("IAM002", 5, 9), ("IAM002", 6, 9)]),
    ("fixtures/rules/IAM002/fail/prefix-pattern.json", &[("IAM002", 7, 17)]),
    ("fixtures/rules/IAM002/fail/service-wildcard.json", &[("IAM002", 9, 25)]),
    // A bucket policy granting a partner `s3:*`, and a role's `dynamodb:*`; the key policy's
    // `*` resource is the key itself.
    (
        "fixtures/rules/IAM002/fail/template-bucket-policy.json",
        &[("IAM002", 34, 25), ("IAM002", 90, 30)],
    ),
    ("fixtures/rules/IAM002/pass/named-actions.json", &[]),
    ("fixtures/rules/IAM003/fail/admin-policy.json", &[("IAM003", 9, 27)]),
    // A folded string cannot be mapped character by character: the finding is the whole string.
    ("fixtures/rules/IAM003/fail/folded-document.yaml", &[("IAM003", 3, 17)]),
    // A `|` block in a role's inline policy, and a managed policy with one-item lists.
    (
        "fixtures/rules/IAM003/fail/template-admin-policies.yaml",
        &[("IAM003", 28, 47), ("IAM003", 41, 17)],
    ),
    // The document is a JSON string: the finding lands on the escaped `\"*\"` inside it.
    ("fixtures/rules/IAM003/fail/put-role-policy-request.json", &[("IAM003", 4, 100)]),
    (
        "fixtures/rules/IAM003/pass/admin-with-condition.json",
        &[("IAM002", 6, 23), ("IAM001", 7, 25)],
    ),
    ("fixtures/rules/IAM004/fail/get-policy-version.json", &[("IAM004", 8, 21)]),
    // Every action but account management, on every resource: high, and sts:AssumeRole (among
    // others) is left in.
    ("fixtures/rules/IAM004/fail/power-user.json", &[("IAM004", 7, 7), ("IAM008", 7, 7)]),
    // The MFA condition keeps it medium; lambda:UpdateFunctionCode is left in.
    (
        "fixtures/rules/IAM004/fail/template-managed-policy.json",
        &[("IAM004", 16, 15), ("IAM008", 16, 15)],
    ),
    ("fixtures/rules/IAM004/fail/template-not-action.yaml", &[("IAM004", 15, 15)]),
    ("fixtures/rules/IAM004/pass/deny-not-action.yaml", &[]),
    ("fixtures/rules/IAM005/fail/not-resource.json", &[("IAM005", 8, 7)]),
    // NotAction with NotResource: high for both, and what NotAction leaves in escalates.
    (
        "fixtures/rules/IAM005/fail/policy.yaml",
        &[("IAM004", 5, 5), ("IAM008", 5, 5), ("IAM005", 8, 5)],
    ),
    (
        "fixtures/rules/IAM005/fail/put-user-policy-request.json",
        &[("IAM002", 4, 100), ("IAM005", 4, 109)],
    ),
    ("fixtures/rules/IAM005/fail/template-not-resource.yaml", &[("IAM005", 20, 17)]),
    ("fixtures/rules/IAM005/pass/template-deny-outside.json", &[]),
    // A Cognito trust without the pool as audience: any identity pool's users.
    ("fixtures/rules/IAM006/fail/cognito-trust.json", &[("IAM006", 7, 22)]),
    // GitHub OIDC with `repo:*` as subject: any repository. A `!Ref` to the provider resource
    // does not say which issuer it is and is not judged.
    ("fixtures/rules/IAM006/fail/template-github-oidc.yaml", &[("IAM006", 24, 31)]),
    // Wildcard principals: a condition on an absent key or a wildcard account narrows nothing.
    ("fixtures/rules/IAM006/fail/bucket-policy.json", &[("IAM006", 8, 20), ("IAM006", 18, 63)]),
    ("fixtures/rules/IAM006/fail/create-role-request.json", &[("IAM006", 3, 122)]),
    // `ForAllValues:` is true when the key is absent: no narrowing.
    ("fixtures/rules/IAM006/fail/get-role.json", &[("IAM006", 14, 32)]),
    // The S3 statement is narrowed by source account and ARN; the second one is open, and is
    // LAM003's to report, not IAM006's.
    ("fixtures/rules/LAM003/fail/get-policy-s3-and-public.json", &[("LAM003", 2, 486)]),
    ("fixtures/rules/IAM006/fail/template-bucket-policy.json", &[("IAM006", 17, 36)]),
    // A public ECR repository, an open OpenSearch domain, and a secret with a negated account
    // condition; the EFS policy is reachable only through its mount targets.
    (
        "fixtures/rules/IAM006/fail/template-more-resource-policies.json",
        &[("IAM006", 14, 28), ("IAM006", 29, 36), ("IAM006", 46, 36)],
    ),
    // Queue, key (kms:ViaService alone narrows nothing), layer without OrganizationId, and the
    // `*` branch of an `Fn::If` in a trust policy; the topic's `!Sub` source ARN narrows.
    (
        "fixtures/rules/IAM006/fail/template-resource-policies.yaml",
        &[("IAM006", 17, 24), ("IAM006", 50, 20), ("IAM006", 64, 18), ("IAM006", 81, 77)],
    ),
    ("fixtures/rules/IAM006/fail/trust-policy.yaml", &[("IAM006", 6, 11)]),
    ("fixtures/rules/IAM006/pass/narrowed-conditions.json", &[("IAM002", 29, 17)]),
    ("fixtures/rules/IAM006/pass/template-narrowed.yaml", &[("IAM002", 37, 21)]),
    // A whole account: a user's key and password resets on every user and its IAMFullAccess,
    // a group's NotAction (every escalation outside IAM), a role open to anyone, and the
    // default version of a managed policy (the older `*` version is history and not read).
    (
        "fixtures/rules/IAM008/fail/get-account-authorization-details.json",
        &[
            ("IAM008", 18, 37),
            ("IAM008", 19, 37),
            ("IAM009", 33, 34),
            ("IAM004", 54, 33),
            ("IAM008", 54, 33),
            ("IAM006", 77, 36),
            ("IAM008", 134, 37),
        ],
    ),
    // PassRole on `*` in one statement, the function actions in another.
    ("fixtures/rules/IAM008/fail/lambda-deployer.json", &[("IAM008", 7, 17), ("IAM001", 8, 19)]),
    // `iam:Put*` on roles can only put role policies; `sts:AssumeRole` on every role.
    (
        "fixtures/rules/IAM008/fail/policy.yaml",
        &[("IAM008", 7, 9), ("IAM008", 8, 9), ("IAM008", 12, 13)],
    ),
    (
        "fixtures/rules/IAM008/fail/template-attach-policy.json",
        &[("IAM008", 29, 44), ("IAM008", 29, 66)],
    ),
    // `!Sub` role/* is every role; the managed policy attached to the same role counts apart.
    ("fixtures/rules/IAM008/fail/template-ci-role.yaml", &[("IAM008", 24, 25), ("IAM008", 43, 17)]),
    ("fixtures/rules/IAM008/pass/scoped-pass-role.json", &[]),
    // The Deny takes `iam:Put*` away again.
    ("fixtures/rules/IAM008/pass/template-denied.yaml", &[("IAM001", 16, 27)]),
    ("fixtures/rules/IAM009/fail/attach-role-policy-request.json", &[("IAM009", 3, 18)]),
    ("fixtures/rules/IAM009/fail/list-attached-role-policies.json", &[("IAM009", 9, 26)]),
    // A policy template and the basic execution role pass; the ARN in Policies does not, and
    // makes the function overprivileged.
    ("fixtures/rules/IAM009/fail/sam-function.yaml", &[("LAM005", 9, 7), ("IAM009", 13, 11)]),
    // A bare name in SAM Policies, and an `Fn::Join` ARN in a role.
    (
        "fixtures/rules/IAM009/fail/template-functions.json",
        &[("LAM004", 8, 20), ("LAM005", 11, 9), ("IAM009", 13, 11), ("IAM009", 31, 11)],
    ),
    // A role's `!Sub` ARN, a user's, and the second branch of a group's `!If`.
    (
        "fixtures/rules/IAM009/fail/template-identities.yaml",
        &[("IAM009", 23, 16), ("IAM009", 29, 11), ("IAM009", 38, 13)],
    ),
    ("fixtures/rules/IAM009/pass/list-attached-user-policies.json", &[]),
    // A permissions boundary, and a customer policy named like an AWS one.
    ("fixtures/rules/IAM009/pass/template-narrow-policies.yaml", &[]),
    // Inside the JSON string of a create-policy request.
    ("fixtures/rules/IAM010/fail/create-policy-request.json", &[("IAM010", 3, 79)]),
    // A lowercase Effect, a repeated Sid, Action with NotAction, a bucket name as Resource, a
    // misspelt operator, and a Deny without Resource.
    (
        "fixtures/rules/IAM010/fail/malformed.json",
        &[
            ("IAM010", 6, 17),
            ("IAM010", 11, 14),
            ("IAM004", 14, 7),
            ("IAM010", 14, 7),
            ("IAM010", 15, 19),
            ("IAM010", 17, 9),
            ("IAM010", 21, 17),
        ],
    ),
    // No Version with a policy variable: medium, on the Statement key.
    ("fixtures/rules/IAM010/fail/no-version.yaml", &[("IAM010", 1, 1)]),
    // The old language, a bucket policy statement without Principal (the short `!Join` is
    // one value), Principal with NotPrincipal, and an ARN short of fields.
    (
        "fixtures/rules/IAM010/fail/template-policies.yaml",
        &[
            ("IAM010", 11, 18),
            ("IAM010", 13, 18),
            ("IAM006", 32, 13),
            ("IAM010", 32, 13),
            ("IAM002", 34, 21),
            ("IAM010", 56, 21),
        ],
    ),
    // The two branches of one `Fn::If` may share a Sid; a Principal in an identity policy and a
    // misspelt set prefix may not.
    ("fixtures/rules/IAM010/fail/template-policy.json", &[("IAM010", 50, 15), ("IAM010", 54, 17)]),
    ("fixtures/rules/IAM010/pass/template-intrinsics.yaml", &[]),
    ("fixtures/rules/IAM010/pass/valid-policy.json", &[]),
    // An unknown prefix, and a misspelt NotAction of an Allow (high).
    (
        "fixtures/rules/IAM007/fail/get-policy-version.json",
        &[("IAM007", 10, 25), ("IAM004", 20, 21), ("IAM008", 20, 21), ("IAM007", 20, 34)],
    ),
    // A misspelt read, and two misspelt denies (high) of a guard rail.
    (
        "fixtures/rules/IAM007/fail/guardrail-policy.json",
        &[("IAM007", 9, 9), ("IAM007", 19, 9), ("IAM007", 20, 9)],
    ),
    // `SQS:getqueue*` matches in any case; `sqs:Recieve*` matches nothing.
    ("fixtures/rules/IAM007/fail/policy.yaml", &[("IAM007", 6, 9), ("IAM007", 8, 9)]),
    // A role's inline policy, and a managed guard rail's misspelt deny.
    (
        "fixtures/rules/IAM007/fail/template-guardrails.yaml",
        &[("IAM007", 23, 21), ("IAM007", 37, 17)],
    ),
    ("fixtures/rules/IAM007/pass/known-actions.json", &[]),
    // Trust and bucket policies are checked too; a `!Sub` action is not a literal.
    // The role trusts every GitHub Actions workflow: IAM006's, not IAM007's.
    ("fixtures/rules/IAM007/pass/template-trust-and-resource-policies.yaml", &[("IAM006", 46, 31)]),
    (
        "fixtures/rules/LAM001/fail/create-function-request.yaml",
        &[("LAM001", 10, 22), ("LAM001", 11, 21)],
    ),
    (
        "fixtures/rules/LAM001/fail/get-function.json",
        &[("LAM001", 17, 33), ("LAM001", 18, 35), ("LAM001", 19, 39)],
    ),
    ("fixtures/rules/LAM001/fail/lambda-function-api-key.json", &[("LAM001", 16, 29)]),
    ("fixtures/rules/LAM001/fail/sam-function-db-password.yaml", &[("LAM001", 16, 24)]),
    // Two functions inherit the global variable: one finding, where it is written.
    ("fixtures/rules/LAM001/fail/sam-globals-secret.yaml", &[("LAM001", 9, 25)]),
    // A `Ref` to a parameter is followed to its default; a choice's literal branch; a plain
    // default password (low); a password between the placeholders of a `!Sub`.
    (
        "fixtures/rules/LAM001/fail/cloudformation-function.yaml",
        &[("LAM001", 28, 24), ("LAM001", 29, 90), ("LAM001", 30, 26), ("LAM001", 31, 27)],
    ),
    // Known formats under neutral names, and a secret key beside its access key id.
    (
        "fixtures/rules/LAM001/fail/list-functions-known-formats.json",
        &[
            ("LAM001", 18, 31),
            ("LAM001", 19, 29),
            ("LAM001", 20, 49),
            ("LAM001", 21, 35),
            ("LAM001", 23, 39),
            ("LAM001", 24, 35),
            ("LAM001", 44, 36),
            ("LAM001", 45, 35),
            ("LAM001", 46, 32),
        ],
    ),
    // A parameter without NoEcho (low) and one of an SSM type (medium); NoEcho passes.
    (
        "fixtures/rules/LAM001/fail/template-parameters.yaml",
        &[("LAM001", 29, 24), ("LAM001", 30, 26)],
    ),
    // Strong (high), default (low), plain SSM parameter (medium), and lowercase words under a
    // secret name (low); the `_PARAM` is a pointer and `AUTH` counts only at the end.
    (
        "fixtures/rules/LAM001/fail/update-function-configuration-request.json",
        &[("LAM001", 6, 27), ("LAM001", 7, 31), ("LAM001", 8, 32), ("LAM001", 10, 31)],
    ),
    ("fixtures/rules/LAM001/pass/references.json", &[]),
    ("fixtures/rules/LAM001/pass/template-pointers.json", &[]),
    ("fixtures/rules/LAM001/pass/template-secret-references.yaml", &[]),
    ("fixtures/rules/LAM002/fail/create-function-url-config-request.json", &[("LAM002", 4, 17)]),
    ("fixtures/rules/LAM002/fail/get-function-url-config.json", &[("LAM002", 4, 17)]),
    // The alias's URL requires IAM; the unqualified one does not.
    ("fixtures/rules/LAM002/fail/list-function-url-configs.json", &[("LAM002", 16, 25)]),
    // The global URL config reaches StatusFunction (AdminFunction overrides its AuthType), and
    // FeedbackFunction has its own.
    ("fixtures/rules/LAM002/fail/sam-function-url.yaml", &[("LAM002", 8, 17), ("LAM002", 35, 19)]),
    // The permission that opens the URL is also a public invoke permission.
    (
        "fixtures/rules/LAM002/fail/template-url-and-permission.yaml",
        &[("LAM002", 20, 17), ("LAM003", 27, 18)],
    ),
    ("fixtures/rules/LAM002/fail/template-url.json", &[("LAM002", 23, 45)]),
    ("fixtures/rules/LAM002/pass/iam-auth-urls.yaml", &[]),
    ("fixtures/rules/LAM002/pass/update-function-url-config-request.json", &[]),
    // The statement add-permission prints, as a JSON string: an SNS trigger from any topic.
    ("fixtures/rules/LAM003/fail/add-permission-output.json", &[("LAM003", 2, 91)]),
    // The CLI's input skeleton leaves the narrowing fields empty: they narrow nothing.
    ("fixtures/rules/LAM003/fail/add-permission-request.json", &[("LAM003", 5, 18)]),
    // The policy is a JSON string: an SNS trigger from any topic, an S3 bucket without its
    // account, a public URL, and `{"AWS": "*"}`; API Gateway with SourceArn and a partner
    // account pass.
    (
        "fixtures/rules/LAM003/fail/get-policy.json",
        &[("LAM003", 2, 495), ("LAM003", 2, 703), ("LAM003", 2, 977), ("LAM003", 2, 1452)],
    ),
    // A SAM URL without Globals: LAM002 on the URL (labelling the permission that opens it),
    // LAM003 on that permission (high) and on a second one for every caller (critical).
    (
        "fixtures/rules/LAM003/fail/sam-public-url-permission.yaml",
        &[("LAM002", 13, 19), ("LAM003", 20, 18), ("LAM003", 28, 18)],
    ),
    ("fixtures/rules/LAM003/fail/sam-topic-permission.yaml", &[("LAM003", 21, 18)]),
    (
        "fixtures/rules/LAM003/fail/template-permission.json",
        &[("LAM003", 18, 22), ("LAM003", 26, 22)],
    ),
    // No SourceArn for a rule; a bucket `!Sub` without SourceAccount; `*` in one `Fn::If` branch.
    (
        "fixtures/rules/LAM003/fail/template-permissions.yaml",
        &[("LAM003", 29, 18), ("LAM003", 36, 18), ("LAM003", 44, 30)],
    ),
    ("fixtures/rules/LAM003/pass/add-permission-output.json", &[]),
    ("fixtures/rules/LAM003/pass/get-policy.json", &[]),
    ("fixtures/rules/LAM003/pass/template-narrowed.yaml", &[]),
    // dotnet6 is deprecated (low); provided.al2023 is current.
    ("fixtures/rules/LAM004/fail/cloudformation-function.yaml", &[("LAM004", 8, 16)]),
    // Judged on common::TODAY: python3.6 can no longer be updated (high).
    ("fixtures/rules/LAM004/fail/create-function-request.json", &[("LAM004", 3, 16)]),
    // Update-blocked (high), create-blocked (medium), deprecated (low), current, and an image
    // function without a runtime.
    (
        "fixtures/rules/LAM004/fail/list-functions.json",
        &[("LAM004", 6, 24), ("LAM004", 28, 24), ("LAM004", 46, 24)],
    ),
    // The global runtime reaches two functions: one finding, where it is written.
    ("fixtures/rules/LAM004/fail/sam-function.yaml", &[("LAM004", 11, 16)]),
    ("fixtures/rules/LAM004/fail/sam-globals-runtime.yaml", &[("LAM004", 7, 14)]),
    // The old branch of an `Fn::If`, and a `Ref` to a parameter judged on its default.
    (
        "fixtures/rules/LAM004/fail/template-function.json",
        &[("LAM004", 20, 56), ("LAM004", 29, 20)],
    ),
    ("fixtures/rules/LAM004/pass/current-runtimes.yaml", &[]),
    ("fixtures/rules/LAM004/pass/get-function-configuration.json", &[]),
    // AWS full-access policies of sensitive services, by SAM name and by `!Sub` ARN; SQS's is
    // not sensitive.
    (
        "fixtures/rules/LAM005/fail/full-access-managed-policies.yaml",
        &[("LAM005", 12, 7), ("LAM005", 36, 13)],
    ),
    // A SAM role generated from `dynamodb:*` on every table, one from PowerUserAccess by name;
    // `s3:*` on one bucket's objects is the owner's choice.
    (
        "fixtures/rules/LAM005/fail/sam-policies.yaml",
        &[
            ("LAM005", 12, 7),
            ("IAM002", 19, 19),
            ("IAM001", 21, 25),
            ("LAM005", 29, 7),
            ("IAM009", 29, 17),
            ("IAM002", 41, 23),
        ],
    ),
    // AdministratorAccess through `!Sub`, and PassRole with CreateStack from an
    // `AWS::IAM::Policy` attached to the role: critical, on the function's `Role`.
    (
        "fixtures/rules/LAM005/fail/template-role.json",
        &[("IAM009", 19, 24), ("IAM008", 33, 26), ("IAM001", 34, 27), ("LAM005", 45, 17)],
    ),
    // The role is named by an ARN whose name matches the template role's `RoleName`.
    (
        "fixtures/rules/LAM005/fail/template-role.yaml",
        &[("IAM008", 27, 25), ("IAM001", 28, 27), ("LAM005", 38, 18)],
    ),
    // `dynamodb:*` on one table's indexes, and `sqs:*` (not a sensitive service) on every queue.
    (
        "fixtures/rules/LAM005/pass/template-scoped-role.yaml",
        &[("IAM002", 29, 25), ("IAM002", 59, 23), ("IAM001", 60, 25)],
    ),
    // A SAM URL without authentication on a function with every S3 action.
    (
        "fixtures/rules/LAM006/fail/sam-public-url.yaml",
        &[
            ("LAM002", 13, 19),
            ("LAM005", 14, 7),
            ("LAM006", 14, 7),
            ("IAM002", 19, 19),
            ("IAM001", 20, 25),
        ],
    ),
    (
        "fixtures/rules/LAM006/fail/template-public-permission.yaml",
        &[
            ("IAM002", 21, 25),
            ("IAM001", 22, 27),
            ("LAM005", 30, 13),
            ("LAM006", 30, 13),
            ("LAM003", 41, 18),
        ],
    ),
    // AdministratorAccess behind a security group open on 443.
    (
        "fixtures/rules/LAM006/fail/template-vpc-group.json",
        &[("IAM009", 18, 31), ("NET001", 27, 76), ("LAM005", 36, 17), ("LAM006", 36, 17)],
    ),
    // IAMFullAccess, but the URL is signed and the permission names its rule and account.
    ("fixtures/rules/LAM006/pass/template-private.yaml", &[("LAM005", 14, 7), ("IAM009", 15, 11)]),
    // A resource-level suppression on a clean resource, and a trailing one on a private range.
    ("fixtures/rules/SUP001/fail/template-stale.yaml", &[("SUP001", 4, 3), ("SUP001", 13, 32)]),
    // One on the line above the token, one on a resource's key line with a future date.
    ("fixtures/rules/SUP001/pass/template-suppressed.yaml", &[]),
    // Past its date: the finding is back, and the suppression says so at its date.
    ("fixtures/rules/SUP002/fail/template-expired.yaml", &[("NET001", 11, 19), ("SUP002", 11, 53)]),
    ("fixtures/rules/SUP002/pass/template-current.yaml", &[]),
    // A misspelt rule and a missing reason silence nothing.
    (
        "fixtures/rules/SUP003/fail/metadata.json",
        &[("SUP003", 9, 13), ("SUP003", 10, 13), ("NET001", 17, 73)],
    ),
    ("fixtures/rules/SUP003/pass/metadata.json", &[]),
    ("fixtures/rules/NET001/fail/all-traffic-request.json", &[("NET001", 8, 31)]),
    // Ports 0-1000 from one half, 20-23 (`"6"`) from the other: SSH and Telnet from everywhere.
    ("fixtures/rules/NET001/fail/authorize-ingress-overlapping-halves.json", &[("NET001", 10, 31)]),
    (
        "fixtures/rules/NET001/fail/describe-security-groups.json",
        &[("NET001", 16, 39), ("NET001", 31, 41), ("NET001", 65, 39)],
    ),
    // Two permissions, `tcp` and `"6"`, each with one half of the IPv4 space.
    (
        "fixtures/rules/NET001/fail/describe-security-groups-split-halves.json",
        &[("NET001", 16, 39)],
    ),
    // Ports 20-30 cover SSH and Telnet, `"6"` is TCP, the IPv6 source is `::/0` written with
    // every zero; both functions behind the group are labelled.
    ("fixtures/rules/NET001/fail/sam-function-in-public-group.yaml", &[("NET001", 22, 21)]),
    // Two functions in the group through `Globals`: one label on the shared reference.
    ("fixtures/rules/NET001/fail/sam-globals-vpc.yaml", &[("NET001", 30, 19)]),
    ("fixtures/rules/NET001/fail/template-bastion-ssh.json", &[("NET001", 19, 23)]),
    // The IPv6 rule is a resource of its own; the WinRM range is split across two resources.
    (
        "fixtures/rules/NET001/fail/template-standalone-ingress.yaml",
        &[("NET001", 17, 17), ("NET001", 28, 19)],
    ),
    ("fixtures/rules/NET001/pass/private-sources.json", &[]),
    ("fixtures/rules/NET001/pass/template-private-sources.yaml", &[]),
    // Allow entries for the two halves, behind a deny of ports 0-1023 for everyone; ICMPv6
    // echo request from `::0/0`.
    (
        "fixtures/rules/NET002/fail/describe-network-acls-split-halves.json",
        &[("NET002", 13, 34), ("NET002", 47, 38)],
    ),
    // The deny of RDP at 90 shadows the allow at 110.
    (
        "fixtures/rules/NET002/fail/describe-network-acls.json",
        &[("NET002", 31, 34), ("NET003", 50, 35)],
    ),
    ("fixtures/rules/NET002/fail/template-allow-all.yaml", &[("NET002", 17, 18)]),
    // A deny of the low ports for everyone narrows the finding; a deny of 192.168.0.0/16 does not.
    ("fixtures/rules/NET002/fail/template-partial-deny.json", &[("NET002", 58, 30)]),
    (
        "fixtures/rules/NET002/pass/private-and-shadowed.json",
        &[("NET003", 22, 35), ("NET003", 29, 35)],
    ),
    // The public SSH allow at 110 comes before the deny at 100 in the file, not in the ACL.
    ("fixtures/rules/NET002/pass/template-shadowed-allow.json", &[("NET003", 12, 23)]),
    // A deny of SSH behind an allow of the whole VPC; the IPv6 deny and the default entries are
    // not shadowed, and rule 100 is used once per direction.
    ("fixtures/rules/NET003/fail/describe-network-acls.json", &[("NET003", 36, 35)]),
    // Two `/1` denies together shadow the SSH allow; rule number 130 is used twice.
    (
        "fixtures/rules/NET003/fail/template-split-deny.yaml",
        &[("NET003", 43, 19), ("NET003", 67, 19)],
    ),
    ("fixtures/rules/NET003/pass/template-ordered.json", &[]),
    ("fixtures/rules/NET004/fail/authorize-ingress-request.json", &[("NET004", 5, 27)]),
    // A security group rule from a /8 and a network ACL entry from a /7.
    (
        "fixtures/rules/NET004/fail/template-all-protocols.yaml",
        &[("NET004", 15, 23), ("NET004", 32, 17)],
    ),
    ("fixtures/rules/NET004/pass/describe-security-groups.json", &[]),
    // All traffic from two halves is public: NET001 reports it, NET004 does not.
    ("fixtures/rules/NET004/pass/template-public-all-traffic.json", &[("NET001", 13, 35)]),
    ("fixtures/rules/NET005/fail/create-network-acl-entry.json", &[("NET005", 9, 17)]),
    (
        "fixtures/rules/NET005/fail/describe-security-groups.json",
        &[("NET005", 12, 33), ("NET005", 25, 33)],
    ),
    // `FromPort: -1` on TCP means every port.
    ("fixtures/rules/NET005/fail/template-every-port.json", &[("NET005", 12, 37)]),
    // The public range is NET001's.
    ("fixtures/rules/NET005/pass/template-narrow-or-public.yaml", &[("NET001", 15, 19)]),
    (
        "fixtures/rules/NET006/fail/authorize-ingress-request.json",
        &[("NET006", 6, 25), ("NET006", 7, 23), ("NET006", 16, 27)],
    ),
    (
        "fixtures/rules/NET006/fail/create-network-acl-entry.json",
        &[("NET006", 3, 19), ("NET006", 7, 18), ("NET006", 10, 17)],
    ),
    // The IPv4 block written as `CidrIpv6` reaches nothing: NET006 reports it, NET001 does not.
    (
        "fixtures/rules/NET006/fail/template-typos.yaml",
        &[
            ("NET006", 19, 21),
            ("NET006", 25, 19),
            ("NET006", 29, 21),
            ("NET006", 40, 19),
            ("NET006", 42, 19),
            ("NET006", 47, 13),
        ],
    ),
    ("fixtures/rules/NET006/pass/template-valid-rules.yaml", &[]),
];

#[test]
fn fixtures_yield_exactly_their_findings() {
    for (fixture, expected) in CASES {
        assert_findings(fixture, expected);
    }
}

#[test]
fn every_fixture_is_listed() {
    let mut files = common::files_under("fixtures/rules");
    files.extend(common::files_under("fixtures/examples"));
    files.sort();
    let mut listed: Vec<String> = CASES.iter().map(|(f, _)| (*f).to_owned()).collect();
    listed.sort();
    assert_eq!(files, listed);
}

#[test]
fn every_rule_has_failing_and_passing_fixtures() {
    for rule in tighten::rules::builtin() {
        let code = rule.meta().code;
        for kind in ["fail", "pass"] {
            let dir = format!("fixtures/rules/{code}/{kind}");
            assert!(!common::files_under(&dir).is_empty(), "{dir} is empty");
        }
        let fails = CASES
            .iter()
            .filter(|(f, _)| f.starts_with(&format!("fixtures/rules/{code}/fail/")))
            .all(|(_, found)| found.iter().any(|(c, _, _)| *c == code));
        let passes = CASES
            .iter()
            .filter(|(f, _)| f.starts_with(&format!("fixtures/rules/{code}/pass/")))
            .all(|(_, found)| found.iter().all(|(c, _, _)| *c != code));
        assert!(fails && passes, "{code}: a fail fixture without its finding or a pass with it");
    }
}

/// The files of one run in `fixtures/runs/lambda-role-cli`: a function configuration names its
/// role by ARN, the role's policy is in a `get-role-policy` output beside it, and its public
/// URL in a `get-function-url-config` output.
#[test]
fn a_function_and_its_role_in_other_files_are_linked_in_one_run() {
    use tighten::discover::Candidate;
    use tighten::lint;

    let dir = "fixtures/runs/lambda-role-cli";
    let files = common::files_under(dir);
    let mut candidates: Vec<Candidate> =
        files.iter().map(|f| Candidate::File(common::root().join(f))).collect();
    let results = lint::lint_candidates(&candidates, &common::options());
    let found: Vec<(String, &str, u32, u32)> = results
        .iter()
        .flat_map(|result| {
            let name = result.path.rsplit('/').next().unwrap_or_default().to_owned();
            common::positions(result).into_iter().map(move |(c, l, k)| (name.clone(), c, l, k))
        })
        .collect();
    let at = |file: &str, code, line, column| (file.to_owned(), code, line, column);
    assert_eq!(
        found,
        [
            at("get-function-configuration.json", "LAM005", 5, 13),
            at("get-function-configuration.json", "LAM006", 5, 13),
            at("get-function-url-config.json", "LAM002", 4, 17),
            at("get-role-policy.json", "IAM002", 18, 27),
            at("get-role-policy.json", "IAM001", 19, 29),
            at("get-role-policy.json", "IAM008", 24, 21),
            at("get-role-policy.json", "IAM001", 28, 29),
        ]
    );

    let function = &results[0].findings[0];
    assert_eq!(function.severity, tighten::report::Severity::High);
    assert_eq!(
        function.message,
        "function orders-api runs with a role that grants every secretsmanager action on every \
         resource, and 1 more privilege"
    );
    assert_eq!(function.path, "Role");
    let notes: Vec<&str> =
        function.notes.iter().map(|n| n.rsplit('/').next().unwrap_or(n)).collect();
    assert_eq!(
        notes,
        [
            "get-role-policy.json:18:27: the role grants every secretsmanager action on every \
             resource",
            "get-role-policy.json:24:21: the role grants privilege escalation through \
             iam:PassRole with lambda:CreateFunction and lambda:InvokeFunction",
        ]
    );

    let exposed = &results[0].findings[1];
    assert_eq!(exposed.severity, tighten::report::Severity::Critical);
    assert_eq!(
        exposed.notes.first().map(|n| n.rsplit('/').next().unwrap_or(n)),
        Some("get-function-url-config.json:4:17: function URL without authentication, a way in")
    );

    // Checked alone, the function's file cannot know its role.
    let alone = common::check(&format!("{dir}/get-function-configuration.json"));
    assert!(alone.findings.is_empty(), "{:?}", alone.findings);

    // The order files are handed over in changes nothing.
    candidates.reverse();
    let again = lint::lint_candidates(&candidates, &common::options());
    assert_eq!(again[0].findings, results[0].findings);

    // Without LAM005 and LAM006 selected, the run adds nothing.
    let mut options = common::options();
    options.rules.retain(|r| !r.meta().code.starts_with("LAM00"));
    let without = lint::lint_candidates(&candidates, &options);
    assert!(without[0].findings.is_empty());
}

/// A suppression of LAM005 or LAM006 on a function whose role is in another file silences what
/// the run-wide phase finds, and is only called unused when that phase finds nothing either.
#[test]
fn suppressions_apply_to_findings_about_roles_in_other_files() {
    use tighten::discover::Candidate;
    use tighten::lint;

    let function = |name: &str, rules: &str| {
        format!(
            r#"Resources:
  # tighten:ignore {rules} -- the platform team reviews this role
  {name}:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Code:
        ZipFile: "pass"
      Role: arn:aws:iam::123456789012:role/orders-role
"#
        )
    };
    let role = r#"Resources:
  OrdersRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: orders-role
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: everything
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: "*"
                Resource: "*"
"#;
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("a-silenced.yaml", function("Silenced", "LAM005")),
        ("b-unneeded.yaml", function("Unneeded", "LAM006")),
        ("role.yaml", role.to_owned()),
    ];
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let candidates: Vec<Candidate> =
        files.iter().map(|(name, _)| Candidate::File(dir.path().join(name))).collect();
    let results = lint::lint_candidates(&candidates, &common::options());
    let codes = |i: usize| -> Vec<&str> { results[i].findings.iter().map(|f| f.code).collect() };

    // LAM005 is silenced and the suppression is used: nothing else is said about the function.
    assert_eq!(codes(0), Vec::<&str>::new(), "{:?}", results[0].findings);
    let silenced: Vec<&str> = results[0].suppressed.iter().map(|s| s.finding.code).collect();
    assert_eq!(silenced, ["LAM005"]);
    assert_eq!(results[0].suppressed[0].reason, "the platform team reviews this role");

    // Nothing exposes the other function: its LAM006 suppression silences nothing, at its line.
    assert_eq!(codes(1), ["SUP001", "LAM005"], "{:?}", results[1].findings);
    assert_eq!(common::positions(&results[1])[0], ("SUP001", 2, 3));
    assert!(results[1].suppressed.is_empty());
}
