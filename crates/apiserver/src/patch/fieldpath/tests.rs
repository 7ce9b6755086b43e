use serde_json::json;

use super::*;

fn f(name: &str) -> PathElement {
    PathElement::Field(name.into())
}

#[test]
fn encodes_fields_v1_like_kube_apiserver() {
    // From `kubectl apply --server-side` of an nginx Deployment.
    let real = json!({
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
                        ".": {}, "f:containerPort": {}}}
                }}}
            }
        },
        "f:metadata": {"f:finalizers": {".": {}, "v:\"finalizers.fluxcd.io\"": {}}}
    });
    let set = FieldSet::from_fields_v1(&real);
    assert!(set.has(&[f("spec"), f("replicas")]));
    assert!(set.has(&[
        f("metadata"),
        f("finalizers"),
        PathElement::Value(json!("finalizers.fluxcd.io"))
    ]));
    assert!(!set.has(&[f("spec")]));
    let encoded = set.to_fields_v1();
    assert_eq!(encoded, real);
    let keys: Vec<&String> = encoded.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["f:metadata", "f:spec"], "members are sorted");
    let text = encoded.to_string();
    assert!(
        text.contains(
            r#""k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}"#
        ),
        "{text}"
    );
}

#[test]
fn prints_paths_like_conflict_messages() {
    let path = [
        f("spec"),
        f("containers"),
        PathElement::Key(vec![("name".into(), json!("nginx"))]),
        f("image"),
    ];
    assert_eq!(
        path_string(&path),
        r#".spec.containers[name="nginx"].image"#
    );
    assert_eq!(
        path_string(&[
            f("a"),
            PathElement::Value(json!("x")),
            PathElement::Index(2)
        ]),
        r#".a[="x"][2]"#
    );
}

#[test]
fn set_algebra_keeps_only_real_members() {
    let mut a = FieldSet::new();
    a.insert(&[f("spec"), f("replicas")]);
    a.insert(&[f("spec"), f("paused")]);
    let mut b = FieldSet::new();
    b.insert(&[f("spec"), f("replicas")]);
    assert_eq!(a.intersection(&b), b);
    assert_eq!(a.difference(&b).paths(), vec![vec![f("spec"), f("paused")]]);
    assert!(b.difference(&a).is_empty());
    assert_eq!(a.union(&b), a);
    assert!(a.has_or_leads_to(&[f("spec")]));
    assert!(!a.has(&[f("spec")]));
}

#[test]
fn orders_elements_fields_then_keys_then_values() {
    let mut v = [
        PathElement::Index(0),
        PathElement::Value(json!("b")),
        PathElement::Value(json!(1)),
        PathElement::Key(vec![("name".into(), json!("a"))]),
        f("z"),
        f("a"),
    ];
    v.sort();
    assert_eq!(v[0], f("a"));
    assert_eq!(v[3], PathElement::Value(json!(1)));
    assert_eq!(v[5], PathElement::Index(0));
}
