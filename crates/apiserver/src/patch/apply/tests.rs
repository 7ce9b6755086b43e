use serde_json::{Value, json};

use super::*;

const T0: &str = "2026-01-01T00:00:00Z";
const T1: &str = "2026-01-01T00:01:00Z";
const T2: &str = "2026-01-01T00:02:00Z";

fn schema() -> ListSchema {
    ListSchema::builtin("apps/v1", "Deployment")
}

fn nginx(replicas: i64) -> Value {
    json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "nginx", "namespace": "default", "labels": {"app": "nginx"}},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": "nginx"}},
            "template": {
                "metadata": {"labels": {"app": "nginx"}},
                "spec": {"containers": [{"name": "nginx", "image": "nginx:1.14.2", "ports": [{"containerPort": 80}]}]}
            }
        }
    })
}

fn apply(
    live: Option<&Value>,
    applied: &Value,
    manager: &str,
    force: bool,
    now: &str,
) -> Result<Value, ApplyError> {
    server_side_apply(live, applied, manager, force, None, &schema(), now)
}

fn entries(obj: &Value) -> Vec<Value> {
    obj["metadata"]["managedFields"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn fields_of(obj: &Value, manager: &str) -> Value {
    entries(obj)
        .into_iter()
        .find(|e| e["manager"] == manager)
        .map(|e| e["fieldsV1"].clone())
        .unwrap_or(Value::Null)
}

#[test]
fn creating_by_apply_records_fields_like_kube_apiserver() {
    let obj = apply(None, &nginx(3), "kubectl", false, T0).unwrap();
    assert_eq!(obj["spec"]["replicas"], 3);
    assert_eq!(
        entries(&obj),
        vec![json!({
            "apiVersion": "apps/v1",
            "fieldsType": "FieldsV1",
            "fieldsV1": {
                "f:metadata": {"f:labels": {"f:app": {}}},
                "f:spec": {
                    "f:replicas": {},
                    "f:selector": {},
                    "f:template": {
                        "f:metadata": {"f:labels": {"f:app": {}}},
                        "f:spec": {"f:containers": {"k:{\"name\":\"nginx\"}": {
                            ".": {},
                            "f:image": {},
                            "f:name": {},
                            "f:ports": {"k:{\"containerPort\":80,\"protocol\":\"TCP\"}": {
                                ".": {},
                                "f:containerPort": {}
                            }}
                        }}}
                    }
                }
            },
            "manager": "kubectl",
            "operation": "Apply",
            "time": T0
        })]
    );
}

#[test]
fn reapplying_the_same_config_changes_nothing() {
    let first = apply(None, &nginx(3), "kubectl", false, T0).unwrap();
    let second = apply(Some(&first), &nginx(3), "kubectl", false, T1).unwrap();
    assert_eq!(entries(&second).len(), 1);
    assert_eq!(entries(&second)[0]["time"], T0, "no change, no new time");
    let third = apply(Some(&second), &nginx(4), "kubectl", false, T2).unwrap();
    assert_eq!(entries(&third)[0]["time"], T2);
    assert_eq!(fields_of(&first, "kubectl"), fields_of(&second, "kubectl"));
    assert_eq!(second["spec"], first["spec"]);
}

#[test]
fn two_managers_applying_the_same_value_share_it() {
    let live = apply(None, &nginx(3), "kubectl", false, T0).unwrap();
    let hpa = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "nginx"}, "spec": {"replicas": 3}});
    let obj = apply(Some(&live), &hpa, "autoscaler", false, T1).unwrap();
    assert_eq!(
        fields_of(&obj, "autoscaler"),
        json!({"f:spec": {"f:replicas": {}}})
    );
    assert_eq!(
        fields_of(&obj, "kubectl")["f:spec"]["f:replicas"],
        json!({})
    );
}

#[test]
fn changing_a_field_another_manager_owns_conflicts_unless_forced() {
    let live = apply(None, &nginx(3), "kubectl", false, T0).unwrap();
    let hpa = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "nginx"}, "spec": {"replicas": 5}});
    let err = apply(Some(&live), &hpa, "autoscaler", false, T1).unwrap_err();
    assert_eq!(
        err,
        ApplyError::Conflict {
            conflicts: vec![FieldConflict {
                manager: "kubectl".into(),
                field: ".spec.replicas".into(),
                operation: "Apply".into(),
                api_version: "apps/v1".into(),
                subresource: None,
            }]
        }
    );
    assert_eq!(
        err.to_string(),
        "Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas"
    );

    let forced = apply(Some(&live), &hpa, "autoscaler", true, T1).unwrap();
    assert_eq!(forced["spec"]["replicas"], 5);
    assert_eq!(
        fields_of(&forced, "autoscaler"),
        json!({"f:spec": {"f:replicas": {}}})
    );
    assert!(
        fields_of(&forced, "kubectl")["f:spec"]
            .get("f:replicas")
            .is_none(),
        "ownership moved"
    );
    assert!(
        fields_of(&forced, "kubectl")["f:spec"]
            .get("f:template")
            .is_some()
    );
}

