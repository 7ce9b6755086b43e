//! Object metadata rules shared by every write: name validation, generateName, uid,
//! timestamps, `apiVersion`/`kind` checks and the generation rule.

use rand::Rng;
use serde_json::{Map, Value};

use crate::error::{ApiError, Cause};
use crate::registry::ResourceInfo;

/// Now as RFC 3339 with second precision, the format of `metav1.Time`.
pub fn now() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// A random version-4 UUID.
pub fn new_uid() -> String {
    let mut b: [u8; 16] = rand::rng().random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// `generateName` plus five random characters from kube-apiserver's alphabet.
pub fn generate_name(prefix: &str) -> String {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let mut rng = rand::rng();
    let suffix: String = (0..5)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    let keep = prefix.len().min(253 - 5);
    format!("{}{suffix}", &prefix[..keep])
}

fn is_dns_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn is_dns_subdomain(s: &str) -> bool {
    !s.is_empty() && s.len() <= 253 && s.split('.').all(is_dns_label)
}

/// Checks a name for the resource: RBAC objects allow path segments, namespaces and
/// services need DNS-1123 labels, everything else DNS-1123 subdomains.
pub fn validate_name(info: &ResourceInfo, name: &str) -> Option<Cause> {
    if name.is_empty() {
        return Some(Cause::new(
            "FieldValueRequired",
            "metadata.name",
            "Required value: name or generateName is required",
        ));
    }
    let (ok, what) = if info.group == "rbac.authorization.k8s.io" {
        let ok = name != "." && name != ".." && !name.contains('/') && !name.contains('%');
        (ok, "may not be '.' or '..' and may not contain '/' or '%'")
    } else if info.group.is_empty() && matches!(info.plural.as_str(), "namespaces" | "services") {
        (
            is_dns_label(name),
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        )
    } else {
        (
            is_dns_subdomain(name),
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        )
    };
    (!ok).then(|| {
        Cause::new(
            "FieldValueInvalid",
            "metadata.name",
            format!("Invalid value: \"{name}\": {what}"),
        )
    })
}

/// Splits `apiVersion` into group and version (`v1` is the core group).
pub fn split_api_version(api_version: &str) -> (&str, &str) {
    api_version.rsplit_once('/').unwrap_or(("", api_version))
}

/// Checks `apiVersion` and `kind` of a body against the URL's resource, filling them in
/// when absent.
pub fn check_type(info: &ResourceInfo, version: &str, obj: &mut Value) -> Result<(), ApiError> {
    let expected = info.api_version(version);
    let Some(map) = obj.as_object_mut() else {
        return Err(ApiError::BadRequest(
            "the body of the request must be a JSON object".into(),
        ));
    };
    match map.get("apiVersion").and_then(Value::as_str) {
        None => {
            map.insert("apiVersion".into(), Value::String(expected.clone()));
        }
        Some(v) if v == expected => {}
        Some(v) => {
            return Err(ApiError::BadRequest(format!(
                "the API version in the data ({v}) does not match the expected API version ({expected})"
            )));
        }
    }
    match map.get("kind").and_then(Value::as_str) {
        None => {
            map.insert("kind".into(), Value::String(info.kind.clone()));
        }
        Some(k) if k == info.kind => {}
        Some(k) => {
            return Err(ApiError::BadRequest(format!(
                "{k} in version \"{version}\" cannot be handled as a {}: the kind in the data does not match the URL",
                info.kind
            )));
        }
    }
    match map.get("metadata") {
        None | Some(Value::Null) => {
            map.insert("metadata".into(), Value::Object(Map::new()));
        }
        Some(Value::Object(_)) => {}
        Some(_) => {
            return Err(ApiError::BadRequest("metadata must be an object".into()));
        }
    }
    Ok(())
}

/// Whether anything outside `metadata` (and `status`, for resources with a status
/// subresource) differs: the rule for bumping `metadata.generation`.
pub fn spec_changed(info: &ResourceInfo, old: &Value, new: &Value) -> bool {
    let skip = |k: &str| {
        matches!(k, "metadata" | "apiVersion" | "kind")
            || (info.status_subresource && k == "status")
    };
    let (Some(o), Some(n)) = (old.as_object(), new.as_object()) else {
        return old != new;
    };
    let keys = o.keys().chain(n.keys()).filter(|k| !skip(k));
    for k in keys {
        if o.get(k) != n.get(k) {
            return true;
        }
    }
    false
}

/// Mutable access to `metadata`, which `check_type` guarantees is an object.
pub fn metadata_mut(obj: &mut Value) -> &mut Map<String, Value> {
    if !obj.get("metadata").is_some_and(Value::is_object) {
        obj["metadata"] = Value::Object(Map::new());
    }
    match obj.get_mut("metadata") {
        Some(Value::Object(m)) => m,
        // Unreachable: set to an object just above.
        _ => unreachable_metadata(),
    }
}

#[allow(clippy::panic)]
fn unreachable_metadata() -> ! {
    panic!("metadata was just set to an object")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_look_like_uuids() {
        let u = new_uid();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
    }

    #[test]
    fn generated_names_keep_the_prefix() {
        let n = generate_name("web-");
        assert!(n.starts_with("web-") && n.len() == 9);
    }

    #[test]
    fn dns_names_are_checked() {
        assert!(is_dns_subdomain("a.b-c"));
        assert!(!is_dns_subdomain("A"));
        assert!(!is_dns_subdomain("a_b"));
        assert!(!is_dns_label("a.b"));
    }
}
