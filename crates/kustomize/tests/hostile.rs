//! Hostile inputs: path escapes, symlinks out of the root, cycles, YAML bombs,
//! huge files and malformed documents must fail cleanly, naming the problem.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oxbow_kustomize::{
    BuildError, BuildOptions, DiskFs, FsError, LoadRestrictor, MemoryFs, build_documents,
};

fn build(fs: &MemoryFs, dir: &str) -> Result<Vec<serde_yaml::Value>, BuildError> {
    build_documents(fs, dir, &BuildOptions::default())
}

const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";

#[test]
fn parent_paths_leaving_the_root_are_refused() {
    let fs = MemoryFs::new().with("app/kustomization.yaml", "resources:\n- ../../etc/passwd\n");
    let err = build(&fs, "app").unwrap_err();
    assert!(
        matches!(err, BuildError::Fs(FsError::OutsideRoot(_))),
        "{err}"
    );
    assert!(err.to_string().contains("../../etc/passwd"), "{err}");
}

#[test]
fn absolute_paths_are_refused() {
    let fs = MemoryFs::new().with("kustomization.yaml", "resources:\n- /etc/passwd\n");
    let err = build(&fs, "").unwrap_err();
    assert!(err.to_string().contains("/etc/passwd"), "{err}");
}

#[test]
fn files_outside_the_kustomization_need_load_restrictions_none() {
    let fs = MemoryFs::new()
        .with(
            "app/kustomization.yaml",
            "configMapGenerator:\n- name: x\n  files:\n  - ../secret.txt\n",
        )
        .with("secret.txt", "s3cr3t");
    let err = build(&fs, "app").unwrap_err();
    assert!(matches!(err, BuildError::Restricted { .. }), "{err}");
    let opts = BuildOptions {
        load_restrictor: LoadRestrictor::None,
        ..Default::default()
    };
    assert_eq!(build_documents(&fs, "app", &opts).unwrap().len(), 1);
}

#[test]
fn remote_resources_are_refused() {
    for remote in [
        "https://example.com/x.yaml",
        "github.com/org/repo//dir?ref=v1",
        "git::https://h/r.git",
    ] {
        let fs = MemoryFs::new().with("kustomization.yaml", &format!("resources:\n- {remote}\n"));
        let err = build(&fs, "").unwrap_err();
        assert!(matches!(err, BuildError::Remote(_)), "{remote}: {err}");
    }
}

#[test]
fn cycles_are_detected() {
    let fs = MemoryFs::new()
        .with("a/kustomization.yaml", "resources:\n- ../b\n")
        .with("b/kustomization.yaml", "resources:\n- ../a\n");
    let err = build(&fs, "a").unwrap_err();
    assert!(matches!(err, BuildError::Cycle { .. }), "{err}");
    let fs = MemoryFs::new().with("kustomization.yaml", "resources:\n- .\n");
    assert!(matches!(
        build(&fs, "").unwrap_err(),
        BuildError::Cycle { .. }
    ));
    let fs = MemoryFs::new()
        .with("k/kustomization.yaml", "components:\n- ../c\n")
        .with(
            "c/kustomization.yaml",
            "kind: Component\napiVersion: kustomize.config.k8s.io/v1alpha1\ncomponents:\n- ../c\n",
        );
    assert!(matches!(
        build(&fs, "k").unwrap_err(),
        BuildError::Cycle { .. }
    ));
}

#[test]
fn yaml_alias_bombs_are_bounded() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut prev = 'a';
    for name in ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] {
        bomb.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        prev = name;
    }
    let doc = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  {}",
        bomb.replace('\n', "\n  ")
    );
    let fs = MemoryFs::new()
        .with("kustomization.yaml", "resources:\n- bomb.yaml\n")
        .with("bomb.yaml", &doc);
    let started = std::time::Instant::now();
    assert!(build(&fs, "").is_err());
    assert!(started.elapsed().as_secs() < 10);
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let fs = MemoryFs::new()
        .with("kustomization.yaml", "resources:\n- deep.yaml\n")
        .with("deep.yaml", &deep);
    assert!(build(&fs, "").is_err());
}