#[test]
fn conflicts_name_list_items_by_key() {
    let live = apply(None, &nginx(3), "kubectl", false, T0).unwrap();
    let mut other = nginx(3);
    other["spec"]["template"]["spec"]["containers"][0]["image"] = json!("nginx:latest");
    let err = apply(Some(&live), &other, "flux", false, T1).unwrap_err();
    let ApplyError::Conflict { conflicts } = err else {
        panic!("{err}")
    };
    let fields: Vec<&str> = conflicts.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(
        fields,
        [r#".spec.template.spec.containers[name="nginx"].image"#]
    );
}

#[test]
fn fields_an_applier_stops_setting_are_removed_unless_someone_else_owns_them() {
    let mut v1 = nginx(3);
    v1["metadata"]["labels"] = json!({"app": "nginx", "tier": "web", "team": "a"});
    let live = apply(None, &v1, "kubectl", false, T0).unwrap();
    // Another manager also sets `team`.
    let other = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "nginx", "labels": {"team": "a"}}});
    let live = apply(Some(&live), &other, "labeller", false, T1).unwrap();

    let mut v2 = nginx(3);
    v2["spec"]["template"]["spec"]["containers"][0]
        .as_object_mut()
        .unwrap()
        .remove("ports");
    let obj = apply(Some(&live), &v2, "kubectl", false, T2).unwrap();
    assert_eq!(
        obj["metadata"]["labels"],
        json!({"app": "nginx", "team": "a"}),
        "tier dropped, team kept"
    );
    assert!(
        obj["spec"]["template"]["spec"]["containers"][0]
            .get("ports")
            .is_none()
    );
    assert_eq!(
        fields_of(&obj, "labeller"),
        json!({"f:metadata": {"f:labels": {"f:team": {}}}})
    );
}

#[test]
fn removing_a_container_from_the_config_removes_it_from_the_object() {
    let mut two = nginx(1);
    two["spec"]["template"]["spec"]["containers"] = json!([{"name": "nginx", "image": "nginx"}, {"name": "sidecar", "image": "envoy", "args": ["-c", "x"]}]);
    let live = apply(None, &two, "kubectl", false, T0).unwrap();
    let mut one = nginx(1);
    one["spec"]["template"]["spec"]["containers"] = json!([{"name": "nginx", "image": "nginx"}]);
    let obj = apply(Some(&live), &one, "kubectl", false, T1).unwrap();
    assert_eq!(
        obj["spec"]["template"]["spec"]["containers"],
        json!([{"name": "nginx", "image": "nginx"}])
    );
}

#[test]
fn fields_set_by_updates_are_owned_by_the_updater_and_conflict_with_appliers() {
    let live = apply(None, &nginx(3), "kubectl", false, T0).unwrap();
    let mut scaled = live.clone();
    scaled["spec"]["replicas"] = json!(7);
    let updated = track_update(
        Some(&live),
        &scaled,
        "kube-controller-manager",
        None,
        &schema(),
        T1,
    );
    assert_eq!(
        fields_of(&updated, "kube-controller-manager"),
        json!({"f:spec": {"f:replicas": {}}})
    );
    assert!(
        fields_of(&updated, "kubectl")["f:spec"]
            .get("f:replicas")
            .is_none()
    );
    let order: Vec<Value> = entries(&updated)
        .iter()
        .map(|e| e["operation"].clone())
        .collect();
    assert_eq!(
        order,
        ["Apply", "Update"],
        "Apply entries sort before Update ones"
    );

    let err = apply(Some(&updated), &nginx(3), "kubectl", false, T2).unwrap_err();
    assert!(
        err.to_string()
            .contains("conflict with \"kube-controller-manager\" using apps/v1: .spec.replicas"),
        "{err}"
    );
}

