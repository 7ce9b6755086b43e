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
