use super::*;

#[test]
fn builtin_catalog_loads() {
    text::validate(BUILTIN_TEXT).unwrap();
    let catalog = Catalog::parse_builtin().unwrap();
    assert_eq!(catalog.date(), Some(BUILTIN_DATE), "catalog_date! must match the data file");
    assert!(catalog.action_count() > 20_000, "{}", catalog.action_count());
    assert!(catalog.service_count() > 400);
    assert!(std::ptr::eq(Catalog::builtin(), Catalog::builtin()), "loaded once");
}

#[test]
fn knows_recent_actions() {
    let catalog = Catalog::builtin();
    // S3 Metadata tables, announced in December 2024.
    let action = catalog.action("s3:CreateBucketMetadataTableConfiguration").unwrap();
    assert_eq!(action.name(), "CreateBucketMetadataTableConfiguration");
    assert_eq!(action.level(), AccessLevel::Write);
    let types: Vec<&str> = action.resource_types().map(|t| t.name).collect();
    assert_eq!(types, ["bucket"]);
    // S3 Tables, a service of December 2024.
    assert!(catalog.service("s3tables").is_some_and(|s| s.action("CreateTableBucket").is_some()));
}

#[test]
fn lookups_are_case_insensitive() {
    let catalog = Catalog::builtin();
    let action = catalog.action("S3:getobject").unwrap();
    assert_eq!(action.name(), "GetObject");
    assert_eq!(action.service().prefix(), "s3");
    assert_eq!(action.level(), AccessLevel::Read);
    assert!(catalog.action("s3:GetObjekt").is_none());
    assert!(catalog.action("s4:GetObject").is_none());
    assert!(catalog.action("s3:Get*").is_none(), "a pattern is not an action");
}

#[test]
fn resource_level_support() {
    let catalog = Catalog::builtin();
    for star_only in ["ec2:DescribeInstances", "s3:ListAllMyBuckets", "sts:GetCallerIdentity"] {
        assert!(!catalog.action(star_only).unwrap().accepts_resources(), "{star_only}");
    }
    for scoped in ["s3:GetObject", "s3:ListBucket", "dynamodb:PutItem", "iam:PassRole"] {
        assert!(catalog.action(scoped).unwrap().accepts_resources(), "{scoped}");
    }
    let object = catalog.action("s3:GetObject").unwrap();
    let object_type = object.resource_types().find(|t| t.name == "object").unwrap();
    assert!(object_type.arns().any(|arn| arn.starts_with("arn:${Partition}:s3:::")));
}

#[test]
fn services_know_their_condition_keys() {
    let catalog = Catalog::builtin();
    let s3: Vec<&str> = catalog.service("s3").unwrap().condition_keys().collect();
    assert!(s3.contains(&"s3:prefix") && s3.contains(&"s3:x-amz-acl"), "{s3:?}");
    let lambda: Vec<&str> = catalog.service("lambda").unwrap().condition_keys().collect();
    assert!(lambda.contains(&"lambda:FunctionUrlAuthType"), "{lambda:?}");
    assert!(lambda.iter().all(|key| !key.starts_with("aws:")));
}

#[test]
fn access_levels_order_by_harm() {
    assert!(AccessLevel::List < AccessLevel::Read);
    assert!(AccessLevel::Read < AccessLevel::Write);
    assert!(AccessLevel::Write < AccessLevel::PermissionsManagement);
    let catalog = Catalog::builtin();
    assert_eq!(
        catalog.action("iam:PutRolePolicy").unwrap().level(),
        AccessLevel::PermissionsManagement
    );
    assert_eq!(catalog.action("ec2:CreateTags").unwrap().level(), AccessLevel::Tagging);
    assert_eq!(catalog.action("dynamodb:ListTables").unwrap().level(), AccessLevel::List);
}

#[test]
fn patterns_expand_case_insensitively() {
    let catalog = Catalog::builtin();
    let names = |pattern: &str| -> Vec<String> {
        catalog.expand(pattern).actions.iter().map(|a| format!("{a:?}")).collect()
    };

    let get = names("s3:Get*");
    assert!(get.len() > 40, "{}", get.len());
    assert!(get.iter().all(|a| a.to_ascii_lowercase().starts_with("s3:get")), "{get:?}");
    assert!(get.iter().any(|a| a == "s3:GetObject"));
    assert_eq!(names("S3:GET*"), get, "prefix and name are case-insensitive");

    assert_eq!(names("iam:?etRole"), ["iam:GetRole"]);
    let instance = names("ec2:*Instance*");
    for expected in ["ec2:RunInstances", "ec2:DescribeInstances", "ec2:TerminateInstances"] {
        assert!(instance.iter().any(|a| a == expected), "{expected} in {instance:?}");
    }
    assert!(instance.iter().all(|a| a.to_ascii_lowercase().contains("instance")));

    assert_eq!(names("s3:GetObject"), ["s3:GetObject"]);
    assert!(names("s3:Gett*").is_empty());
    assert!(names("s3").is_empty() && names("").is_empty() && names(":Get*").is_empty());
}

#[test]
fn service_wildcards_and_every_action() {
    let catalog = Catalog::builtin();
    for whole in ["s3:*", "S3:*", "s3:**", "s3:*?", "s*:*"] {
        assert!(catalog.expand(whole).is_service_wildcard(), "{whole}");
    }
    for partial in ["s3:Get*", "*:Get*", "s3:GetObject", "s3:Gett*"] {
        assert!(!catalog.expand(partial).is_service_wildcard(), "{partial}");
    }
    let s_star = catalog.expand("s*:*");
    assert!(s_star.services.iter().any(|m| m.service.prefix() == "sqs"));
    assert!(s_star.services.iter().all(|m| m.service.prefix().starts_with('s')));

    for every in ["*", "*:*", "*:**", "**:*"] {
        assert!(catalog.is_every_action(every), "{every}");
    }
    for not_every in ["s*:*", "*:Get*", "?:*", "s3:*", "*:", "GetObject"] {
        assert!(!catalog.is_every_action(not_every), "{not_every}");
    }
}

