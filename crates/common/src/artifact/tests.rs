//! Unit tests of the artifact module: reproducibility, filtering, limits, hostile
//! archives, storage layout and garbage collection.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use super::*;

fn tree(root: &Path, files: &[(&str, &str)]) {
    for (path, content) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
}

fn archive_bytes(root: &Path, ignore: Option<&str>) -> Vec<u8> {
    let filter = Filter::load(root, ignore).unwrap();
    let mut out = Vec::new();
    write_archive(root, &filter, &mut out, DEFAULT_MAX_SIZE).unwrap();
    out
}

fn listing(bytes: &[u8]) -> Vec<(String, u32, u64, u64)> {
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(bytes));
    tar.entries()
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let h = e.header();
            (
                e.path().unwrap().to_string_lossy().into_owned(),
                h.mode().unwrap(),
                h.mtime().unwrap(),
                h.uid().unwrap(),
            )
        })
        .collect()
}

fn names(bytes: &[u8]) -> Vec<String> {
    listing(bytes).into_iter().map(|e| e.0).collect()
}

#[test]
fn two_archives_of_the_same_tree_are_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    // Written in different orders, at different times.
    tree(
        a.path(),
        &[("z.yaml", "z"), ("dir/a.yaml", "a"), ("b.yaml", "b")],
    );
    tree(
        b.path(),
        &[("b.yaml", "b"), ("dir/a.yaml", "a"), ("z.yaml", "z")],
    );
    let old = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
    std::fs::File::options()
        .write(true)
        .open(b.path().join("z.yaml"))
        .unwrap()
        .set_modified(old)
        .unwrap();
    assert_eq!(archive_bytes(a.path(), None), archive_bytes(b.path(), None));
    assert_eq!(archive_bytes(a.path(), None), archive_bytes(a.path(), None));
}

#[test]
fn entries_are_sorted_owned_by_root_with_zero_mtime_and_fixed_modes() {
    let dir = tempfile::tempdir().unwrap();
    tree(
        dir.path(),
        &[("run.sh", "#!/bin/sh"), ("app/deploy.yaml", "kind: X")],
    );
    std::fs::set_permissions(
        dir.path().join("run.sh"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    let entries = listing(&archive_bytes(dir.path(), None));
    assert_eq!(
        entries,
        vec![
            ("app/".to_owned(), 0o750, 0, 0),
            ("app/deploy.yaml".to_owned(), 0o600, 0, 0),
            ("run.sh".to_owned(), 0o700, 0, 0),
        ]
    );
}

#[test]
fn default_exclusions_apply_unless_the_spec_gives_rules() {
    let dir = tempfile::tempdir().unwrap();
    tree(
        dir.path(),
        &[
            (".git/HEAD", "ref"),
            (".github/ci.yaml", "x"),
            ("logo.png", "x"),
            ("app.yaml", "x"),
            ("secret.txt", "x"),
        ],
    );
    assert_eq!(
        names(&archive_bytes(dir.path(), None)),
        vec!["app.yaml", "secret.txt"]
    );
    assert_eq!(
        names(&archive_bytes(dir.path(), Some("*.txt\n"))),
        vec![".github/", ".github/ci.yaml", "app.yaml", "logo.png"]
    );
}

#[test]
fn sourceignore_files_apply_in_their_directory_and_the_spec_overrules_them() {
    let dir = tempfile::tempdir().unwrap();
    tree(
        dir.path(),
        &[
            (".sourceignore", "*.md\n"),
            ("README.md", "x"),
            ("app/.sourceignore", "local.yaml\n"),
            ("app/local.yaml", "x"),
            ("app/deploy.yaml", "x"),
            ("local.yaml", "x"),
        ],
    );
    assert_eq!(
        names(&archive_bytes(dir.path(), None)),
        vec![
            ".sourceignore",
            "app/",
            "app/.sourceignore",
            "app/deploy.yaml",
            "local.yaml"
        ]
    );
    let names = names(&archive_bytes(dir.path(), Some("!README.md\n")));
    assert!(names.contains(&"README.md".to_owned()), "{names:?}");
}

#[test]
fn symlinks_inside_the_tree_are_left_out_and_escaping_ones_rejected() {
    let dir = tempfile::tempdir().unwrap();
    tree(dir.path(), &[("a.yaml", "x")]);
    std::os::unix::fs::symlink("a.yaml", dir.path().join("b.yaml")).unwrap();
    assert_eq!(names(&archive_bytes(dir.path(), None)), vec!["a.yaml"]);
    std::os::unix::fs::symlink("../../etc/passwd", dir.path().join("evil")).unwrap();
    let filter = Filter::load(dir.path(), None).unwrap();
    let err = write_archive(dir.path(), &filter, Vec::new(), DEFAULT_MAX_SIZE).unwrap_err();
    assert!(
        matches!(err, ArtifactError::SymlinkEscapes { ref path } if path == "evil"),
        "{err}"
    );
}

#[test]
fn archives_over_the_size_limit_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let noise: String = (0..200_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            char::from(b'a' + (state % 26) as u8)
        })
        .collect();
    tree(dir.path(), &[("big.txt", &noise)]);
    let filter = Filter::load(dir.path(), None).unwrap();
    let err = write_archive(dir.path(), &filter, Vec::new(), 10_000).unwrap_err();
    assert!(
        matches!(err, ArtifactError::TooLarge { limit: 10_000 }),
        "{err}"
    );
}

