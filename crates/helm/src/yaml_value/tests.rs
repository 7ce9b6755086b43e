use super::*;

/// serde_yaml's own reading of `text`, errors as text.
fn reference(text: &str) -> Result<Value, String> {
    serde_yaml::from_str(text).map_err(|e| e.to_string())
}

/// Checks every fast answer for `text` against serde_yaml; whether
/// [`from_str_fast`] answered.
fn agrees(text: &str) -> bool {
    if let Some(raw) = document(text)
        && check(&raw, 0).is_some()
    {
        // Whatever the line break at the end, serde_yaml accepts the text.
        let with_break = format!("{text}\n");
        let terminated = if text.ends_with('\n') {
            text
        } else {
            &with_break
        };
        assert!(reference(text).is_ok(), "check accepted {text:?}");
        assert_eq!(
            to_value(&raw, 0).map(Ok),
            Some(reference(terminated)),
            "{text:?}"
        );
    }
    if let Some(top) = top_level_fast(text, &["kind", "metadata"]) {
        let expected = reference(text).map(|v| match v {
            Value::Mapping(m) => Value::Mapping(
                m.into_iter()
                    .filter(|(k, _)| k == "kind" || k == "metadata")
                    .collect(),
            ),
            other => other,
        });
        assert_eq!(Ok(top), expected, "{text:?}");
    }
    let Some(fast) = from_str_fast(text) else {
        return false;
    };
    assert_eq!(Ok(fast), reference(text), "{text:?}");
    true
}

#[test]
fn plain_scalars_resolve_like_serde_yaml() {
    let scalars = [
        "1.0",
        "1.10",
        "1.2.3",
        "0.1.0",
        "0755",
        "0x1F",
        "-0x1F",
        "0o17",
        "-0o17",
        "0b101",
        "-0b101",
        "0x",
        "0x-1",
        "+0x1",
        "+5",
        "-5",
        "-0",
        "+-5",
        "-+5",
        "++5",
        "+",
        "1e5",
        "1E+5",
        ".5",
        "+.5",
        "-.5",
        "1.",
        "0.",
        "00",
        "0",
        "-00",
        "+00",
        ".inf",
        "-.inf",
        "+.inf",
        ".Inf",
        ".NAN",
        ".nan",
        "+.nan",
        "-.nan",
        "inf",
        "nan",
        "infinity",
        "1e999",
        "-1e999",
        "1_000",
        "yes",
        "no",
        "on",
        "off",
        "y",
        "~",
        "null",
        "Null",
        "NULL",
        "nULL",
        "true",
        "True",
        "TRUE",
        "tRUE",
        "false",
        "2024-01-02",
        "v1",
        "1.0.0-rc.1",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "18446744073709551615",
    ];
    let mut missed = Vec::new();
    for s in scalars {
        for text in [
            format!("k: {s}\n"),
            format!("{s}: v\n"),
            format!("- {s}\n"),
            format!("k: [{s}]\n"),
        ] {
            if !agrees(&text) {
                missed.push(text);
            }
        }
    }
    assert_eq!(missed, Vec::<String>::new());
}

#[test]
fn integers_beyond_64_bits_are_left_to_serde_yaml() {
    for s in [
        "18446744073709551616",
        "-9223372036854775809",
        "0x10000000000000000",
    ] {
        let text = format!("k: {s}\n");
        assert!(!agrees(&text), "{s}");
    }
}

#[test]
fn quoted_and_block_scalars_are_text() {
    assert!(agrees(
        "a: '1.0'\nb: \"true\"\nc: |\n  1.0\nd: >-\n  x\n  y\ne: ''\n"
    ));
    let mut expected = Mapping::new();
    expected.insert(Value::String("a".into()), Value::String("1".into()));
    assert_eq!(from_str_fast("a: \"1\"\n"), Some(Value::Mapping(expected)));
}

#[test]
fn duplicate_keys_are_left_to_serde_yaml() {
    let many: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
    for text in [
        "a: 1\na: 2\n".to_string(),
        "a: 1\n\"a\": 2\n".to_string(),
        "1: a\n0x1: b\n".to_string(),
        "true: a\nTrue: b\n".to_string(),
        "~: a\nnull: b\n".to_string(),
        "m:\n  x: 1\n  x: 2\n".to_string(),
        format!("{many}k7: again\n"),
        format!("{many}'k39': again\n"),
    ] {
        assert!(reference(&text).is_err(), "{text:?}");
        assert!(!agrees(&text), "{text:?}");
        assert!(document(&text).and_then(|r| check(&r, 0)).is_none());
    }
    assert!(agrees(&many));
    assert!(agrees("1: a\n1.0: b\n'1': c\n"));
}