#[test]
fn glob_semantics() {
    assert!(glob_matches("Get*", "GetObject"));
    assert!(glob_matches("get*", "GetObject"));
    assert!(glob_matches("*Object", "GetObject"));
    assert!(glob_matches("*", ""));
    assert!(glob_matches("G?tObject", "GetObject"));
    assert!(!glob_matches("G?tObject", "GtObject"));
    assert!(glob_matches("*Instance*", "RunInstances"));
    assert!(glob_matches("a*b*c", "aXbYbZc"));
    assert!(!glob_matches("a*b*c", "aXbYbZ"));
    assert!(glob_matches("?é", "xé"));
    assert!(glob_matches("é?", "éx"));
    assert!(!glob_matches("Get", "GetObject"));
}

#[test]
fn did_you_mean() {
    let catalog = Catalog::builtin();
    let s3 = catalog.service("s3").unwrap();
    assert_eq!(catalog.suggest_action(s3, "GetObjekt").map(|a| a.name()), Some("GetObject"));
    assert_eq!(catalog.suggest_action(s3, "getobjects").map(|a| a.name()), Some("GetObject"));
    assert!(catalog.suggest_action(s3, "LaunchRocket").is_none());
    assert_eq!(catalog.suggest_service("dynamodbb").map(|s| s.prefix()), Some("dynamodb"));
    assert!(catalog.suggest_service("zzzzzzzzzz").is_none());
}

#[test]
fn user_catalog_from_policies_json() {
    let json = r#"{
        "s3": {
            "Actions": {"getobject": {"Resources": ["object"]}, "listallmybuckets": {},
                        "brandnewaction": {"Resources": ["Object", "missing", "object"]}},
            "Resources": {"object": {"ARNFormats": ["arn:${Partition}:s3:::.*/.*"],
                                     "ConditionKeys": ["s3:prefix", "aws:ResourceTag/${TagKey}"]},
                          "bucket": {"ConditionKeys": ["s3:prefix", "s3:delimiter"]}}
        },
        "newservice": {"Actions": {"DoThing": {}}}
    }"#;
    let catalog = Catalog::from_policies_json(json).unwrap();
    assert_eq!(catalog.date(), None);
    assert_eq!(catalog.action_count(), 4);

    let known = catalog.action("s3:GetObject").unwrap();
    assert_eq!(known.name(), "GetObject", "the spelling of the compiled-in catalog");
    assert_eq!(known.level(), AccessLevel::Read);
    assert!(known.accepts_resources());
    assert!(!catalog.action("s3:listallmybuckets").unwrap().accepts_resources());

    let new = catalog.action("s3:BrandNewAction").unwrap();
    assert_eq!(new.level(), AccessLevel::Unknown);
    assert_eq!(new.resource_types().map(|t| t.name).collect::<Vec<_>>(), ["object"]);
    assert_eq!(catalog.action("NewService:dothing").unwrap().name(), "DoThing");
    let keys: Vec<&str> = catalog.service("s3").unwrap().condition_keys().collect();
    assert_eq!(keys, ["s3:delimiter", "s3:prefix"]);
    assert_eq!(catalog.service("newservice").unwrap().condition_keys().count(), 0);
    assert!(catalog.action("ec2:RunInstances").is_none(), "only what the file has");
}

#[test]
fn bad_user_catalogs_are_errors() {
    let cases = [
        ("[]", "not in the Policies.json shape at line 1 column"),
        ("{\"s3\": {\"Resources\": {}}}", "missing field `Actions`"),
        (
            "{\"s3\": {\"Actions\": {\"get object\": {}}}}",
            "action `get object` is not a valid name",
        ),
        ("{\"s3\": {\"Actions\": {\"#x\": {}}}}", "is not a valid name"),
        ("{}", "the catalog has no services"),
        ("{\"s3\": {\"Actions\": {}}}", "the catalog has no actions"),
        ("{\"s3\": {\"Actions\": {\"a\": {\"Resources\": 3}}}}", "line 1 column"),
    ];
    for (json, expected) in cases {
        let error = Catalog::from_policies_json(json).unwrap_err();
        assert!(error.message.contains(expected), "{json}: {}", error.message);
    }
}

#[test]
fn malformed_catalog_text_is_an_error_not_a_panic() {
    let cases = [
        ("GetObject\tR\n", "line 1: an action before the first service"),
        ("@s3\nGetObject\tX\n", "line 2: unknown access level"),
        ("@s3\nGetObject\n", "line 2: an action without a one-letter access level"),
        ("@s3\nGetObject\tR\t0\n", "line 2: a resource type index out of range"),
        ("@s3\nPutObject\tW\nGetObject\tR\n", "line 3: actions are not sorted by name"),
        ("@sqs\nA\tR\n@s3\n", "services are not sorted by prefix: `s3` after `sqs`"),
        ("%bucket\n", "line 1: a resource type before the first service"),
        ("?s3:prefix\n", "line 1: condition keys before the first service"),
        ("@\n", "a service line without a prefix"),
        ("# nothing\n", "the catalog has no services"),
    ];
    for (text, expected) in cases {
        let error = Catalog::parse_checked(Cow::Borrowed(text)).unwrap_err();
        assert_eq!(error.message, expected);
    }
}
