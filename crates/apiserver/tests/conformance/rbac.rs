//! Impersonation and RBAC: an impersonated service account without permission gets
//! 403; a Role and RoleBinding grant exactly what they say.

use k8s_openapi::api::core::v1::ConfigMap;
use k8s_openapi::api::rbac::v1::{Role, RoleBinding};
use kube::api::{Api, ListParams, PostParams};
use serde_json::json;

use super::harness::{DEADLINE, env, status_of};

#[tokio::test]
async fn impersonated_service_account_needs_rbac() {
    let env = env().await;
    let mut config = super::harness::config(&env).clone();
    config.auth_info.impersonate = Some(format!("system:serviceaccount:{}:robot", env.ns));
    let robot = kube::Client::try_from(config).unwrap();
    let cms: Api<ConfigMap> = Api::namespaced(robot.clone(), &env.ns);
    let s = status_of(cms.list(&ListParams::default()).await);
    assert_eq!((s.code, s.reason.as_str()), (403, "Forbidden"), "{s:?}");
    assert!(
        s.message.contains("cannot list resource \"configmaps\""),
        "{}",
        s.message
    );

    let role: Role = serde_json::from_value(json!({
        "metadata": {"name": "reader"},
        "rules": [{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list", "watch"]}]
    }))
    .unwrap();
    env.api::<Role>()
        .create(&PostParams::default(), &role)
        .await
        .unwrap();
    let binding: RoleBinding = serde_json::from_value(json!({
        "metadata": {"name": "reader"},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "reader"},
        "subjects": [{"kind": "ServiceAccount", "name": "robot", "namespace": env.ns}]
    }))
    .unwrap();
    env.api::<RoleBinding>()
        .create(&PostParams::default(), &binding)
        .await
        .unwrap();
    // Real clusters apply RBAC changes asynchronously: retry until allowed.
    let start = tokio::time::Instant::now();
    while cms.list(&ListParams::default()).await.is_err() {
        assert!(start.elapsed() < DEADLINE, "RBAC grant took effect in time");
        tokio::task::yield_now().await;
    }
    let cm: ConfigMap = serde_json::from_value(json!({"metadata": {"name": "nope"}})).unwrap();
    let s = status_of(cms.create(&PostParams::default(), &cm).await);
    assert_eq!(s.code, 403);
}

#[tokio::test]
async fn self_subject_access_review_answers_can_i() {
    use k8s_openapi::api::authorization::v1::SelfSubjectAccessReview;
    let env = env().await;
    let review = |verb: &str| -> SelfSubjectAccessReview {
        serde_json::from_value(json!({"spec": {"resourceAttributes": {
            "namespace": env.ns, "verb": verb, "resource": "configmaps"}}}))
        .unwrap()
    };
    let admin: Api<SelfSubjectAccessReview> = Api::all(env.client.clone());
    let out = admin
        .create(&PostParams::default(), &review("list"))
        .await
        .unwrap();
    assert!(out.status.unwrap().allowed);
    let mut config = super::harness::config(&env).clone();
    config.auth_info.impersonate = Some(format!("system:serviceaccount:{}:nobody", env.ns));
    let robot: Api<SelfSubjectAccessReview> = Api::all(kube::Client::try_from(config).unwrap());
    let out = robot
        .create(&PostParams::default(), &review("delete"))
        .await
        .unwrap();
    assert!(!out.status.unwrap().allowed);
}