#[test]
fn deep_nesting_aliases_and_unterminated_texts_are_left_to_serde_yaml() {
    let mut deep = String::new();
    for i in 0..MAX_DEPTH + 2 {
        deep.push_str(&" ".repeat(i));
        deep.push_str("a:\n");
    }
    assert!(!agrees(&deep));
    assert!(!agrees("a: &x 1\nb: *x\n"));
    assert!(agrees("a: &x 1\nb: x\n"));
    assert!(!agrees("a: |\n  x"));
    // Not covered by the fast reader, still compared where it answers.
    for text in ["# only a comment\n", "k: -\n", "- - 1\n  - 2\n"] {
        assert!(!agrees(text), "{text:?}");
    }
    // A block scalar ending a text without a line break.
    assert_eq!(top_level_fast("kind: |\n  x", &["kind"]), None);
    assert!(top_level_fast("kind: |\n  x\nmetadata: {}", &["metadata"]).is_some());
    assert!(!agrees("a: !!str 1\n"));
    assert!(!agrees("a: 1\n---\nb: 2\n"));
}

#[test]
fn odd_documents_agree() {
    let mut missed = Vec::new();
    for text in [
        "---\n# c\n",
        "---\na: 1\n",
        "a: {b: [1, 2], 'c': \"d\"}\n",
        "\"quoted key\": 1\n'single': 2\n",
        "a:\n- 1\n- b: 2\n  c: 3\n",
        "a: plain\n  continued\n\n  after a blank\n",
        "a: x # comment\nb: 'it''s'\nc: \"\\u00e9\\n\"\n",
        "- 1\n- []\n- {}\n",
        "key:value\n",
        "a: |+\n  kept\n\nb: 1\n",
        "a: >\n  folded\n  text\n\n  more\n",
        "<<: {a: 1}\nb: 2\n",
    ] {
        if !agrees(text) {
            missed.push(text);
        }
    }
    assert_eq!(missed, Vec::<&str>::new());
}

/// Whether `path` is a YAML file.
fn is_yaml(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

/// Every file under the directories in `dirs` (`:`-separated), in no
/// particular order.
pub(crate) fn files_under(dirs: &str) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut stack: Vec<std::path::PathBuf> = dirs.split(':').map(Into::into).collect();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

/// Every YAML file under the directories in `$OXBOW_YAML_VALUE_DIFF`
/// (`:`-separated; default: the shared corpus, then also cut before and after
/// line breaks, about 128 cuts a file) up to 64 KiB; every `Chart.yaml` also
/// cut after every character.
#[test]
fn corpus_files_agree_with_serde_yaml() {
    let given = std::env::var("OXBOW_YAML_VALUE_DIFF").ok();
    // Line cuts of every file for the (small) shared corpus only.
    let line_cuts = given.is_none();
    let dirs =
        given.unwrap_or_else(|| format!("{}/../../../shared/corpus", env!("CARGO_MANIFEST_DIR")));
    let (mut files, mut taken, mut cases) = (0, 0, 0);
    for path in files_under(&dirs) {
        if !is_yaml(&path) || path.metadata().map_or(true, |m| m.len() > 64 * 1024) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        files += 1;
        taken += usize::from(agrees(&text));
        let cuts: Vec<usize> = if path.ends_with("Chart.yaml") {
            (1..text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect()
        } else if line_cuts {
            // Before and after each line break; about 128 of them spread
            // over a long file (every cut re-reads the text up to it).
            let all: Vec<usize> = text
                .match_indices('\n')
                .flat_map(|(i, _)| [i, i + 1])
                .collect();
            let step = all.len().div_ceil(128).max(1);
            all.into_iter().step_by(step).collect()
        } else {
            Vec::new()
        };
        for cut in cuts {
            cases += 1;
            agrees(&text[..cut]);
        }
    }
    eprintln!("fast path took {taken} of {files} files ({cases} cuts)");
    assert!(files == 0 || taken > 0);
}
