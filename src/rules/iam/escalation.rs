//! The known ways an identity policy lets its principal raise its own privileges, as data.
//!
//! Each method lists the actions that must all be granted, and on what. Sources: Rhino
//! Security Labs' catalogue of IAM privilege escalation methods, Bishop Fox's follow-up
//! research, and the AWS IAM documentation on passing roles and switching roles.

use crate::report::Severity;

/// What a method needs an action to be granted on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Any resource the action applies to: one managed policy or one role is enough.
    Any,
    /// Every resource of its kind (`*`, `role/*`): passing or assuming one named role gives
    /// that role's permissions only, which the policy's author chose.
    Every,
    /// A resource other than the principal's own user (`user/${aws:username}` is self-service,
    /// not escalation).
    OtherUsers,
}

#[derive(Clone, Copy, Debug)]
pub struct Need {
    pub action: &'static str,
    pub scope: Scope,
    /// How the ARNs of the resource type the action acts on begin, after the account
    /// (`role/`, `user/`, `function:`); empty when any resource of the action's service will
    /// do.
    pub kind: &'static str,
}

#[derive(Debug)]
pub struct Method {
    /// Stable identifier, for fingerprints.
    pub id: &'static str,
    /// Every action the method needs, the decisive one first.
    pub needs: &'static [Need],
    /// What the principal can do with them, completing "lets the principal ...".
    pub description: &'static str,
    pub reference: &'static str,
    /// High when the grants are enough on their own; medium when they need a permission the
    /// policy does not hold but another may.
    pub severity: Severity,
}

const RHINO: &str =
    "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/";
const BISHOP_FOX: &str = "https://bishopfox.com/blog/privilege-escalation-in-aws";

const fn any(action: &'static str) -> Need {
    Need { action, scope: Scope::Any, kind: "" }
}

const fn iam(action: &'static str, kind: &'static str) -> Need {
    Need { action, scope: Scope::Any, kind }
}

/// Every function: changing one named function gives only its role, which its owner chose.
const fn every_function(action: &'static str) -> Need {
    Need { action, scope: Scope::Every, kind: "function:" }
}

const fn every_role(action: &'static str) -> Need {
    Need { action, scope: Scope::Every, kind: "role/" }
}

const fn other_users(action: &'static str) -> Need {
    Need { action, scope: Scope::OtherUsers, kind: "user/" }
}

/// `iam:PassRole` on every role: the first need of every method that runs code as a role.
const PASS_ANY_ROLE: Need = every_role("iam:PassRole");

