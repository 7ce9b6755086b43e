//! Reference selection against a fixed advertisement.

use super::*;

fn oid(c: char) -> String {
    c.to_string().repeat(40)
}

fn adv() -> Advertisement {
    let mut adv = Advertisement::default();
    for (name, c) in [
        ("refs/heads/master", 'a'),
        ("refs/heads/main", 'b'),
        ("refs/tags/v1.0.0", 'c'),
        ("refs/tags/v1.2.0", 'd'),
        ("refs/tags/2.0.0", 'e'),
        ("refs/pull/1/head", 'f'),
    ] {
        adv.refs.insert(name.into(), oid(c));
    }
    adv.peeled.insert("refs/tags/v1.2.0".into(), oid('9'));
    adv
}

fn r(f: impl FnOnce(&mut Reference)) -> Reference {
    let mut r = Reference::default();
    f(&mut r);
    r
}

#[test]
fn empty_ref_tracks_master_shallowly() {
    let s = select(&Reference::default(), &adv()).unwrap();
    assert_eq!(s.revision(), format!("master@sha1:{}", oid('a')));
    assert_eq!(s.depth, Some(1));
}

#[test]
fn tags_resolve_to_the_peeled_commit() {
    let s = select(&r(|r| r.tag = Some("v1.2.0".into())), &adv()).unwrap();
    assert_eq!(s.revision(), format!("v1.2.0@sha1:{}", oid('9')));
    assert_eq!(s.tag_object, Some(oid('d')));
    let named = r(|r| r.name = Some("refs/tags/v1.0.0".into()));
    assert_eq!(select(&named, &adv()).unwrap().tag_object, Some(oid('c')));
    assert_eq!(
        select(&Reference::default(), &adv()).unwrap().tag_object,
        None
    );
}

#[test]
fn semver_picks_the_highest_matching_tag() {
    let s = select(&r(|r| r.semver = Some(">= 1.0.0 < 2.0.0".into())), &adv()).unwrap();
    assert_eq!(s.name.as_deref(), Some("v1.2.0"));
    let s = select(&r(|r| r.semver = Some("*".into())), &adv()).unwrap();
    assert_eq!(s.name.as_deref(), Some("2.0.0"));
    assert!(select(&r(|r| r.semver = Some(">5".into())), &adv()).is_err());
}

#[test]
fn precedence_is_commit_name_semver_tag_branch() {
    let all = r(|r| {
        r.branch = Some("main".into());
        r.tag = Some("v1.0.0".into());
        r.semver = Some("1.x".into());
        r.name = Some("refs/pull/1/head".into());
    });
    assert_eq!(
        select(&all, &adv()).unwrap().name.as_deref(),
        Some("refs/pull/1/head")
    );
    let mut with_commit = all.clone();
    with_commit.commit = Some(oid('7'));
    let s = select(&with_commit, &adv()).unwrap();
    assert_eq!(s.revision(), format!("main@sha1:{}", oid('7')));
    assert_eq!((s.wants, s.depth), (vec![oid('b')], None));
    let bare = r(|r| r.commit = Some(oid('7')));
    assert_eq!(
        select(&bare, &adv()).unwrap().revision(),
        format!("sha1:{}", oid('7'))
    );
}

#[test]
fn unknown_and_malformed_refs_are_errors() {
    let err = select(&r(|r| r.branch = Some("nope".into())), &adv()).unwrap_err();
    assert!(matches!(err, GitError::RefNotFound(_)), "{err}");
    for bad in ["../etc", "a..b", "-x", "a b", "x.lock"] {
        let err = select(&r(|r| r.branch = Some(bad.into())), &adv()).unwrap_err();
        assert!(matches!(err, GitError::InvalidRef(_)), "{bad}: {err}");
    }
    assert!(select(&r(|r| r.commit = Some("abc".into())), &adv()).is_err());
}