#[test]
fn status_applies_are_tracked_per_subresource() {
    let live = apply(None, &nginx(3), "kubectl", false, T0).unwrap();
    let status = json!({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "nginx"},
        "spec": {"replicas": 100},
        "status": {"replicas": 3, "conditions": [{"type": "Available", "status": "True"}]}
    });
    let obj = server_side_apply(
        Some(&live),
        &status,
        "controller",
        false,
        Some("status"),
        &schema(),
        T1,
    )
    .unwrap();
    assert_eq!(
        obj["spec"]["replicas"], 3,
        "a status apply leaves the spec alone"
    );
    assert_eq!(obj["status"]["replicas"], 3);
    let entry = entries(&obj)
        .into_iter()
        .find(|e| e["manager"] == "controller")
        .unwrap();
    assert_eq!(entry["subresource"], "status");
    assert_eq!(
        entry["fieldsV1"],
        json!({"f:status": {"f:conditions": {"k:{\"type\":\"Available\"}": {".": {}, "f:status": {}, "f:type": {}}}, "f:replicas": {}}})
    );
}

#[test]
fn finalizers_are_a_set_each_manager_owns_its_own() {
    let cm = |fins: Value| json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "finalizers": fins}});
    let s = ListSchema::builtin("v1", "ConfigMap");
    let live = server_side_apply(None, &cm(json!(["a.io/x"])), "one", false, None, &s, T0).unwrap();
    let live = server_side_apply(
        Some(&live),
        &cm(json!(["b.io/y"])),
        "two",
        false,
        None,
        &s,
        T1,
    )
    .unwrap();
    assert_eq!(live["metadata"]["finalizers"], json!(["a.io/x", "b.io/y"]));
    assert_eq!(
        fields_of(&live, "two"),
        json!({"f:metadata": {"f:finalizers": {"v:\"b.io/y\"": {}}}})
    );
    let live = server_side_apply(Some(&live), &cm(json!([])), "one", false, None, &s, T2).unwrap();
    assert_eq!(live["metadata"]["finalizers"], json!(["b.io/y"]));
}

