//! Patch merge keys of built-in Kubernetes types: which lists merge by which
//! key (everything else in a built-in type is replaced as a whole).

/// Kinds whose schema is built into Kubernetes (lists there follow the
/// schema; lists of other kinds are merged by `name` when every element has one).
pub fn is_builtin_kind(kind: &str) -> bool {
    matches!(
        kind,
        "Pod"
            | "PodTemplate"
            | "ReplicationController"
            | "Deployment"
            | "ReplicaSet"
            | "StatefulSet"
            | "DaemonSet"
            | "Job"
            | "CronJob"
            | "Service"
            | "ConfigMap"
            | "Secret"
            | "ServiceAccount"
            | "Namespace"
            | "Endpoints"
            | "PersistentVolume"
            | "PersistentVolumeClaim"
            | "Role"
            | "ClusterRole"
            | "RoleBinding"
            | "ClusterRoleBinding"
            | "Ingress"
            | "IngressClass"
            | "NetworkPolicy"
            | "HorizontalPodAutoscaler"
            | "PodDisruptionBudget"
            | "StorageClass"
            | "PriorityClass"
            | "LimitRange"
            | "ResourceQuota"
            | "CustomResourceDefinition"
            | "ValidatingWebhookConfiguration"
            | "MutatingWebhookConfiguration"
            | "APIService"
            | "Node"
            | "Event"
            | "Lease"
            | "CSIDriver"
            | "RuntimeClass"
    )
}

/// The merge keys of the list at `path` (field names from the document root),
/// or `None` when the list is replaced.
pub fn merge_keys(path: &[String]) -> Option<&'static [&'static str]> {
    let last = path.last()?.as_str();
    let in_container = path
        .iter()
        .rev()
        .skip(1)
        .any(|p| p == "containers" || p == "initContainers" || p == "ephemeralContainers");
    Some(match last {
        "containers" | "initContainers" | "ephemeralContainers" => &["name"],
        "env" if in_container => &["name"],
        "volumes" | "imagePullSecrets" | "resourceClaims" | "schedulingGates" => &["name"],
        "volumeMounts" => &["mountPath"],
        "volumeDevices" => &["devicePath"],
        "hostAliases" => &["ip"],
        "topologySpreadConstraints" => &["topologyKey", "whenUnsatisfiable"],
        "ports" if in_container => &["containerPort", "protocol"],
        "ports" if path.len() == 2 && path[0] == "spec" => &["port", "protocol"],
        "ownerReferences" => &["uid"],
        "conditions" => &["type"],
        "webhooks" if path.len() == 1 => &["name"],
        "readinessGates" => &["conditionType"],
        _ => return None,
    })
}

/// Lists of scalars that merge as sets in built-in types.
pub fn is_primitive_merge(path: &[String]) -> bool {
    matches!(path, [a, b] if a == "metadata" && b == "finalizers")
}
