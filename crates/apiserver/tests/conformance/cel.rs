//! CRD validation rules (`x-kubernetes-validations`): Flux's own rules reject invalid
//! objects on create, dry run and server-side apply with kube-apiserver's 422; rules
//! run on every list item and map value, with `fieldPath`, `reason` and
//! `messageExpression`; transition rules compare with `oldSelf` on updates only; a
//! rule that does not compile makes its CRD invalid; a costly rule is cut off; rules
//! under `status` are checked on status writes; unchanged invalid fields ratchet.

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, ApiResource, DynamicObject, Patch, PatchParams, PostParams};
use serde_json::{Value, json};

use super::harness::{Env, env, status_of};

/// Merge-patches `spec` of object `name`.
async fn merge_spec(
    api: &Api<DynamicObject>,
    name: &str,
    spec: Value,
) -> kube::Result<DynamicObject> {
    let patch = Patch::Merge(json!({ "spec": spec }));
    api.patch(name, &PatchParams::default(), &patch).await
}

/// A Flux CRD from the corpus, moved to this test's unique group so that it can be
/// installed next to a real Flux.
fn flux_crd(env: &Env, file: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/flux-crds")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let mut crd: Value = serde_yaml::from_str(&text).unwrap();
    let group = env.group();
    let plural = crd["spec"]["names"]["plural"].as_str().unwrap().to_owned();
    crd["metadata"] = json!({"name": format!("{plural}.{group}")});
    crd["spec"]["group"] = json!(group);
    let names = crd["spec"]["names"].as_object_mut().unwrap();
    names.remove("shortNames");
    names.remove("categories");
    crd
}

fn object(ar: &ApiResource, name: &str, spec: Value) -> DynamicObject {
    serde_json::from_value(json!({
        "apiVersion": ar.api_version, "kind": ar.kind, "metadata": {"name": name}, "spec": spec
    }))
    .unwrap()
}

/// One Flux rule: a spec it accepts, one it refuses, and what kube-apiserver says.
struct Case {
    file: &'static str,
    version: &'static str,
    valid: Value,
    invalid: Value,
    field: &'static str,
    message: &'static str,
}

