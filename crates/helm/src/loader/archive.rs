//! Loading a chart archive (`.tgz`): every read bounded (archive, file and total
//! size), every entry contained (no absolute paths, no `..`, no links).

use std::io::Read;

use super::{MAX_ARCHIVE_SIZE, MAX_FILE_SIZE, MAX_TOTAL_SIZE, check_contained, load_files_at};
use crate::chart::{Chart, File};
use crate::error::{Error, Result};

/// Most entries accepted in one archive.
const MAX_ENTRIES: usize = 20_000;

/// Loads a chart from the bytes of a `.tgz` archive.
pub fn load_archive(data: &[u8]) -> Result<Chart> {
    load_archive_at(data, 0)
}

pub(super) fn load_archive_at(data: &[u8], depth: usize) -> Result<Chart> {
    let files = read_entries(data).map_err(|reason| Error::Load {
        chart: "archive".into(),
        reason,
    })?;
    load_files_at(files, depth)
}

fn read_entries(data: &[u8]) -> std::result::Result<Vec<File>, String> {
    if data.len() as u64 > MAX_ARCHIVE_SIZE {
        return Err(format!("archive is larger than {MAX_ARCHIVE_SIZE} bytes"));
    }
    let gz = flate2::read::GzDecoder::new(data);
    // The decompressed stream is bounded as a whole, whatever the headers claim.
    let bounded = gz.take(MAX_TOTAL_SIZE + 1);
    let mut archive = tar::Archive::new(bounded);
    let mut files = Vec::new();
    let mut total: u64 = 0;
    let entries = archive
        .entries()
        .map_err(|e| format!("reading archive: {e}"))?;
    for (count, entry) in entries.enumerate() {
        if count >= MAX_ENTRIES {
            return Err(format!("archive has more than {MAX_ENTRIES} entries"));
        }
        let mut entry = entry.map_err(|e| format!("reading archive: {e}"))?;
        let kind = entry.header().entry_type();
        if kind.is_dir() || kind.is_pax_global_extensions() || kind.is_pax_local_extensions() {
            continue;
        }
        let raw = entry
            .path()
            .map_err(|e| format!("bad entry path: {e}"))?
            .to_string_lossy()
            .replace('\\', "/");
        if kind.is_symlink() || kind.is_hard_link() {
            return Err(format!(
                "archive entry {raw:?} is a link, which charts may not contain"
            ));
        }
        if !kind.is_file() {
            continue;
        }
        check_contained(&raw)?;
        // The first segment is the chart's directory; paths are relative to it.
        let Some((_, name)) = raw.trim_start_matches("./").split_once('/') else {
            if raw == "Chart.yaml" {
                return Err("chart yaml not in base directory".into());
            }
            continue;
        };
        if name.is_empty() {
            continue;
        }
        let size = entry.header().size().unwrap_or(u64::MAX);
        if size > MAX_FILE_SIZE {
            return Err(format!(
                "file {name:?} is larger than the maximum file size {MAX_FILE_SIZE}"
            ));
        }
        let mut buf = Vec::with_capacity(size as usize);
        (&mut entry)
            .take(MAX_FILE_SIZE + 1)
            .read_to_end(&mut buf)
            .map_err(|e| format!("reading {name:?}: {e}"))?;
        if buf.len() as u64 > MAX_FILE_SIZE {
            return Err(format!(
                "file {name:?} is larger than the maximum file size {MAX_FILE_SIZE}"
            ));
        }
        total += buf.len() as u64;
        if total > MAX_TOTAL_SIZE {
            return Err(format!(
                "decompressed chart is larger than {MAX_TOTAL_SIZE} bytes"
            ));
        }
        if buf.starts_with(b"\xEF\xBB\xBF") {
            buf.drain(..3);
        }
        files.push(File {
            name: name.to_string(),
            data: buf,
        });
    }
    if files.is_empty() {
        return Err("no files in chart archive".into());
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::GzEncoder;

    enum Entry<'a> {
        File(&'a str, &'a [u8]),
        Symlink(&'a str, &'a str),
    }

    fn tgz(entries: &[Entry<'_>]) -> Vec<u8> {
        let mut builder = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::fast()));
        for e in entries {
            let mut header = tar::Header::new_gnu();
            match e {
                Entry::File(path, data) => {
                    header.set_size(data.len() as u64);
                    header.set_mode(0o644);
                    header.set_entry_type(tar::EntryType::Regular);
                    // Written by hand so hostile paths (`..`) reach the archive.
                    let name = header.as_old_mut();
                    name.name[..path.len()].copy_from_slice(path.as_bytes());
                    header.set_cksum();
                    builder.append(&header, *data).unwrap();
                }
                Entry::Symlink(path, target) => {
                    header.set_size(0);
                    header.set_entry_type(tar::EntryType::Symlink);
                    builder.append_link(&mut header, path, target).unwrap();
                }
            }
        }
        builder.into_inner().unwrap().finish().unwrap()
    }

    const CHART: &[u8] = b"apiVersion: v2\nname: demo\nversion: 1.0.0\n";

    #[test]
    fn loads_a_chart_with_a_vendored_subchart_archive() {
        let sub = tgz(&[Entry::File(
            "sub/Chart.yaml",
            b"apiVersion: v2\nname: sub\nversion: 0.1.0\n",
        )]);
        let data = tgz(&[
            Entry::File("demo/Chart.yaml", CHART),
            Entry::File("demo/values.yaml", b"a: 1\n"),
            Entry::File("demo/templates/cm.yaml", b"kind: ConfigMap\n"),
            Entry::File("demo/charts/sub-0.1.0.tgz", &sub),
        ]);
        let chart = load_archive(&data).unwrap();
        assert_eq!(chart.name(), "demo");
        assert_eq!(chart.templates.len(), 1);
        assert_eq!(chart.dependencies[0].name(), "sub");
        assert_eq!(chart.dependencies[0].full_path(), "demo/charts/sub");
    }

    #[test]
    fn rejects_paths_leaving_the_chart() {
        let data = tgz(&[
            Entry::File("demo/Chart.yaml", CHART),
            Entry::File("demo/../../etc/x", b"x"),
        ]);
        let err = load_archive(&data).unwrap_err().to_string();
        assert!(err.contains("parent directory"), "{err}");
    }

    #[test]
    fn rejects_links() {
        let data = tgz(&[
            Entry::File("demo/Chart.yaml", CHART),
            Entry::Symlink("demo/values.yaml", "/etc/passwd"),
        ]);
        let err = load_archive(&data).unwrap_err().to_string();
        assert!(err.contains("link"), "{err}");
    }

    #[test]
    fn a_decompression_bomb_is_stopped_at_the_file_limit() {
        let big = vec![0u8; (MAX_FILE_SIZE + 1) as usize];
        let data = tgz(&[
            Entry::File("demo/Chart.yaml", CHART),
            Entry::File("demo/zeros", &big),
        ]);
        assert!(data.len() < 1024 * 1024, "the archive itself is small");
        let err = load_archive(&data).unwrap_err().to_string();
        assert!(err.contains("maximum file size"), "{err}");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(load_archive(b"not a gzip stream").is_err());
        assert!(load_archive(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0]).is_err());
    }
}