#[test]
fn atomic_lists_conflict_as_a_whole() {
    let with_args = |args: Value| {
        let mut d = nginx(1);
        d["spec"]["template"]["spec"]["containers"][0]["args"] = args;
        d
    };
    let live = apply(None, &with_args(json!(["a"])), "kubectl", false, T0).unwrap();
    let err = apply(
        Some(&live),
        &with_args(json!(["a", "b"])),
        "other",
        false,
        T1,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains(r#".spec.template.spec.containers[name="nginx"].args"#),
        "{err}"
    );
}

#[test]
fn objects_without_managed_fields_are_first_owned_by_before_first_apply() {
    let mut live = nginx(2);
    live["metadata"]["uid"] = json!("123");
    let err = apply(Some(&live), &nginx(4), "kubectl", false, T1).unwrap_err();
    assert!(
        err.to_string()
            .contains("conflict with \"before-first-apply\" using apps/v1: .spec.replicas"),
        "{err}"
    );

    let obj = apply(Some(&live), &nginx(4), "kubectl", true, T1).unwrap();
    let first = fields_of(&obj, "before-first-apply");
    assert!(first["f:spec"].get("f:replicas").is_none(), "forced away");
    assert!(first["f:spec"].get("f:template").is_some(), "still shared");
    assert!(
        first["f:metadata"].get("f:uid").is_none(),
        "server-set metadata is never tracked"
    );
}

#[test]
fn rejects_invalid_applied_configurations() {
    let mut with_managed = nginx(1);
    with_managed["metadata"]["managedFields"] = json!([{"manager": "x"}]);
    let mut keyless = nginx(1);
    keyless["spec"]["template"]["spec"]["containers"] = json!([{"image": "x"}]);
    let mut dup = nginx(1);
    dup["spec"]["template"]["spec"]["containers"] = json!([{"name": "a"}, {"name": "a"}]);
    let cases = [
        (
            json!({"kind": "Deployment"}),
            "apiVersion and kind must be set",
        ),
        (json!([1]), "must be an object"),
        (with_managed, "managedFields must be nil"),
        (keyless, "omits all key fields"),
        (dup, "duplicate entries"),
    ];
    for (applied, want) in cases {
        let err = apply(None, &applied, "kubectl", false, T0).unwrap_err();
        assert!(matches!(err, ApplyError::Invalid(_)), "{err}");
        assert!(err.to_string().contains(want), "{err}");
    }
}

#[test]
fn updates_of_custom_resources_mark_new_objects_and_can_strip_managed_fields() {
    let s = ListSchema::builtin("source.toolkit.fluxcd.io/v1", "GitRepository");
    let repo = json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
        "metadata": {"name": "podinfo", "labels": {"a": "b"}},
        "spec": {"interval": "1m", "ref": {"branch": "main"}}});
    let created = track_update(None, &repo, "kubectl-create", None, &s, T0);
    assert_eq!(
        fields_of(&created, "kubectl-create"),
        json!({
            "f:metadata": {"f:labels": {".": {}, "f:a": {}}},
            "f:spec": {".": {}, "f:interval": {}, "f:ref": {".": {}, "f:branch": {}}}
        })
    );
    assert_eq!(entries(&created)[0]["operation"], "Update");

    // Clients unaware of managedFields send none: the old ones stay.
    let mut edited = repo.clone();
    edited["spec"]["interval"] = json!("5m");
    let updated = track_update(Some(&created), &edited, "kubectl-edit", None, &s, T1);
    assert_eq!(
        fields_of(&updated, "kubectl-edit"),
        json!({"f:spec": {"f:interval": {}}})
    );
    assert!(
        fields_of(&updated, "kubectl-create")["f:spec"]
            .get("f:interval")
            .is_none()
    );

    // A single empty entry strips them, and then the object stays untracked.
    let mut reset = updated.clone();
    reset["metadata"]["uid"] = json!("u-1");
    reset["metadata"]["managedFields"] = json!([{}]);
    let stripped = track_update(Some(&updated), &reset, "kubectl-patch", None, &s, T2);
    assert!(stripped["metadata"].get("managedFields").is_none());
    let mut later = stripped.clone();
    later["spec"]["interval"] = json!("10m");
    let later = track_update(Some(&stripped), &later, "kubectl-edit", None, &s, T2);
    assert!(later["metadata"].get("managedFields").is_none());

    // Writes through a subresource cannot rewrite managed fields.
    let mut forged = updated.clone();
    forged["metadata"]["managedFields"] = json!([{"manager": "forger", "operation": "Update",
        "apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {}}}]);
    let kept = track_update(Some(&updated), &forged, "ctl", Some("status"), &s, T2);
    assert!(entries(&kept).iter().all(|e| e["manager"] != "forger"));
}

#[test]
fn keeps_at_most_ten_update_managers() {
    let s = ListSchema::builtin("v1", "ConfigMap");
    let mut obj =
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {}});
    for i in 0..12 {
        let mut next = obj.clone();
        next["data"][format!("k{i}")] = json!("v");
        obj = track_update(
            Some(&obj),
            &next,
            &format!("writer-{i:02}"),
            None,
            &s,
            &format!("2026-01-01T00:00:{i:02}Z"),
        );
    }
    let managers: Vec<String> = entries(&obj)
        .iter()
        .map(|e| e["manager"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(managers.len(), 10);
    assert!(
        managers.contains(&"ancient-changes".to_string()),
        "{managers:?}"
    );
    assert!(managers.contains(&"writer-11".to_string()));
}

#[test]
fn never_panics_on_hostile_input() {
    let mut deep = json!("x");
    for _ in 0..(crate::patch::MAX_DEPTH + 5) {
        deep = json!({ "a": deep });
    }
    let applied = json!({"apiVersion": "v1", "kind": "ConfigMap", "data": deep});
    let schemaless = ListSchema::schemaless();
    let err = server_side_apply(None, &applied, "m", false, None, &schemaless, T0).unwrap_err();
    assert!(matches!(err, ApplyError::TooDeep(_)), "{err}");
    assert!(
        err.to_string()
            .starts_with("nesting deeper than 256 levels at '.data.a.a"),
        "{err}"
    );
    let weird = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"managedFields": "nope", "finalizers": [{"a": 1}]}, "spec": [1]});
    let _ = track_update(
        Some(&weird),
        &weird,
        "m",
        None,
        &ListSchema::builtin("v1", "Pod"),
        T0,
    );
    let _ = server_side_apply(
        Some(&weird),
        &json!({"apiVersion": "v1", "kind": "Pod"}),
        "m",
        false,
        None,
        &ListSchema::builtin("v1", "Pod"),
        T0,
    );
}