fn flux_cases() -> Vec<Case> {
    let interval = "10m";
    let git = json!({"interval": interval, "url": "https://example.com/repo"});
    let bucket = json!({"interval": interval, "bucketName": "b", "endpoint": "minio:9000"});
    let chart = json!({"interval": interval, "chart": "podinfo",
        "sourceRef": {"kind": "HelmRepository", "name": "podinfo"}});
    let release = json!({"interval": interval,
        "chartRef": {"kind": "OCIRepository", "name": "podinfo"}});
    let kustomization = json!({"interval": interval, "prune": true,
        "sourceRef": {"kind": "GitRepository", "name": "repo"}});
    let with = |base: &Value, extra: Value| {
        let mut v = base.clone();
        super::harness::merge(&mut v, &extra);
        v
    };
    vec![
        Case {
            file: "source.toolkit.fluxcd.io_gitrepositories.yaml",
            version: "v1",
            valid: with(
                &git,
                json!({"provider": "azure", "serviceAccountName": "sa"}),
            ),
            invalid: with(
                &git,
                json!({"provider": "generic", "serviceAccountName": "sa"}),
            ),
            field: "spec",
            message: "serviceAccountName can only be set when provider is 'azure' or 'aws'",
        },
        Case {
            file: "source.toolkit.fluxcd.io_buckets.yaml",
            version: "v1",
            valid: with(
                &bucket,
                json!({"provider": "aws",
                "sts": {"provider": "aws", "endpoint": "https://sts.amazonaws.com"}}),
            ),
            invalid: with(
                &bucket,
                json!({"provider": "gcp",
                "sts": {"provider": "aws", "endpoint": "https://sts.amazonaws.com"}}),
            ),
            field: "spec",
            message: "STS configuration is only supported for the 'aws' and 'generic' Bucket providers",
        },
        Case {
            file: "source.toolkit.fluxcd.io_buckets.yaml",
            version: "v1",
            valid: with(
                &bucket,
                json!({"provider": "aws", "secretRef": {"name": "creds"}}),
            ),
            invalid: with(
                &bucket,
                json!({"provider": "aws", "secretRef": {"name": "creds"}, "serviceAccountName": "sa"}),
            ),
            field: "spec",
            message: "cannot set both .spec.secretRef and .spec.serviceAccountName",
        },
        Case {
            file: "source.toolkit.fluxcd.io_helmcharts.yaml",
            version: "v1",
            valid: with(&chart, json!({"verify": {"provider": "cosign"}})),
            invalid: with(
                &chart,
                json!({"verify": {"provider": "cosign"},
                "sourceRef": {"kind": "GitRepository", "name": "repo"}}),
            ),
            field: "spec",
            message: "spec.verify is only supported when spec.sourceRef.kind is 'HelmRepository'",
        },
        Case {
            file: "helm.toolkit.fluxcd.io_helmreleases.yaml",
            version: "v2",
            valid: release.clone(),
            invalid: with(
                &release,
                json!({"chart": {"spec": {"chart": "podinfo",
                "sourceRef": {"kind": "HelmRepository", "name": "podinfo"}}}}),
            ),
            field: "spec",
            message: "either chart or chartRef must be set",
        },
        Case {
            file: "helm.toolkit.fluxcd.io_helmreleases.yaml",
            version: "v2",
            valid: with(
                &release,
                json!({"upgrade": {"strategy": {"name": "RetryOnFailure", "retryInterval": "1m"}}}),
            ),
            invalid: with(
                &release,
                json!({"upgrade": {"strategy": {"name": "RemediateOnFailure", "retryInterval": "1m"}}}),
            ),
            field: "spec.upgrade.strategy",
            message: ".retryInterval can only be set when .name is 'RetryOnFailure'",
        },
        Case {
            file: "helm.toolkit.fluxcd.io_helmreleases.yaml",
            version: "v2",
            valid: with(
                &release,
                json!({"kubeConfig": {"secretRef": {"name": "kc"}}}),
            ),
            invalid: with(
                &release,
                json!({"kubeConfig": {"secretRef": {"name": "kc"}, "configMapRef": {"name": "kc"}}}),
            ),
            field: "spec.kubeConfig",
            message: "exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified",
        },
        Case {
            file: "kustomize.toolkit.fluxcd.io_kustomizations.yaml",
            version: "v1",
            valid: with(
                &kustomization,
                json!({"kubeConfig": {"configMapRef": {"name": "kc"}}}),
            ),
            invalid: with(&kustomization, json!({"kubeConfig": {}})),
            field: "spec.kubeConfig",
            message: "exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified",
        },
        Case {
            file: "notification.toolkit.fluxcd.io_providers.yaml",
            version: "v1beta3",
            valid: json!({"type": "github", "commitStatusExpr": "event.metadata.id"}),
            invalid: json!({"type": "slack", "commitStatusExpr": "event.metadata.id"}),
            field: "spec",
            message: "spec.commitStatusExpr is only supported for the 'github', 'gitlab', 'gitea', 'bitbucketserver', 'bitbucket', 'azuredevops' provider types",
        },
        Case {
            file: "notification.toolkit.fluxcd.io_receivers.yaml",
            version: "v1",
            valid: json!({"type": "generic-oidc",
                "resources": [{"kind": "GitRepository", "name": "repo"}],
                "oidcProviders": [{"issuerURL": "https://issuer.example.com", "validations": [{"expression": "true", "message": "ok"}]}]}),
            invalid: json!({"type": "generic-oidc",
                "resources": [{"kind": "GitRepository", "name": "repo"}]}),
            field: "spec",
            message: "generic-oidc receivers must define at least one oidcProvider",
        },
        Case {
            file: "notification.toolkit.fluxcd.io_receivers.yaml",
            version: "v1",
            valid: json!({"type": "github", "secretRef": {"name": "token"},
                "resources": [{"kind": "GitRepository", "name": "repo"}]}),
            invalid: json!({"type": "github",
                "resources": [{"kind": "GitRepository", "name": "repo"}]}),
            field: "spec",
            message: "secretRef is required when type is not generic-oidc",
        },
    ]
}

