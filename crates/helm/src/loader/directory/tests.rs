use std::os::unix::fs::symlink;
use std::path::Path;

use super::*;

const CHART_YAML: &str = "apiVersion: v2\nname: c\nversion: 1.0.0\n";

fn write(root: &Path, rel: &str, content: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

/// A chart directory `chart/` inside a temporary directory that also holds
/// `outside/secret.txt` and `outside/dir/x.yaml`, for symlinks to point at.
fn chart() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("chart");
    write(&root, "Chart.yaml", CHART_YAML);
    write(&root, "templates/cm.yaml", "kind: ConfigMap\n");
    write(tmp.path(), "outside/secret.txt", "secret");
    write(tmp.path(), "outside/dir/x.yaml", "kind: Secret\n");
    (tmp, root)
}

fn load_reason(root: &Path) -> String {
    match load_dir(root) {
        Err(Error::Load { reason, .. }) => reason,
        other => panic!("expected a load error, got {other:?}"),
    }
}

fn names(chart: &Chart) -> Vec<&str> {
    chart
        .templates
        .iter()
        .chain(&chart.files)
        .map(|f| f.name.as_str())
        .collect()
}

#[test]
fn symlinked_file_leaving_the_chart_is_rejected() {
    let (tmp, root) = chart();
    symlink(
        tmp.path().join("outside/secret.txt"),
        root.join("files.txt"),
    )
    .unwrap();
    let reason = load_reason(&root);
    assert!(
        reason.contains("\"files.txt\" is a symlink pointing outside the chart"),
        "{reason}"
    );
}

#[test]
fn relative_symlink_climbing_out_of_the_chart_is_rejected() {
    let (_tmp, root) = chart();
    symlink("../../outside/secret.txt", root.join("templates/leak.txt")).unwrap();
    let reason = load_reason(&root);
    assert!(
        reason.contains("\"templates/leak.txt\" is a symlink pointing outside"),
        "{reason}"
    );
}

#[test]
fn symlinked_directory_leaving_the_chart_is_rejected_even_when_ignored() {
    let (tmp, root) = chart();
    symlink(
        tmp.path().join("outside/dir"),
        root.join("templates/linked"),
    )
    .unwrap();
    write(&root, ".helmignore", "linked/\n");
    let reason = load_reason(&root);
    assert!(
        reason.contains("\"templates/linked\" is a symlink pointing outside"),
        "{reason}"
    );
}

#[test]
fn symlink_inside_a_symlinked_directory_is_checked_too() {
    let (tmp, root) = chart();
    write(&root, "real/ok.txt", "ok");
    symlink(
        tmp.path().join("outside/secret.txt"),
        root.join("real/leak.txt"),
    )
    .unwrap();
    symlink(root.join("real"), root.join("alias")).unwrap();
    let reason = load_reason(&root);
    assert!(
        reason.contains("\"alias/leak.txt\" is a symlink pointing outside"),
        "{reason}"
    );
}

#[test]
fn symlinks_inside_the_chart_are_followed() {
    let (_tmp, root) = chart();
    write(&root, "shared/data.txt", "shared data");
    symlink("../shared/data.txt", root.join("templates/data.txt")).unwrap();
    symlink(root.join("shared"), root.join("alias")).unwrap();
    let chart = load_dir(&root).unwrap();
    let data = |name: &str| {
        chart
            .templates
            .iter()
            .chain(&chart.files)
            .find(|f| f.name == name)
            .map(|f| f.data.clone())
    };
    assert_eq!(data("templates/data.txt").unwrap(), b"shared data");
    assert_eq!(data("alias/data.txt").unwrap(), b"shared data");
    assert_eq!(data("shared/data.txt").unwrap(), b"shared data");
}

#[test]
fn dangling_symlink_fails_to_resolve() {
    let (_tmp, root) = chart();
    symlink("nowhere.txt", root.join("broken.txt")).unwrap();
    let reason = load_reason(&root);
    assert!(reason.starts_with("resolving \"broken.txt\""), "{reason}");
}

#[test]
fn files_are_read_whole_in_lexical_order_without_bom() {
    let (_tmp, root) = chart();
    let big = "x".repeat(100_000);
    write(&root, "files/b.txt", &big);
    write(&root, "files/a.txt", "\u{FEFF}with bom");
    write(&root, "files/empty.txt", "");
    let chart = load_dir(&root).unwrap();
    assert_eq!(
        names(&chart),
        vec![
            "templates/cm.yaml",
            "files/a.txt",
            "files/b.txt",
            "files/empty.txt"
        ]
    );
    assert_eq!(chart.files[0].data, b"with bom");
    assert_eq!(chart.files[1].data, big.as_bytes());
    assert!(chart.files[2].data.is_empty());
}

#[test]
fn oversized_file_is_rejected() {
    let (_tmp, root) = chart();
    let file = std::fs::File::create(root.join("huge.bin")).unwrap();
    file.set_len(MAX_FILE_SIZE + 1).unwrap();
    let reason = load_reason(&root);
    assert!(
        reason.contains("\"huge.bin\" is larger than the maximum file size"),
        "{reason}"
    );
}

#[test]
fn oversized_helmignore_is_rejected_before_it_is_read() {
    let (_tmp, root) = chart();
    let file = std::fs::File::create(root.join(".helmignore")).unwrap();
    file.set_len(MAX_FILE_SIZE + 1).unwrap();
    let reason = load_reason(&root);
    assert!(
        reason.contains("\".helmignore\" is larger than the maximum file size"),
        "{reason}"
    );
}

#[test]
fn helmignore_rules_apply_and_the_file_itself_is_loaded() {
    let (_tmp, root) = chart();
    write(&root, ".helmignore", "*.bak\nsecret/\n");
    write(&root, "notes.bak", "old");
    write(&root, "secret/key", "k");
    write(&root, "templates/.hidden.yaml", "x");
    let chart = load_dir(&root).unwrap();
    assert_eq!(names(&chart), vec!["templates/cm.yaml", ".helmignore"]);
    assert_eq!(chart.files[0].data, b"*.bak\nsecret/\n");
}

#[test]
fn malformed_helmignore_fails_the_load() {
    let (_tmp, root) = chart();
    write(&root, ".helmignore", "**/x\n");
    let reason = load_reason(&root);
    assert!(reason.starts_with(".helmignore: "), "{reason}");
}