fn hostile_archive(name: &[u8], kind: tar::EntryType) -> Vec<u8> {
    let mut header = tar::Header::new_gnu();
    header.as_old_mut().name[..name.len()].copy_from_slice(name);
    header.set_entry_type(kind);
    header.set_size(1);
    header.set_mode(0o600);
    header.set_cksum();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut tar = tar::Builder::new(&mut gz);
    tar.append(&header, &b"x"[..]).unwrap();
    tar.finish().unwrap();
    drop(tar);
    gz.finish().unwrap()
}

#[test]
fn untar_rejects_hostile_entries() {
    for (name, kind) in [
        (&b"../evil"[..], tar::EntryType::Regular),
        (b"/etc/evil", tar::EntryType::Regular),
        (b"a/../../evil", tar::EntryType::Regular),
        (b"link", tar::EntryType::Symlink),
        (b"hard", tar::EntryType::Link),
    ] {
        let dest = tempfile::tempdir().unwrap();
        let result = untar(
            &hostile_archive(name, kind)[..],
            dest.path(),
            DEFAULT_MAX_SIZE,
        );
        assert!(result.is_err(), "{}", String::from_utf8_lossy(name));
    }
}

#[test]
fn untar_round_trips_an_archive_within_its_limit() {
    let src = tempfile::tempdir().unwrap();
    tree(
        src.path(),
        &[("app/deploy.yaml", "kind: X"), ("b.yaml", "bb")],
    );
    let bytes = archive_bytes(src.path(), None);
    verify_digest(&bytes, &sha256_digest(&bytes)).unwrap();
    assert!(verify_digest(&bytes, "sha256:00").is_err());
    let dest = tempfile::tempdir().unwrap();
    untar(&bytes[..], dest.path(), 1024).unwrap();
    assert_eq!(
        std::fs::read_to_string(dest.path().join("app/deploy.yaml")).unwrap(),
        "kind: X"
    );
    let small = tempfile::tempdir().unwrap();
    assert!(matches!(
        untar(&bytes[..], small.path(), 4),
        Err(ArtifactError::TooLarge { .. })
    ));
}

#[test]
fn storage_writes_atomically_links_latest_and_refuses_escapes() {
    let root = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    tree(src.path(), &[("a.yaml", "x")]);
    let storage =
        Storage::new(root.path(), "source.flux:9090", RetentionPolicy::default()).unwrap();
    let dir = Storage::object_dir("GitRepository", "default", "podinfo");
    assert_eq!(dir, "gitrepository/default/podinfo");
    let _lock = storage.lock(&dir).unwrap();
    let filter = Filter::load(src.path(), None).unwrap();
    let stored = storage
        .archive(
            &format!("{dir}/abc.tar.gz"),
            src.path(),
            &filter,
            DEFAULT_MAX_SIZE,
        )
        .unwrap();
    assert_eq!(
        stored.url,
        "http://source.flux:9090/gitrepository/default/podinfo/abc.tar.gz"
    );
    let (digest, size) = digest_file(&root.path().join(&stored.path)).unwrap();
    assert_eq!((digest, size), (stored.digest.clone(), stored.size));
    let latest = storage.link_latest(&stored.path).unwrap();
    assert_eq!(
        latest,
        "http://source.flux:9090/gitrepository/default/podinfo/latest.tar.gz"
    );
    assert_eq!(
        std::fs::read(root.path().join(&dir).join(LATEST_FILE))
            .unwrap()
            .len() as u64,
        stored.size
    );
    assert!(storage.exists(&stored.path));
    assert!(storage.local_path("../x").is_err());
    assert!(storage.local_path("/etc/passwd").is_err());
    storage.remove_all(&dir).unwrap();
    assert!(!root.path().join(&dir).exists());
}

#[test]
fn garbage_collection_keeps_the_newest_records_and_drops_expired_files() {
    let root = tempfile::tempdir().unwrap();
    let policy = RetentionPolicy {
        ttl: Duration::from_secs(3600),
        records: 2,
    };
    let storage = Storage::new(root.path(), "localhost", policy).unwrap();
    let dir = root.path().join("gitrepository/ns/name");
    std::fs::create_dir_all(&dir).unwrap();
    for (i, name) in ["1.tar.gz", "2.tar.gz", "3.tar.gz"].iter().enumerate() {
        let mut f = std::fs::File::create(dir.join(name)).unwrap();
        f.write_all(b"x").unwrap();
        let t = std::time::SystemTime::now() - Duration::from_secs(100 - i as u64 * 10);
        f.set_modified(t).unwrap();
    }
    let deleted = storage
        .garbage_collect("gitrepository/ns/name/3.tar.gz")
        .unwrap();
    assert_eq!(deleted, vec!["1.tar.gz"]);
    let expiring = Storage::new(
        root.path(),
        "localhost",
        RetentionPolicy {
            ttl: Duration::from_secs(1),
            records: 5,
        },
    )
    .unwrap();
    let deleted = expiring
        .garbage_collect("gitrepository/ns/name/3.tar.gz")
        .unwrap();
    assert_eq!(deleted, vec!["2.tar.gz"]);
    assert!(dir.join("3.tar.gz").exists());
}