/// Asserts a 422 whose message and single cause are kube-apiserver's.
fn assert_invalid(
    status: &kube::core::Status,
    kind: &str,
    group: &str,
    name: &str,
    field: &str,
    rest: &str,
) {
    assert_eq!(
        (status.code, status.reason.as_str()),
        (422, "Invalid"),
        "{status:?}"
    );
    assert_eq!(
        status.message,
        format!("{kind}.{group} \"{name}\" is invalid: {field}: {rest}"),
    );
    let causes = &status.details.as_ref().expect("details").causes;
    assert_eq!(causes.len(), 1, "{causes:?}");
    assert_eq!(
        (causes[0].field.as_str(), causes[0].message.as_str()),
        (field, rest)
    );
}

#[tokio::test]
async fn flux_crd_rules_reject_invalid_objects_like_kube_apiserver() {
    let env = env().await;
    let group = env.group();
    let mut installed = std::collections::HashMap::new();
    for (i, case) in flux_cases().into_iter().enumerate() {
        let ar = match installed.get(case.file) {
            Some(ar) => ar,
            None => {
                let ar = env
                    .install_crd(&flux_crd(&env, case.file), case.version)
                    .await;
                installed.entry(case.file).or_insert(ar)
            }
        };
        let api: Api<DynamicObject> = Api::namespaced_with(env.client.clone(), &env.ns, ar);
        let ok = format!("valid-{i}");
        api.create(&PostParams::default(), &object(ar, &ok, case.valid.clone()))
            .await
            .unwrap_or_else(|e| panic!("{}: valid object refused: {e}", case.file));
        let bad = format!("invalid-{i}");
        let status = status_of(
            api.create(
                &PostParams::default(),
                &object(ar, &bad, case.invalid.clone()),
            )
            .await,
        );
        let rest = format!("Invalid value: \"object\": {}", case.message);
        assert_invalid(&status, &ar.kind, &group, &bad, case.field, &rest);
    }
}

#[tokio::test]
async fn dry_run_server_side_apply_and_update_check_rules_too() {
    let env = env().await;
    let group = env.group();
    let file = "source.toolkit.fluxcd.io_gitrepositories.yaml";
    let ar = env.install_crd(&flux_crd(&env, file), "v1").await;
    let api: Api<DynamicObject> = Api::namespaced_with(env.client.clone(), &env.ns, &ar);
    let invalid =
        json!({"interval": "1m", "url": "https://example.com/repo", "serviceAccountName": "sa"});
    let rest = "Invalid value: \"object\": serviceAccountName can only be set when provider is 'azure' or 'aws'";

    let dry = PostParams {
        dry_run: true,
        ..Default::default()
    };
    let status = status_of(api.create(&dry, &object(&ar, "dry", invalid.clone())).await);
    assert_invalid(&status, &ar.kind, &group, "dry", "spec", rest);

    let apply = PatchParams::apply("cel-test");
    let status = status_of(
        api.patch(
            "applied",
            &apply,
            &Patch::Apply(object(&ar, "applied", invalid.clone())),
        )
        .await,
    );
    assert_invalid(&status, &ar.kind, &group, "applied", "spec", rest);

    let valid = json!({"interval": "1m", "url": "https://example.com/repo"});
    api.patch(
        "applied",
        &apply,
        &Patch::Apply(object(&ar, "applied", valid)),
    )
    .await
    .unwrap();
    let status = status_of(merge_spec(&api, "applied", json!({"serviceAccountName": "sa"})).await);
    assert_invalid(&status, &ar.kind, &group, "applied", "spec", rest);
    let status = status_of(
        api.patch(
            "applied",
            &apply.clone().dry_run(),
            &Patch::Apply(object(&ar, "applied", invalid)),
        )
        .await,
    );
    assert_invalid(&status, &ar.kind, &group, "applied", "spec", rest);
}

