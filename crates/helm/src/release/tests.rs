//! Round trips and Helm's JSON shape for the release codec.

use std::collections::BTreeMap;

use super::*;

fn sample() -> Release {
    Release {
        name: "web".into(),
        info: Some(Info {
            first_deployed: Some("2024-01-02T03:04:05.5Z".into()),
            last_deployed: Some("2024-01-02T03:04:05.5Z".into()),
            description: "Install complete".into(),
            status: Status::Deployed,
            notes: "visit <http://x>".into(),
            ..Info::default()
        }),
        chart: Some(serde_json::json!({
            "metadata": {"name": "web", "version": "1.0.0", "apiVersion": "v2"},
            "lock": null,
            "templates": [{"name": "templates/cm.yaml", "data": "a2luZDogQ29uZmlnTWFw"}],
            "values": {"z": 1, "a": {"y": 2, "b": 3}},
            "schema": null,
            "files": [],
        })),
        config: Some(serde_json::json!({"b": true, "a": "x&y"})),
        manifest: "---\n# Source: web/templates/cm.yaml\nkind: ConfigMap\n".into(),
        hooks: vec![Hook {
            name: "test".into(),
            kind: "Pod".into(),
            path: "web/templates/test.yaml".into(),
            events: vec!["test".into()],
            ..Hook::default()
        }],
        version: 3,
        namespace: "apps".into(),
        apply_method: String::new(),
    }
}

#[test]
fn encodes_like_helm_and_round_trips() {
    let rls = sample();
    let json = go_json(&rls).unwrap();
    assert!(
        json.starts_with(r#"{"name":"web","info":{"first_deployed":"2024-01-02T03:04:05.5Z""#),
        "{json}"
    );
    assert!(
        json.contains(r#""config":{"a":"x\u0026y","b":true}"#),
        "{json}"
    );
    assert!(
        json.contains(r#""values":{"a":{"b":3,"y":2},"z":1}"#),
        "{json}"
    );
    assert!(
        json.contains(r#""notes":"visit \u003chttp://x\u003e""#),
        "{json}"
    );
    assert!(json.contains(r#""last_run":{"phase":""}"#), "{json}");
    assert!(
        json.ends_with(r#""version":3,"namespace":"apps"}"#),
        "{json}"
    );
    let encoded = encode(&rls).unwrap();
    assert!(encoded.starts_with("H4sI"), "gzip magic in base64");
    let decoded = decode(&encoded).unwrap();
    assert_eq!(go_json(&decoded).unwrap(), json);
}

#[test]
fn decodes_uncompressed_legacy_releases() {
    use base64::Engine;
    let plain = base64::engine::general_purpose::STANDARD
        .encode(r#"{"name":"old","version":1,"info":{"status":"superseded"}}"#);
    let rls = decode(&plain).unwrap();
    assert_eq!(rls.name, "old");
    assert_eq!(rls.info.unwrap().status, Status::Superseded);
    assert!(decode("not base64!").is_err());
    let future = base64::engine::general_purpose::STANDARD
        .encode(r#"{"name":"x","info":{"status":"paused"}}"#);
    assert_eq!(
        decode(&future).unwrap().info.unwrap().status,
        Status::Unknown
    );
}

#[test]
fn builds_the_storage_secret() {
    let rls = sample();
    let mut custom = BTreeMap::new();
    custom.insert("team".to_string(), "a".to_string());
    custom.insert("owner".to_string(), "someone".to_string());
    let secret = to_secret(&rls, &custom, Some(1700000000)).unwrap();
    assert_eq!(secret.name, "sh.helm.release.v1.web.v3");
    assert_eq!(secret.type_, "helm.sh/release.v1");
    let labels: Vec<(&str, &str)> = secret
        .labels
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        labels,
        vec![
            ("createdAt", "1700000000"),
            ("name", "web"),
            ("owner", "helm"),
            ("status", "deployed"),
            ("team", "a"),
            ("version", "3")
        ]
    );
    assert_eq!(
        decode(&secret.release).unwrap(),
        decode(&encode(&rls).unwrap()).unwrap()
    );
}

#[test]
fn formats_times_like_go() {
    let t: jiff::Timestamp = "2024-01-02T03:04:05.120Z".parse().unwrap();
    assert_eq!(go_time(t), "2024-01-02T03:04:05.12Z");
    let t: jiff::Timestamp = "2024-01-02T03:04:05Z".parse().unwrap();
    assert_eq!(go_time(t), "2024-01-02T03:04:05Z");
}
