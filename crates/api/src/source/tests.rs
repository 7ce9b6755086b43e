//! Unit tests of the source kinds' fixtures and defaults.

use super::*;

#[test]
fn unset_fields_read_as_their_documented_defaults() {
    let git = GitRepository::fixture("ns", "repo", "https://example.com/repo");
    assert_eq!(git.spec.timeout(), "60s");
    assert_eq!(git.spec.provider(), GitProvider::Generic);
    assert_eq!(git.spec.reference().branch.as_deref(), Some("master"));
    assert_eq!(
        git.with_branch("main").spec.reference().branch.as_deref(),
        Some("main")
    );

    let chart = HelmChart::fixture("ns", "chart", "repo", "podinfo");
    assert_eq!(chart.spec.version(), "*");
    assert_eq!(
        chart.spec.reconcile_strategy(),
        ReconcileStrategy::ChartVersion
    );

    let repo = HelmRepository::fixture("ns", "repo", "https://charts.example.com");
    assert_eq!(repo.spec.repository_type(), HelmRepositoryType::Default);
    assert_eq!(
        Bucket::fixture("ns", "b", "s3.example.com", "b")
            .spec
            .provider(),
        BucketProvider::Generic
    );
    assert_eq!(
        OCIRepository::fixture("ns", "o", "oci://r/a")
            .spec
            .provider(),
        CloudProvider::Generic
    );
}

#[test]
fn fixtures_serialise_with_flux_field_names() {
    let git = GitRepository::fixture("flux-system", "podinfo", "https://example.com/repo")
        .with_branch("main")
        .with_secret("auth");
    let json = serde_json::to_value(&git).unwrap();
    assert_eq!(json["apiVersion"], API_VERSION);
    assert_eq!(json["kind"], "GitRepository");
    assert_eq!(json["metadata"]["namespace"], "flux-system");
    assert_eq!(json["spec"]["ref"]["branch"], "main");
    assert_eq!(json["spec"]["secretRef"]["name"], "auth");
    assert_eq!(
        json["spec"].as_object().unwrap().len(),
        4,
        "unset fields are omitted: {json}"
    );
}

#[test]
fn enums_use_flux_spellings() {
    let modes = [
        GitVerificationMode::LegacyHead,
        GitVerificationMode::Head,
        GitVerificationMode::Tag,
        GitVerificationMode::TagAndHead,
    ];
    let spelled: Vec<_> = modes
        .iter()
        .map(|m| serde_json::to_value(m).unwrap())
        .collect();
    assert_eq!(spelled, ["head", "HEAD", "Tag", "TagAndHEAD"]);
    assert_eq!(
        serde_json::to_value(HelmRepositoryType::Oci).unwrap(),
        "oci"
    );
    assert_eq!(
        serde_json::to_value(BucketStsProvider::Ldap).unwrap(),
        "ldap"
    );
}