/// A CRD version whose `spec` carries `rules` and whose other nodes are `properties`.
fn with_rules(spec_properties: Value, spec_rules: Value) -> Value {
    json!({"schema": {"openAPIV3Schema": {
        "type": "object",
        "properties": {"spec": {
            "type": "object",
            "properties": spec_properties,
            "x-kubernetes-validations": spec_rules,
        }}
    }}})
}

fn causes_of(status: &kube::core::Status) -> Vec<(String, String, String)> {
    let mut causes: Vec<_> = status
        .details
        .as_ref()
        .expect("details")
        .causes
        .iter()
        .map(|c| (c.reason.clone(), c.field.clone(), c.message.clone()))
        .collect();
    causes.sort();
    causes
}

#[tokio::test]
async fn rules_run_on_every_list_item_and_map_value_with_field_path_reason_and_message_expression()
{
    let env = env().await;
    let properties = json!({
        "owner": {"type": "string", "maxLength": 63},
        "ranges": {"type": "array", "maxItems": 10, "items": {
            "type": "object",
            "properties": {"min": {"type": "integer"}, "max": {"type": "integer"}},
            "x-kubernetes-validations": [{
                "rule": "self.min <= self.max",
                "messageExpression": "'min ' + string(self.min) + ' exceeds max ' + string(self.max)",
            }],
        }},
        "labels": {"type": "object", "maxProperties": 10, "additionalProperties": {
            "type": "string", "maxLength": 63,
            "x-kubernetes-validations": [{"rule": "self.startsWith('x-')"}],
        }},
        "tags": {"type": "array", "maxItems": 10, "items": {"type": "string", "maxLength": 63},
            "x-kubernetes-validations": [{
                "rule": "self.all(t, self.exists_one(u, u == t))",
                "message": "tags must be unique",
                "reason": "FieldValueDuplicate",
            }]},
    });
    let rules = json!([{
        "rule": "has(self.owner) || !has(self.ranges) || size(self.ranges) == 0",
        "message": "an owner is required for ranges",
        "fieldPath": ".owner",
        "reason": "FieldValueRequired",
    }, {
        "rule": "!has(self.owner) || self.owner.matches('^[a-z]+$')",
        "message": "owner must be lowercase letters",
        "reason": "FieldValueForbidden",
    }]);
    let ar = env.crd("Span", true, with_rules(properties, rules)).await;
    let api: Api<DynamicObject> = Api::namespaced_with(env.client.clone(), &env.ns, &ar);

    let valid = json!({"owner": "team", "ranges": [{"min": 1, "max": 2}, {"min": 3, "max": 3}],
        "labels": {"a": "x-1", "b": "x-2"}, "tags": ["a", "b"]});
    api.create(&PostParams::default(), &object(&ar, "ok", valid))
        .await
        .unwrap();

    let invalid = json!({"ranges": [{"min": 1, "max": 2}, {"min": 5, "max": 3}],
        "labels": {"a": "x-1", "b": "nope"}, "tags": ["a", "b", "a"]});
    let status = status_of(
        api.create(&PostParams::default(), &object(&ar, "bad", invalid))
            .await,
    );
    assert_eq!(
        (status.code, status.reason.as_str()),
        (422, "Invalid"),
        "{status:?}"
    );
    let strings = |v: [&str; 3]| v.map(str::to_owned).into();
    assert_eq!(
        causes_of(&status),
        vec![
            strings([
                "FieldValueDuplicate",
                "spec.tags",
                "Duplicate value: \"array\""
            ]),
            strings([
                "FieldValueInvalid",
                "spec.labels[b]",
                "Invalid value: \"string\": failed rule: self.startsWith('x-')"
            ]),
            strings([
                "FieldValueInvalid",
                "spec.ranges[1]",
                "Invalid value: \"object\": min 5 exceeds max 3"
            ]),
            strings([
                "FieldValueRequired",
                "spec.owner",
                "Required value: an owner is required for ranges"
            ]),
        ]
    );

    let status = status_of(
        api.create(
            &PostParams::default(),
            &object(&ar, "upper", json!({"owner": "Team"})),
        )
        .await,
    );
    assert_eq!(
        causes_of(&status),
        vec![strings([
            "FieldValueForbidden",
            "spec",
            "Forbidden: owner must be lowercase letters"
        ])]
    );
}