#[test]
fn several_conflicts_are_listed_per_owner() {
    let live = apply(None, &nginx(3), "kubectl", false, T0).unwrap();
    let mut scaled = live.clone();
    scaled["spec"]["replicas"] = json!(7);
    let live = track_update(Some(&live), &scaled, "hpa", None, &schema(), T1);
    let mut other = nginx(9);
    other["spec"]["template"]["spec"]["containers"][0]["image"] = json!("nginx:2");
    other["metadata"]["labels"]["app"] = json!("web");
    let err = apply(Some(&live), &other, "flux", false, T2).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Apply failed with 3 conflicts: conflicts with \"hpa\" using apps/v1:\n- .spec.replicas\n\
         conflicts with \"kubectl\":\n- .metadata.labels.app\n- .spec.template.spec.containers[name=\"nginx\"].image"
    );
}

#[test]
fn status_in_a_main_resource_apply_is_ignored_when_status_is_a_subresource() {
    let mut with_status = nginx(1);
    with_status["status"] = json!({"replicas": 1});
    let obj = apply(None, &with_status, "kubectl", false, T0).unwrap();
    assert!(obj.get("status").is_none());
    assert!(fields_of(&obj, "kubectl").get("f:status").is_none());

    // Without a status subresource (the default for CRDs), status is an ordinary field.
    let crd = ListSchema::from_openapi_v3(&json!({"type": "object"}));
    let mut cr = json!({"apiVersion": "example.com/v1", "kind": "Thing", "metadata": {"name": "t"}, "status": {"a": 1}});
    let obj = server_side_apply(None, &cr, "m", false, None, &crd, T0).unwrap();
    assert_eq!(obj["status"], json!({"a": 1}));
    let crd = crd.with_status_subresource(true);
    let obj = server_side_apply(None, &cr, "m", false, None, &crd, T0).unwrap();
    assert!(obj.get("status").is_none());

    // Updates through the status subresource own only status fields.
    cr["spec"] = json!({"x": 1});
    let mut changed = cr.clone();
    changed["spec"]["x"] = json!(2);
    changed["status"]["a"] = json!(2);
    let obj = track_update(Some(&cr), &changed, "ctl", Some("status"), &crd, T1);
    assert_eq!(fields_of(&obj, "ctl"), json!({"f:status": {"f:a": {}}}));
}

#[test]
fn creating_a_built_in_object_by_update_marks_only_pointer_structs_and_maps() {
    // `kubectl create deployment nginx --image=nginx` as kube-apiserver records it.
    let created = json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "nginx", "labels": {"app": "nginx"}},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": {"app": "nginx"}},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
            "template": {
                "metadata": {"labels": {"app": "nginx"}},
                "spec": {
                    "containers": [{"name": "nginx", "image": "nginx", "resources": {}}],
                    "restartPolicy": "Always",
                    "securityContext": {}
                }
            }
        },
        "status": {}
    });
    let obj = track_update(None, &created, "kubectl-create", None, &schema(), T0);
    assert_eq!(
        fields_of(&obj, "kubectl-create"),
        json!({
            "f:metadata": {"f:labels": {".": {}, "f:app": {}}},
            "f:spec": {
                "f:replicas": {},
                "f:selector": {},
                "f:strategy": {"f:rollingUpdate": {".": {}, "f:maxSurge": {}, "f:maxUnavailable": {}}, "f:type": {}},
                "f:template": {
                    "f:metadata": {"f:labels": {".": {}, "f:app": {}}},
                    "f:spec": {
                        "f:containers": {"k:{\"name\":\"nginx\"}": {".": {}, "f:image": {}, "f:name": {}, "f:resources": {}}},
                        "f:restartPolicy": {},
                        "f:securityContext": {}
                    }
                }
            }
        })
    );
}

#[test]
fn an_item_another_manager_still_owns_part_of_stays_with_its_key() {
    let mut two = nginx(1);
    two["spec"]["template"]["spec"]["containers"] = json!([{"name": "nginx", "image": "nginx"}, {"name": "sidecar", "image": "envoy", "args": ["x"]}]);
    let live = apply(None, &two, "kubectl", false, T0).unwrap();
    let mut bumped = live.clone();
    bumped["spec"]["template"]["spec"]["containers"][1]["image"] = json!("envoy:2");
    let live = track_update(Some(&live), &bumped, "bumper", None, &schema(), T1);

    let mut one = nginx(1);
    one["spec"]["template"]["spec"]["containers"] = json!([{"name": "nginx", "image": "nginx"}]);
    let obj = apply(Some(&live), &one, "kubectl", false, T2).unwrap();
    assert_eq!(
        obj["spec"]["template"]["spec"]["containers"],
        json!([{"name": "nginx", "image": "nginx"}, {"name": "sidecar", "image": "envoy:2"}]),
        "args went with kubectl, the bumped image and the key stay"
    );
}

