//! Remote resources through a `RemoteLoader`: refused without one, built like
//! local content with one, and confined to what the loader returned.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::sync::Arc;

use oxbow_kustomize::{
    BuildError, BuildOptions, FsError, MemoryFs, RemoteContent, RemoteError, RemoteKind,
    RemoteLoader, RemoteTarget, build_documents, build_yaml,
};

const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";

/// Serves fixed content per URL, as a network would.
#[derive(Debug, Default)]
struct Fixed(HashMap<String, RemoteContent>);

impl Fixed {
    fn file(mut self, url: &str, text: &str) -> Self {
        self.0
            .insert(url.into(), RemoteContent::File(text.as_bytes().to_vec()));
        self
    }

    fn tree(mut self, url: &str, fs: MemoryFs) -> Self {
        self.0.insert(url.into(), RemoteContent::Tree(fs));
        self
    }

    fn opts(self) -> BuildOptions {
        BuildOptions {
            remote: Some(Arc::new(self)),
            ..Default::default()
        }
    }
}

impl RemoteLoader for Fixed {
    fn load(&self, target: &RemoteTarget) -> Result<RemoteContent, RemoteError> {
        self.0
            .get(&target.url)
            .cloned()
            .ok_or_else(|| RemoteError::Status {
                url: target.url.clone(),
                status: 404,
            })
    }
}

fn local(resources: &str) -> MemoryFs {
    MemoryFs::new()
        .with("kustomization.yaml", &format!("resources:\n{resources}"))
        .with(
            "secret.yaml",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n",
        )
}

#[test]
fn without_a_loader_the_error_names_the_url_and_how_to_enable_remotes() {
    let fs = local("- https://example.com/cm.yaml\n");
    let err = build_documents(&fs, "", &BuildOptions::default()).unwrap_err();
    assert!(matches!(err, BuildError::Remote(_)), "{err}");
    let text = err.to_string();
    assert!(text.contains("https://example.com/cm.yaml"), "{text}");
    assert!(text.contains("--allow-remote-resources"), "{text}");
}

#[test]
fn a_remote_file_is_built_like_a_local_one() {
    let url = "https://example.com/cm.yaml";
    let fs = local(&format!("- {url}\n")).with(
        "kustomization.yaml",
        &format!("namePrefix: p-\nresources:\n- {url}\n"),
    );
    let got = build_yaml(&fs, "", &Fixed::default().file(url, CM).opts()).unwrap();
    let want = MemoryFs::new()
        .with(
            "kustomization.yaml",
            "namePrefix: p-\nresources:\n- cm.yaml\n",
        )
        .with("cm.yaml", CM);
    assert_eq!(
        got,
        build_yaml(&want, "", &BuildOptions::default()).unwrap()
    );
}

#[test]
fn a_git_remote_builds_its_root_and_may_use_siblings_inside_the_repository() {
    let url = "github.com/org/repo//apps/web?ref=v1";
    let repo = MemoryFs::new()
        .with(
            "apps/web/kustomization.yaml",
            "resources:\n- cm.yaml\n- ../../common\n",
        )
        .with("apps/web/cm.yaml", CM)
        .with("common/kustomization.yaml", "resources:\n- sa.yaml\n")
        .with(
            "common/sa.yaml",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n",
        );
    let fs = local(&format!("- {url}\n- secret.yaml\n"));
    let docs = build_documents(&fs, "", &Fixed::default().tree(url, repo).opts()).unwrap();
    let names: Vec<_> = docs
        .iter()
        .map(|d| d["metadata"]["name"].as_str().unwrap())
        .collect();
    // Legacy order: ServiceAccount before ConfigMap before Secret.
    assert_eq!(names, ["sa", "c", "s"]);
}

#[test]
fn a_remote_kustomization_cannot_reach_back_into_the_local_tree() {
    let url = "https://example.com/org/repo.git";
    for escape in ["../secret.yaml", "../../secret.yaml", "..", "/secret.yaml"] {
        let repo = MemoryFs::new().with("kustomization.yaml", &format!("resources:\n- {escape}\n"));
        let fs = local(&format!("- {url}\n"));
        let err = build_documents(&fs, "", &Fixed::default().tree(url, repo).opts()).unwrap_err();
        assert!(
            matches!(err, BuildError::Fs(FsError::OutsideRoot(_))),
            "{escape}: {err}"
        );
    }
}