#[tokio::test]
async fn transition_rules_compare_with_the_old_value_on_updates_only() {
    let env = env().await;
    let group = env.group();
    let properties = json!({
        "mode": {"type": "string",
            "x-kubernetes-validations": [{"rule": "self == oldSelf", "message": "mode is immutable"}]},
        "replicas": {"type": "integer"},
    });
    let rules = json!([{
        "rule": "!has(oldSelf.replicas) || !has(self.replicas) || self.replicas >= oldSelf.replicas",
        "message": "replicas may not decrease",
    }]);
    let ar = env.crd("Gear", true, with_rules(properties, rules)).await;
    let api: Api<DynamicObject> = Api::namespaced_with(env.client.clone(), &env.ns, &ar);
    api.create(
        &PostParams::default(),
        &object(&ar, "g", json!({"mode": "fast", "replicas": 3})),
    )
    .await
    .expect("transition rules are not evaluated on create");

    merge_spec(&api, "g", json!({"replicas": 4})).await.unwrap();
    let status = status_of(merge_spec(&api, "g", json!({"mode": "slow"})).await);
    assert_invalid(
        &status,
        &ar.kind,
        &group,
        "g",
        "spec.mode",
        "Invalid value: \"string\": mode is immutable",
    );
    let status = status_of(merge_spec(&api, "g", json!({"replicas": 2})).await);
    assert_invalid(
        &status,
        &ar.kind,
        &group,
        "g",
        "spec",
        "Invalid value: \"object\": replicas may not decrease",
    );

    let mut current = api.get("g").await.unwrap();
    current.data["spec"]["mode"] = json!("slow");
    let status = status_of(api.replace("g", &PostParams::default(), &current).await);
    assert_invalid(
        &status,
        &ar.kind,
        &group,
        "g",
        "spec.mode",
        "Invalid value: \"string\": mode is immutable",
    );
}

