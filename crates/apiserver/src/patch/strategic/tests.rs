use serde_json::{Value, json};

use super::*;

fn deployment() -> ListSchema {
    ListSchema::builtin("apps/v1", "Deployment")
}

/// A Deployment whose pod template has the given containers.
fn with_containers(containers: Value) -> Value {
    json!({"spec": {"template": {"spec": {"containers": containers}}}})
}

#[test]
fn merges_keyed_lists_of_deployments_item_by_item() {
    let live = with_containers(json!([
        {"name": "app", "image": "app:1", "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
         "ports": [{"containerPort": 80}]},
        {"name": "sidecar", "image": "proxy:1"}
    ]));
    let cases = [
        (
            "changes one container's image and keeps the other",
            with_containers(json!([{"name": "app", "image": "app:2"}])),
            with_containers(json!([
                {"name": "app", "image": "app:2", "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
                 "ports": [{"containerPort": 80}]},
                {"name": "sidecar", "image": "proxy:1"}
            ])),
        ),
        (
            "puts a new container first when the patch gives no $setElementOrder",
            with_containers(json!([{"name": "debug", "image": "busybox"}])),
            with_containers(json!([
                {"name": "debug", "image": "busybox"},
                {"name": "app", "image": "app:1", "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
                 "ports": [{"containerPort": 80}]},
                {"name": "sidecar", "image": "proxy:1"}
            ])),
        ),
        (
            "deletes a container by its key with $patch: delete",
            with_containers(json!([{"name": "sidecar", "$patch": "delete"}])),
            with_containers(json!([
                {"name": "app", "image": "app:1", "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
                 "ports": [{"containerPort": 80}]}
            ])),
        ),
        (
            "replaces the whole list with $patch: replace",
            with_containers(json!([{"$patch": "replace"}, {"name": "only", "image": "x"}])),
            with_containers(json!([{"name": "only", "image": "x"}])),
        ),
        (
            "merges env by name and ports by containerPort inside a container",
            with_containers(json!([{"name": "app",
                "env": [{"name": "B", "value": "3"}, {"name": "C", "value": "4"}],
                "ports": [{"containerPort": 80, "name": "http"}, {"containerPort": 443}]}])),
            with_containers(json!([
                {"name": "app", "image": "app:1",
                 "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "3"}, {"name": "C", "value": "4"}],
                 "ports": [{"containerPort": 80, "name": "http"}, {"containerPort": 443}]},
                {"name": "sidecar", "image": "proxy:1"}
            ])),
        ),
        (
            "deletes a field inside an item with null",
            with_containers(json!([{"name": "sidecar", "image": null}])),
            with_containers(json!([
                {"name": "app", "image": "app:1", "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
                 "ports": [{"containerPort": 80}]},
                {"name": "sidecar"}
            ])),
        ),
        (
            "reorders with $setElementOrder alone",
            json!({"spec": {"template": {"spec": {"$setElementOrder/containers": [{"name": "sidecar"}, {"name": "app"}]}}}}),
            with_containers(json!([
                {"name": "sidecar", "image": "proxy:1"},
                {"name": "app", "image": "app:1", "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
                 "ports": [{"containerPort": 80}]}
            ])),
        ),
    ];
    for (what, patch, want) in cases {
        let got = strategic_merge_patch(&live, &patch, &deployment()).unwrap();
        assert_eq!(got, want, "{what}");
    }
}

#[test]
fn set_element_order_places_new_items_where_the_patch_says() {
    let live = with_containers(json!([{"name": "a"}, {"name": "b"}, {"name": "c"}]));
    let patch = json!({"spec": {"template": {"spec": {
        "$setElementOrder/containers": [{"name": "a"}, {"name": "x"}, {"name": "b"}, {"name": "c"}],
        "containers": [{"name": "x"}]
    }}}});
    let got = strategic_merge_patch(&live, &patch, &deployment()).unwrap();
    assert_eq!(
        got,
        with_containers(json!([{"name": "a"}, {"name": "x"}, {"name": "b"}, {"name": "c"}]))
    );

    // Without $setElementOrder the patch's own order wins and server-only items follow
    // where their original position allows.
    let patch = with_containers(json!([{"name": "x"}, {"name": "a", "image": "y"}]));
    let got = strategic_merge_patch(&live, &patch, &deployment()).unwrap();
    assert_eq!(
        got,
        with_containers(
            json!([{"name": "x"}, {"name": "a", "image": "y"}, {"name": "b"}, {"name": "c"}])
        )
    );
    let patch = with_containers(json!([{"name": "c", "image": "y"}]));
    let got = strategic_merge_patch(&live, &patch, &deployment()).unwrap();
    assert_eq!(
        got,
        with_containers(json!([{"name": "a"}, {"name": "b"}, {"name": "c", "image": "y"}]))
    );
}

