//! Kustomize's legacy output order: some kinds first (Namespace, CRDs,
//! ServiceAccounts, ...), webhook configurations last, the rest by gvk and id.

use std::cmp::Ordering;

use crate::resid::{Gvk, ResId};
use crate::resource::Resource;

/// Kinds emitted first, in this order.
pub const ORDER_FIRST: [&str; 22] = [
    "Namespace",
    "ResourceQuota",
    "StorageClass",
    "CustomResourceDefinition",
    "ServiceAccount",
    "PodSecurityPolicy",
    "Role",
    "ClusterRole",
    "RoleBinding",
    "ClusterRoleBinding",
    "ConfigMap",
    "Secret",
    "Endpoints",
    "Service",
    "LimitRange",
    "PriorityClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "Deployment",
    "StatefulSet",
    "CronJob",
    "PodDisruptionBudget",
];

/// Kinds emitted last, in this order.
pub const ORDER_LAST: [&str; 2] = [
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

fn rank(kind: &str, first: &[String], last: &[String]) -> i64 {
    if let Some(i) = first.iter().position(|k| k == kind) {
        return i as i64 - first.len() as i64;
    }
    if let Some(i) = last.iter().position(|k| k == kind) {
        return 1 + i as i64;
    }
    0
}

fn or_marker<'a>(s: &'a str, marker: &'a str) -> &'a str {
    if s.is_empty() { marker } else { s }
}

fn gvk_sort_string(g: &Gvk) -> String {
    format!(
        "{}_{}_{}",
        or_marker(&g.group, "~G"),
        or_marker(&g.version, "~V"),
        or_marker(&g.kind, "~K")
    )
}

fn id_sort_string(id: &ResId) -> String {
    let g = &id.gvk;
    let gvk = format!(
        "{}.{}.{}",
        or_marker(&g.kind, "~K"),
        or_marker(&g.version, "~V"),
        or_marker(&g.group, "~G")
    );
    format!(
        "{gvk}|{}|{}",
        or_marker(&id.namespace, "~X"),
        or_marker(&id.name, "~N")
    )
}

/// Sorts resources in legacy order with the given first/last kind lists.
pub fn legacy_sort(resources: &mut [Resource], first: &[String], last: &[String]) {
    let mut keyed: Vec<(ResId, usize)> = resources
        .iter()
        .enumerate()
        .map(|(i, r)| (r.cur_id(), i))
        .collect();
    keyed.sort_by(|(a, _), (b, _)| compare(a, b, first, last));
    let order: Vec<usize> = keyed.into_iter().map(|(_, i)| i).collect();
    let mut taken: Vec<Option<Resource>> = resources.iter().cloned().map(Some).collect();
    for (slot, i) in order.into_iter().enumerate() {
        if let Some(r) = taken[i].take() {
            resources[slot] = r;
        }
    }
}

fn compare(a: &ResId, b: &ResId, first: &[String], last: &[String]) -> Ordering {
    if a.gvk != b.gvk {
        let (ra, rb) = (
            rank(&a.gvk.kind, first, last),
            rank(&b.gvk.kind, first, last),
        );
        if ra != rb {
            return ra.cmp(&rb);
        }
        let (sa, sb) = (gvk_sort_string(&a.gvk), gvk_sort_string(&b.gvk));
        if a.gvk.kind == "Namespace"
            && b.gvk.kind == "Namespace"
            && (a.gvk.group.is_empty() || b.gvk.group.is_empty())
        {
            return sb.cmp(&sa);
        }
        return sa.cmp(&sb);
    }
    id_sort_string(a).cmp(&id_sort_string(b))
}

/// The default first/last lists as owned strings.
pub fn defaults() -> (Vec<String>, Vec<String>) {
    (
        ORDER_FIRST.iter().map(|s| s.to_string()).collect(),
        ORDER_LAST.iter().map(|s| s.to_string()).collect(),
    )
}

/// The `SortOrderTransformer` plugin: `fifo` keeps the order, `legacy` sorts
/// (optionally with custom first/last lists).
pub(crate) fn sort_with_options(
    resources: &mut [Resource],
    opts: &serde_yaml::Value,
) -> Result<(), crate::error::BuildError> {
    use crate::error::BuildError;
    use crate::yaml;
    let order = yaml::str_at(opts, &["order"]).unwrap_or("fifo");
    let legacy = yaml::get(opts, "legacySortOptions");
    match order {
        "fifo" if legacy.is_some() => Err(BuildError::config(
            "the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'",
        )),
        "fifo" => Ok(()),
        "legacy" => {
            let (mut first, mut last) = defaults();
            if let Some(l) = legacy {
                let list = |key: &str| -> Vec<String> {
                    yaml::get(l, key)
                        .and_then(serde_yaml::Value::as_sequence)
                        .map(|s| {
                            s.iter()
                                .filter_map(|x| x.as_str().map(String::from))
                                .collect()
                        })
                        .unwrap_or_default()
                };
                first = list("orderFirst");
                last = list("orderLast");
            }
            legacy_sort(resources, &first, &last);
            Ok(())
        }
        _ => Err(BuildError::config(
            "the field 'sortOptions.order' must be one of [fifo, legacy]",
        )),
    }
}