pub const METHODS: &[Method] = &[
    Method {
        id: "create-policy-version",
        needs: &[iam("iam:CreatePolicyVersion", "policy/")],
        description: "write a new default version of a customer managed policy it is attached to, granting itself anything",
        reference: RHINO,
        severity: Severity::High,
    },
    Method {
        id: "set-default-policy-version",
        needs: &[iam("iam:SetDefaultPolicyVersion", "policy/")],
        description: "make an older, broader version of a managed policy the one in effect",
        reference: RHINO,
        severity: Severity::High,
    },
    Method {
        id: "create-access-key",
        needs: &[other_users("iam:CreateAccessKey")],
        description: "create access keys for another user and act as that user",
        reference: RHINO,
        severity: Severity::High,
    },
    Method {
        id: "create-login-profile",
        needs: &[other_users("iam:CreateLoginProfile")],
        description: "give another user a console password and sign in as that user",
        reference: RHINO,
        severity: Severity::High,
    },
    Method {
        id: "update-login-profile",
        needs: &[other_users("iam:UpdateLoginProfile")],
        description: "change another user's console password and sign in as that user",
        reference: RHINO,
        severity: Severity::High,
    },
    Method {
        id: "attach-user-policy",
        needs: &[iam("iam:AttachUserPolicy", "user/")],
        description: "attach any managed policy, AdministratorAccess included, to a user",
        reference: RHINO,
        severity: Severity::High,
    },
    Method {
        id: "attach-group-policy",
        needs: &[iam("iam:AttachGroupPolicy", "group/")],
        description: "attach any managed policy, AdministratorAccess included, to a group",
        reference: RHINO,
        severity: Severity::High,
    },
    Method {
        id: "attach-role-policy",
        needs: &[iam("iam:AttachRolePolicy", "role/")],
        description: "attach any managed policy, AdministratorAccess included, to a role",
        reference: RHINO,
        severity: Severity::High,
    },
    Method {
        id: "put-user-policy",
        needs: &[iam("iam:PutUserPolicy", "user/")],
        description: "write an inline policy granting anything into a user",
        reference: RHINO,
        severity: Severity::High,
    },
    Method {
        id: "put-group-policy",
        needs: &[iam("iam:PutGroupPolicy", "group/")],
        description: "write an inline policy granting anything into a group",
        reference: RHINO,
        severity: Severity::High,
    },
    Method {
        id: "put-role-policy",
        needs: &[iam("iam:PutRolePolicy", "role/")],
        description: "write an inline policy granting anything into a role",
        reference: RHINO,
        severity: Severity::High,
    },
    Method {
        id: "add-user-to-group",
        needs: &[iam("iam:AddUserToGroup", "group/")],
        description: "add a user to a more privileged group",
        reference: RHINO,
        severity: Severity::High,
    },
    Method {
        id: "update-assume-role-policy",
        needs: &[iam("iam:UpdateAssumeRolePolicy", "role/")],
        description: "rewrite a role's trust policy so that the principal may assume the role",
        reference: RHINO,
        severity: Severity::High,
    },
    Method {
        id: "assume-any-role",
        needs: &[every_role("sts:AssumeRole")],
        description: "assume every role whose trust policy admits its account",
        reference: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html",
        severity: Severity::High,
    },
    Method {
        id: "pass-role-ec2",
        needs: &[PASS_ANY_ROLE, any("ec2:RunInstances")],
        description: "launch an instance with any role's instance profile and use its credentials",
        reference: RHINO,
        severity: Severity::High,
    },
    Method {
        id: "pass-role-lambda-invoke",
        needs: &[PASS_ANY_ROLE, any("lambda:CreateFunction"), any("lambda:InvokeFunction")],
        description: "create a function that runs as any role, and invoke it",
        reference: RHINO,
        severity: Severity::High,
    },
    Method {
        id: "pass-role-lambda-event-source",
        needs: &[
            PASS_ANY_ROLE,
            any("lambda:CreateFunction"),
            any("lambda:CreateEventSourceMapping"),
        ],
        description: "create a function that runs as any role, and trigger it from an event source",
        reference: RHINO,
        severity: Severity::High,
    },
    Method {
        id: "update-function-code",
        needs: &[every_function("lambda:UpdateFunctionCode")],
        description: "replace the code of any existing function, the most privileged included, \
                      and act with its role",
        reference: RHINO,
        severity: Severity::High,
    },
    Method {
        id: "pass-role-lambda-update",
        needs: &[
            PASS_ANY_ROLE,
            any("lambda:UpdateFunctionConfiguration"),
            any("lambda:UpdateFunctionCode"),
        ],
        description: "give an existing function any role, and replace its code",
        reference: BISHOP_FOX,
        severity: Severity::High,
    },
    Method {
        id: "pass-role-glue",
        needs: &[PASS_ANY_ROLE, any("glue:CreateDevEndpoint")],
        description: "create a Glue development endpoint that runs as any role and log in to it",
        reference: RHINO,
        severity: Severity::High,
    },
    Method {
        id: "update-glue-dev-endpoint",
        needs: &[any("glue:UpdateDevEndpoint")],
        description: "add its SSH key to an existing Glue development endpoint and act with its role",
        reference: RHINO,
        severity: Severity::High,
    },
    Method {
        id: "pass-role-cloudformation",
        needs: &[PASS_ANY_ROLE, any("cloudformation:CreateStack")],
        description: "create a stack that CloudFormation deploys as any role",
        reference: RHINO,
        severity: Severity::High,
    },
    Method {
        id: "pass-role-data-pipeline",
        needs: &[
            PASS_ANY_ROLE,
            any("datapipeline:CreatePipeline"),
            any("datapipeline:PutPipelineDefinition"),
        ],
        description: "create a Data Pipeline whose activities run commands as any role",
        reference: RHINO,
        severity: Severity::High,
    },
    Method {
        id: "pass-role-ecs",
        needs: &[PASS_ANY_ROLE, any("ecs:RegisterTaskDefinition"), any("ecs:RunTask")],
        description: "run an ECS task with any role as its task role",
        reference: BISHOP_FOX,
        severity: Severity::High,
    },
    Method {
        id: "pass-role-codebuild",
        needs: &[PASS_ANY_ROLE, any("codebuild:CreateProject"), any("codebuild:StartBuild")],
        description: "create a CodeBuild project that builds as any role, and start it",
        reference: BISHOP_FOX,
        severity: Severity::High,
    },
    Method {
        id: "pass-role-sagemaker",
        needs: &[
            PASS_ANY_ROLE,
            any("sagemaker:CreateNotebookInstance"),
            any("sagemaker:CreatePresignedNotebookInstanceUrl"),
        ],
        description: "create a SageMaker notebook that runs as any role, and open it",
        reference: BISHOP_FOX,
        severity: Severity::High,
    },
    // Last, so that a combination above names the finding when the policy holds one.
    Method {
        id: "pass-any-role",
        needs: &[PASS_ANY_ROLE],
        description: "hand any role, the most privileged included, to a service that runs code, \
                      given a permission to create such code in this or another policy",
        reference: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
        severity: Severity::Medium,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_are_well_formed() {
        let mut ids: Vec<&str> = METHODS.iter().map(|m| m.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), METHODS.len(), "duplicate id");
        for method in METHODS {
            assert!(!method.needs.is_empty(), "{}", method.id);
            assert!(method.reference.starts_with("https://"), "{}", method.id);
            for need in method.needs {
                let (service, name) = need.action.split_once(':').unwrap();
                assert!(!service.is_empty() && !name.is_empty(), "{}", need.action);
                assert!(!need.action.contains(['*', '?']), "{}", need.action);
            }
        }
    }
}