#[test]
fn handles_map_directives_and_nulls() {
    let live = json!({"metadata": {"labels": {"a": "1", "b": "2"}, "annotations": {"x": "y"}},
                      "spec": {"replicas": 1, "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}}});
    let cases = [
        (
            "deletes a label with null",
            json!({"metadata": {"labels": {"a": null}}}),
            json!({"metadata": {"labels": {"b": "2"}, "annotations": {"x": "y"}},
                   "spec": {"replicas": 1, "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}}}),
        ),
        (
            "replaces a map with $patch: replace",
            json!({"metadata": {"labels": {"$patch": "replace", "c": "3"}}}),
            json!({"metadata": {"labels": {"c": "3"}, "annotations": {"x": "y"}},
                   "spec": {"replicas": 1, "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}}}),
        ),
        (
            "removes a map with $patch: delete",
            json!({"metadata": {"annotations": {"$patch": "delete"}}}),
            json!({"metadata": {"labels": {"a": "1", "b": "2"}},
                   "spec": {"replicas": 1, "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}}}),
        ),
        (
            "drops keys missing from $retainKeys",
            json!({"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}}),
            json!({"metadata": {"labels": {"a": "1", "b": "2"}, "annotations": {"x": "y"}},
                   "spec": {"replicas": 1, "strategy": {"type": "Recreate"}}}),
        ),
    ];
    for (what, patch, want) in cases {
        assert_eq!(
            strategic_merge_patch(&live, &patch, &deployment()).unwrap(),
            want,
            "{what}"
        );
    }
}

#[test]
fn merges_finalizers_as_a_set_and_deletes_from_primitive_lists() {
    let live = json!({"metadata": {"finalizers": ["a", "b"]}});
    let cases = [
        (
            "adds a new finalizer in front",
            json!({"metadata": {"finalizers": ["c"]}}),
            json!(["c", "a", "b"]),
        ),
        (
            "keeps a finalizer once",
            json!({"metadata": {"finalizers": ["a"]}}),
            json!(["a", "b"]),
        ),
        (
            "removes one with $deleteFromPrimitiveList",
            json!({"metadata": {"$deleteFromPrimitiveList/finalizers": ["a"]}}),
            json!(["b"]),
        ),
        (
            "orders them with $setElementOrder",
            json!({"metadata": {"$setElementOrder/finalizers": ["b", "c", "a"], "finalizers": ["c"]}}),
            json!(["b", "c", "a"]),
        ),
    ];
    for (what, patch, want) in cases {
        let got = strategic_merge_patch(&live, &patch, &deployment()).unwrap();
        assert_eq!(got["metadata"]["finalizers"], want, "{what}");
    }
}

#[test]
fn retain_keys_switches_a_volume_source() {
    let live = json!({"spec": {"template": {"spec": {"volumes": [
        {"name": "data", "hostPath": {"path": "/data"}}, {"name": "tmp", "emptyDir": {}}
    ]}}}});
    let patch = json!({"spec": {"template": {"spec": {"volumes": [
        {"name": "data", "$retainKeys": ["emptyDir", "name"], "emptyDir": {"medium": "Memory"}}
    ]}}}});
    let got = strategic_merge_patch(&live, &patch, &deployment()).unwrap();
    assert_eq!(
        got["spec"]["template"]["spec"]["volumes"],
        json!([{"name": "data", "emptyDir": {"medium": "Memory"}}, {"name": "tmp", "emptyDir": {}}])
    );
}

#[test]
fn lists_without_merge_keys_are_replaced() {
    let cases = [
        (
            "tolerations of a pod",
            ListSchema::builtin("v1", "Pod"),
            json!({"spec": {"tolerations": [{"key": "a"}, {"key": "b"}]}}),
            json!({"spec": {"tolerations": [{"key": "c"}]}}),
            json!({"spec": {"tolerations": [{"key": "c"}]}}),
        ),
        (
            "args of a container",
            ListSchema::builtin("v1", "Pod"),
            json!({"spec": {"containers": [{"name": "a", "args": ["x", "y"]}]}}),
            json!({"spec": {"containers": [{"name": "a", "args": ["z"]}]}}),
            json!({"spec": {"containers": [{"name": "a", "args": ["z"]}]}}),
        ),
        (
            "lists of a custom resource",
            ListSchema::builtin("kustomize.toolkit.fluxcd.io/v1", "Kustomization"),
            json!({"spec": {"dependsOn": [{"name": "a"}], "patches": [{"patch": "x"}]}}),
            json!({"spec": {"dependsOn": [{"name": "b"}]}}),
            json!({"spec": {"dependsOn": [{"name": "b"}], "patches": [{"patch": "x"}]}}),
        ),
    ];
    for (what, schema, live, patch, want) in cases {
        assert_eq!(
            strategic_merge_patch(&live, &patch, &schema).unwrap(),
            want,
            "{what}"
        );
    }
}

#[test]
fn merges_other_built_in_keyed_lists() {
    let cases = [
        (
            "service ports by port",
            ListSchema::builtin("v1", "Service"),
            json!({"spec": {"ports": [{"port": 80, "targetPort": 8080}, {"port": 443}]}}),
            json!({"spec": {"ports": [{"port": 80, "targetPort": 9090}]}}),
            json!({"spec": {"ports": [{"port": 80, "targetPort": 9090}, {"port": 443}]}}),
        ),
        (
            "owner references by uid",
            ListSchema::builtin("v1", "ConfigMap"),
            json!({"metadata": {"ownerReferences": [{"uid": "1", "name": "a"}]}}),
            json!({"metadata": {"ownerReferences": [{"uid": "2", "name": "b"}]}}),
            json!({"metadata": {"ownerReferences": [{"uid": "2", "name": "b"}, {"uid": "1", "name": "a"}]}}),
        ),
        (
            "status conditions by type",
            deployment(),
            json!({"status": {"conditions": [{"type": "Available", "status": "False"}, {"type": "Progressing", "status": "True"}]}}),
            json!({"status": {"conditions": [{"type": "Available", "status": "True"}]}}),
            json!({"status": {"conditions": [{"type": "Available", "status": "True"}, {"type": "Progressing", "status": "True"}]}}),
        ),
        (
            "host aliases by ip",
            ListSchema::builtin("v1", "Pod"),
            json!({"spec": {"hostAliases": [{"ip": "10.0.0.1", "hostnames": ["a"]}]}}),
            json!({"spec": {"hostAliases": [{"ip": "10.0.0.1", "hostnames": ["b"]}]}}),
            json!({"spec": {"hostAliases": [{"ip": "10.0.0.1", "hostnames": ["b"]}]}}),
        ),
        (
            "new lists take the patch's items without directives",
            ListSchema::builtin("v1", "Pod"),
            json!({"spec": {}}),
            json!({"spec": {"containers": [{"name": "a", "env": [{"name": "X", "value": null}]}, {"name": "b", "$patch": "delete"}]}}),
            json!({"spec": {"containers": [{"name": "a", "env": [{"name": "X"}]}]}}),
        ),
    ];
    for (what, schema, live, patch, want) in cases {
        assert_eq!(
            strategic_merge_patch(&live, &patch, &schema).unwrap(),
            want,
            "{what}"
        );
    }
}

#[test]
fn rejects_malformed_patches_with_the_path() {
    let live = with_containers(json!([{"name": "a"}]));
    let cases = [
        (
            with_containers(json!([{"image": "x"}])),
            "merge key: name at '.spec.template.spec.containers'",
        ),
        (
            json!({"spec": {"$patch": "explode"}}),
            "unknown patch type \"explode\" at '.spec'",
        ),
        (
            json!({"metadata": {"$retainKeys": "a"}}),
            "$retainKeys must be a list of strings at '.metadata'",
        ),
        (
            json!({"spec": {"$retainKeys": ["a"], "b": 1}}),
            "$retainKeys does not list patched field b at '.spec'",
        ),
        (
            with_containers(json!([{"name": "a", "$patch": "merge"}])),
            "merging lists cannot yet be specified",
        ),
        (with_containers(json!(["a"])), "without merge key name"),
        (json!([1]), "must be an object"),
    ];
    for (patch, want) in cases {
        let err = strategic_merge_patch(&live, &patch, &deployment())
            .unwrap_err()
            .to_string();
        assert!(err.contains(want), "{patch}: {err}");
    }
}

#[test]
fn refuses_absurd_nesting_instead_of_overflowing() {
    let mut patch = json!("x");
    for _ in 0..(MAX_DEPTH + 5) {
        patch = json!({ "a": patch });
    }
    let err = strategic_merge_patch(&json!({}), &patch, &deployment()).unwrap_err();
    assert!(matches!(err, PatchError::TooDeep { .. }), "{err}");
}

#[test]
fn set_element_order_also_orders_a_list_the_live_object_lacks() {
    let live = json!({"spec": {"template": {"spec": {}}}});
    let patch = json!({"spec": {"template": {"spec": {
        "$setElementOrder/containers": [{"name": "b"}, {"name": "a"}],
        "containers": [{"name": "a"}, {"name": "b"}]
    }}}});
    let got = strategic_merge_patch(&live, &patch, &deployment()).unwrap();
    assert_eq!(got, with_containers(json!([{"name": "b"}, {"name": "a"}])));
}

#[test]
fn deleting_the_whole_object_leaves_an_empty_one() {
    let got = strategic_merge_patch(
        &json!({"a": 1}),
        &json!({"$patch": "delete"}),
        &deployment(),
    );
    assert_eq!(got.unwrap(), json!({}));
}