#[tokio::test]
async fn a_rule_that_does_not_compile_makes_the_crd_invalid() {
    let env = env().await;
    let group = env.group();
    let crds: Api<CustomResourceDefinition> = Api::all(env.client.clone());
    let crd = json!({
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": format!("brokens.{group}")},
        "spec": {
            "group": group,
            "scope": "Namespaced",
            "names": {"plural": "brokens", "singular": "broken", "kind": "Broken"},
            "versions": [{"name": "v1", "served": true, "storage": true,
                "schema": {"openAPIV3Schema": {"type": "object", "properties": {"spec": {
                    "type": "object",
                    "properties": {"size": {"type": "integer"}},
                    "x-kubernetes-validations": [{"rule": "self.size >"}],
                }}}}}],
        }
    });
    let status = status_of(
        crds.create(
            &PostParams::default(),
            &serde_json::from_value(crd).unwrap(),
        )
        .await,
    );
    assert_eq!(
        (status.code, status.reason.as_str()),
        (422, "Invalid"),
        "{status:?}"
    );
    let field =
        "spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule";
    let causes = &status.details.as_ref().expect("details").causes;
    assert!(
        causes
            .iter()
            .any(|c| c.field == field && c.message.contains("compilation failed")),
        "{causes:?}"
    );
    assert!(
        status.message.contains("compilation failed"),
        "{}",
        status.message
    );
    // the server is still serving, and the CRD was not stored
    assert!(
        crds.get_opt(&format!("brokens.{group}"))
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_costly_rule_is_cut_off_at_the_per_call_cost_limit() {
    let env = env().await;
    let group = env.group();
    // Statically affordable (800² comparisons, under kube-apiserver's per-expression
    // estimate limit) but too costly for one call (1,000,000) with 800 names.
    let rule = "self.names.all(x, self.names.exists_one(y, x == y))";
    let properties = json!({"names": {"type": "array", "maxItems": 800,
        "items": {"type": "string", "maxLength": 10}}});
    let ar = env
        .crd(
            "Roster",
            true,
            with_rules(properties, json!([{"rule": rule}])),
        )
        .await;
    let api: Api<DynamicObject> = Api::namespaced_with(env.client.clone(), &env.ns, &ar);
    let names = |n: usize| (0..n).map(|i| format!("n{i}")).collect::<Vec<_>>();
    api.create(
        &PostParams::default(),
        &object(&ar, "small", json!({"names": names(30)})),
    )
    .await
    .unwrap();
    let status = status_of(
        api.create(
            &PostParams::default(),
            &object(&ar, "large", json!({"names": names(800)})),
        )
        .await,
    );
    assert_invalid(
        &status,
        &ar.kind,
        &group,
        "large",
        "spec",
        &format!(
            "Invalid value: \"object\": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: {rule}"
        ),
    );
}

#[tokio::test]
async fn objects_made_invalid_by_a_new_rule_may_still_change_their_other_fields() {
    let env = env().await;
    let properties =
        json!({"name": {"type": "string", "maxLength": 63}, "size": {"type": "integer"}});
    let ar = env
        .crd("Label", true, with_rules(properties.clone(), json!([])))
        .await;
    let api: Api<DynamicObject> = Api::namespaced_with(env.client.clone(), &env.ns, &ar);
    api.create(
        &PostParams::default(),
        &object(&ar, "old", json!({"name": "Mixed", "size": 1})),
    )
    .await
    .unwrap();

    let mut lowercase = properties;
    lowercase["name"]["x-kubernetes-validations"] =
        json!([{"rule": "self == self.lowerAscii()", "message": "name must be lowercase"}]);
    env.crd("Label", true, with_rules(lowercase, json!([])))
        .await;
    // a CRD update reaches the handlers asynchronously on a real cluster
    let dry = PostParams {
        dry_run: true,
        ..Default::default()
    };
    let start = tokio::time::Instant::now();
    while api
        .create(&dry, &object(&ar, "probe", json!({"name": "Upper"})))
        .await
        .is_ok()
    {
        assert!(
            start.elapsed() < super::harness::DEADLINE,
            "rule not in effect in time"
        );
        tokio::task::yield_now().await;
    }

    // validation ratcheting: the unchanged name is not held against the object
    merge_spec(&api, "old", json!({"size": 2}))
        .await
        .expect("an unchanged invalid field does not block other changes");
    let status = status_of(merge_spec(&api, "old", json!({"name": "Still-Mixed"})).await);
    assert_invalid(
        &status,
        &ar.kind,
        &env.group(),
        "old",
        "spec.name",
        "Invalid value: \"string\": name must be lowercase",
    );
}

#[tokio::test]
async fn rules_under_status_are_checked_on_status_writes() {
    let env = env().await;
    let version = json!({
        "subresources": {"status": {}},
        "schema": {"openAPIV3Schema": {"type": "object", "properties": {
            "spec": {"type": "object", "properties": {"total": {"type": "integer"}}},
            "status": {"type": "object",
                "properties": {"ready": {"type": "integer"}},
                "x-kubernetes-validations": [{"rule": "self.ready >= 0", "message": "ready may not be negative"}]},
        }}},
    });
    let ar = env.crd("Pool", true, version).await;
    let api: Api<DynamicObject> = Api::namespaced_with(env.client.clone(), &env.ns, &ar);
    api.create(
        &PostParams::default(),
        &object(&ar, "p", json!({"total": 3})),
    )
    .await
    .unwrap();
    let status = |ready: i64| Patch::Merge(json!({"status": {"ready": ready}}));
    api.patch_status("p", &PatchParams::default(), &status(2))
        .await
        .unwrap();
    let refused = status_of(
        api.patch_status("p", &PatchParams::default(), &status(-1))
            .await,
    );
    assert_invalid(
        &refused,
        &ar.kind,
        &env.group(),
        "p",
        "status",
        "Invalid value: \"object\": ready may not be negative",
    );
}