#[test]
fn a_git_url_whose_root_leaves_the_repository_is_refused() {
    let fs = local("- https://example.com/org/repo//../x\n");
    let err = build_documents(&fs, "", &Fixed::default().opts()).unwrap_err();
    assert!(
        matches!(err, BuildError::RemoteLoad(RemoteError::InvalidUrl { .. })),
        "{err}"
    );
}

#[test]
fn cycles_across_remotes_are_detected() {
    let (a, b) = ("github.com/org/a?ref=v1", "github.com/org/b//x?ref=v1");
    let fixed = Fixed::default()
        .tree(
            a,
            MemoryFs::new().with("kustomization.yaml", &format!("resources:\n- {b}\n")),
        )
        .tree(
            b,
            MemoryFs::new().with("x/kustomization.yaml", &format!("resources:\n- {a}\n")),
        );
    let err = build_documents(&local(&format!("- {a}\n")), "", &fixed.opts()).unwrap_err();
    assert!(
        matches!(err, BuildError::RemoteLoad(RemoteError::Cycle { .. })),
        "{err}"
    );
}

#[test]
fn remote_components_are_applied() {
    let url = "https://example.com/org/components.git//label";
    let repo = MemoryFs::new().with(
        "label/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonLabels:\n  team: a\n",
    );
    let fs = MemoryFs::new()
        .with(
            "kustomization.yaml",
            &format!("resources:\n- cm.yaml\ncomponents:\n- {url}\n"),
        )
        .with("cm.yaml", CM);
    let docs = build_documents(&fs, "", &Fixed::default().tree(url, repo).opts()).unwrap();
    assert_eq!(docs[0]["metadata"]["labels"]["team"], "a");
}

#[test]
fn loader_errors_and_remote_patch_files_name_the_url() {
    let url = "https://example.com/missing.yaml";
    let err =
        build_documents(&local(&format!("- {url}\n")), "", &Fixed::default().opts()).unwrap_err();
    assert!(err.to_string().contains(url), "{err}");
    let fs = MemoryFs::new()
        .with(
            "kustomization.yaml",
            &format!("resources:\n- cm.yaml\npatches:\n- path: {url}\n"),
        )
        .with("cm.yaml", CM);
    let err = build_documents(&fs, "", &Fixed::default().opts()).unwrap_err();
    assert!(matches!(err, BuildError::RemoteFile(_)), "{err}");
}

#[test]
fn loaders_see_the_parsed_git_spec() {
    let t =
        RemoteTarget::parse("git::https://gitlab.com/g/r.git//base?ref=v2&timeout=90s").unwrap();
    let RemoteKind::Git(spec) = &t.kind else {
        panic!("{t:?}")
    };
    assert_eq!(spec.clone_spec(), "https://gitlab.com/g/r.git");
    assert_eq!(
        (spec.kust_root_path.as_str(), spec.git_ref.as_str()),
        ("base", "v2")
    );
    assert_eq!(spec.timeout.as_secs(), 90);
    assert_eq!(t.root(), "base");
}

#[test]
fn oversized_remote_content_is_refused_whatever_the_loader() {
    let url = "https://example.com/big.yaml";
    let big = format!("{CM}data:\n  x: \"{}\"\n", "a".repeat(33 * 1024 * 1024));
    let err = build_documents(
        &local(&format!("- {url}\n")),
        "",
        &Fixed::default().file(url, &big).opts(),
    )
    .unwrap_err();
    assert!(
        matches!(err, BuildError::RemoteLoad(RemoteError::TooLarge { .. })),
        "{err}"
    );
}

#[test]
fn remote_file_origins_are_cleaned_like_kustomize_does() {
    // kubectl kustomize v5.5.0 prints `base/http:/127.0.0.1:18933/cm.yaml` here.
    let url = "http://127.0.0.1:18933/cm.yaml";
    let fs = MemoryFs::new()
        .with(
            "kustomization.yaml",
            "buildMetadata: [originAnnotations]\nresources:\n- base\n",
        )
        .with("base/kustomization.yaml", &format!("resources:\n- {url}\n"));
    let out = build_yaml(&fs, "", &Fixed::default().file(url, CM).opts()).unwrap();
    assert!(
        out.contains("path: base/http:/127.0.0.1:18933/cm.yaml\n"),
        "{out}"
    );
}