#[test]
fn malformed_documents_fail_cleanly() {
    for bad in [
        "- just\n- a list\n",
        "kind: [\n",
        "apiVersion: v1\nmetadata: {name: x}\n",
        "'scalar'\n",
        "a: 1\na: 2\n",
    ] {
        let fs = MemoryFs::new()
            .with("kustomization.yaml", "resources:\n- bad.yaml\n")
            .with("bad.yaml", bad);
        assert!(build(&fs, "").is_err(), "{bad:?} should fail");
    }
    for bad in [
        "resources: 3\n",
        "unknownField: 1\n",
        "patches:\n- {}\n",
        "- a\n",
    ] {
        let fs = MemoryFs::new()
            .with("kustomization.yaml", bad)
            .with("cm.yaml", CM);
        assert!(build(&fs, "").is_err(), "{bad:?} should fail");
    }
}

#[test]
fn helm_charts_are_rejected() {
    let fs = MemoryFs::new().with("kustomization.yaml", "helmCharts:\n- name: x\n");
    assert!(matches!(build(&fs, "").unwrap_err(), BuildError::Helm(_)));
}

#[test]
fn missing_kustomization_names_the_directory() {
    let fs = MemoryFs::new().with("dir/cm.yaml", CM);
    let err = build(&fs, "dir").unwrap_err();
    assert!(err.to_string().contains("'dir'"), "{err}");
}

#[cfg(unix)]
#[test]
fn symlinks_leaving_the_root_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.yaml"), CM).unwrap();
    let root = tempfile::tempdir().unwrap();
    std::fs::write(
        root.path().join("kustomization.yaml"),
        "resources:\n- link.yaml\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.yaml"),
        root.path().join("link.yaml"),
    )
    .unwrap();
    let fs = DiskFs::new(root.path()).unwrap();
    let err = build_documents(&fs, "", &BuildOptions::default()).unwrap_err();
    assert!(
        matches!(err, BuildError::Fs(FsError::SymlinkEscape(_))),
        "{err}"
    );
    assert!(err.to_string().contains("link.yaml"), "{err}");
}

#[cfg(unix)]
#[test]
fn symlinks_inside_the_root_are_followed() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(
        root.path().join("kustomization.yaml"),
        "resources:\n- link.yaml\n",
    )
    .unwrap();
    std::fs::write(root.path().join("real.yaml"), CM).unwrap();
    std::os::unix::fs::symlink(root.path().join("real.yaml"), root.path().join("link.yaml"))
        .unwrap();
    let fs = DiskFs::new(root.path()).unwrap();
    assert_eq!(
        build_documents(&fs, "", &BuildOptions::default())
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn huge_files_are_refused() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(
        root.path().join("kustomization.yaml"),
        "resources:\n- big.yaml\n",
    )
    .unwrap();
    let big = format!("{CM}data:\n  x: \"{}\"\n", "a".repeat(2 * 1024 * 1024));
    std::fs::write(root.path().join("big.yaml"), big).unwrap();
    let fs = DiskFs::new(root.path())
        .unwrap()
        .with_max_file_size(1024 * 1024);
    let err = build_documents(&fs, "", &BuildOptions::default()).unwrap_err();
    assert!(
        matches!(err, BuildError::Fs(FsError::TooLarge { .. })),
        "{err}"
    );
}

#[test]
fn builds_run_in_parallel_without_shared_state() {
    let fs = MemoryFs::new()
        .with("kustomization.yaml", "namePrefix: p-\nresources:\n- cm.yaml\nconfigMapGenerator:\n- name: g\n  literals: [a=b]\n")
        .with("cm.yaml", CM);
    let want = build(&fs, "").unwrap();
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| assert_eq!(build(&fs, "").unwrap(), want));
        }
    });
}

#[test]
fn exponential_diamonds_are_bounded() {
    let mut fs = MemoryFs::new()
        .with("l0/kustomization.yaml", "resources:\n- cm.yaml\n")
        .with("l0/cm.yaml", CM);
    for level in 1..=20 {
        let k = format!(
            "resources:\n- ../l{prev}\n- ../l{prev}b\nnamePrefix: a{level}-\n",
            prev = level - 1
        );
        fs = fs.with(&format!("l{level}/kustomization.yaml"), &k);
        let kb = format!("resources:\n- ../l{}\nnamePrefix: b{level}-\n", level - 1);
        fs = fs.with(&format!("l{}b/kustomization.yaml", level - 1), &kb);
    }
    let started = std::time::Instant::now();
    assert!(build(&fs, "l20").is_err());
    assert!(started.elapsed().as_secs() < 120);
}