#[test]
fn an_update_that_changes_nothing_keeps_the_entry_as_it_was() {
    let s = ListSchema::builtin("v1", "ConfigMap");
    let cm = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "1"}});
    let created = track_update(None, &cm, "writer", None, &s, T0);
    let same = track_update(Some(&created), &cm, "writer", None, &s, T1);
    assert_eq!(entries(&same), entries(&created));
    let other = track_update(Some(&created), &cm, "bystander", None, &s, T1);
    assert_eq!(
        entries(&other),
        entries(&created),
        "writers that change nothing own nothing"
    );
}

#[test]
fn applied_field_sets_match_kube_apiserver_for_common_kinds() {
    let kustomization_crd = json!({"type": "object", "properties": {
        "apiVersion": {"type": "string"}, "kind": {"type": "string"}, "metadata": {"type": "object"},
        "spec": {"type": "object", "properties": {
            "interval": {"type": "string"}, "path": {"type": "string"}, "prune": {"type": "boolean"},
            "sourceRef": {"type": "object", "properties": {"kind": {"type": "string"}, "name": {"type": "string"}}},
            "postBuild": {"type": "object", "properties": {
                "substitute": {"type": "object", "additionalProperties": {"type": "string"}}}}
        }},
        "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}
    }});
    let cases = [
        (
            "a Service: ports keyed by port and defaulted protocol, atomic selector",
            ListSchema::builtin("v1", "Service"),
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
                   "spec": {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 8080}]}}),
            json!({"f:spec": {
                "f:ports": {"k:{\"port\":80,\"protocol\":\"TCP\"}": {".": {}, "f:port": {}, "f:targetPort": {}}},
                "f:selector": {}
            }}),
        ),
        (
            "a ConfigMap: data entries, annotations with slashes",
            ListSchema::builtin("v1", "ConfigMap"),
            json!({"apiVersion": "v1", "kind": "ConfigMap",
                   "metadata": {"name": "c", "annotations": {"example.com/a": "b"}},
                   "data": {"key": "value", "other": ""}}),
            json!({"f:data": {"f:key": {}, "f:other": {}},
                   "f:metadata": {"f:annotations": {"f:example.com/a": {}}}}),
        ),
        (
            "a Flux Kustomization: declared properties are struct fields, maps get entries",
            ListSchema::from_openapi_v3(&kustomization_crd),
            json!({"apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
                   "metadata": {"name": "apps", "namespace": "flux-system",
                                "labels": {"kustomize.toolkit.fluxcd.io/name": "flux-system"}},
                   "spec": {"interval": "10m", "path": "./apps", "prune": true,
                            "sourceRef": {"kind": "GitRepository", "name": "flux-system"},
                            "postBuild": {"substitute": {"cluster": "prod"}}}}),
            json!({
                "f:metadata": {"f:labels": {"f:kustomize.toolkit.fluxcd.io/name": {}}},
                "f:spec": {
                    "f:interval": {}, "f:path": {},
                    "f:postBuild": {"f:substitute": {"f:cluster": {}}},
                    "f:prune": {},
                    "f:sourceRef": {"f:kind": {}, "f:name": {}}
                }
            }),
        ),
        (
            "a Pod: env and volume mounts keyed, command atomic",
            ListSchema::builtin("v1", "Pod"),
            json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
                   "spec": {"containers": [{"name": "c", "command": ["sh"],
                            "env": [{"name": "A", "value": "1"}],
                            "volumeMounts": [{"name": "v", "mountPath": "/data"}]}],
                            "volumes": [{"name": "v", "emptyDir": {}}]}}),
            json!({"f:spec": {
                "f:containers": {"k:{\"name\":\"c\"}": {
                    ".": {}, "f:command": {},
                    "f:env": {"k:{\"name\":\"A\"}": {".": {}, "f:name": {}, "f:value": {}}},
                    "f:name": {},
                    "f:volumeMounts": {"k:{\"mountPath\":\"/data\"}": {".": {}, "f:mountPath": {}, "f:name": {}}}
                }},
                "f:volumes": {"k:{\"name\":\"v\"}": {".": {}, "f:emptyDir": {}, "f:name": {}}}
            }}),
        ),
    ];
    for (what, schema, applied, want) in cases {
        let obj = server_side_apply(None, &applied, "m", false, None, &schema, T0).unwrap();
        assert_eq!(fields_of(&obj, "m"), want, "{what}");
    }
}
