//! RBAC evaluation for impersonated identities: Role/ClusterRole rules reached through
//! RoleBindings and ClusterRoleBindings. The token holder itself is unrestricted.

use serde_json::Value;

use crate::auth::User;
use crate::error::{ApiError, Result};
use crate::handlers::Ctx;
use crate::registry::GroupResource;
use crate::store::{ObjectKey, State};

const RBAC: &str = "rbac.authorization.k8s.io";

/// What is being asked.
pub struct Attributes<'a> {
    /// Verb (`get`, `list`, ...).
    pub verb: &'a str,
    /// API group.
    pub group: &'a str,
    /// Resource, or `resource/subresource`.
    pub resource: String,
    /// Namespace, empty for cluster-scoped requests.
    pub namespace: &'a str,
    /// Object name, if any.
    pub name: &'a str,
}

fn strings(v: Option<&Value>) -> Vec<&str> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn subject_matches(subject: &Value, binding_ns: &str, user: &User) -> bool {
    let s = |k: &str| subject.get(k).and_then(Value::as_str).unwrap_or_default();
    match s("kind") {
        "User" => s("name") == user.name,
        "Group" => user.groups.iter().any(|g| g == s("name")),
        "ServiceAccount" => {
            let ns = if s("namespace").is_empty() {
                binding_ns
            } else {
                s("namespace")
            };
            user.name == format!("system:serviceaccount:{ns}:{}", s("name"))
        }
        _ => false,
    }
}

fn rule_allows(rule: &Value, a: &Attributes) -> bool {
    let any = |list: Vec<&str>, want: &str| list.iter().any(|x| *x == "*" || *x == want);
    let names = strings(rule.get("resourceNames"));
    any(strings(rule.get("verbs")), a.verb)
        && any(strings(rule.get("apiGroups")), a.group)
        && any(strings(rule.get("resources")), &a.resource)
        && (names.is_empty() || (!a.name.is_empty() && names.contains(&a.name)))
}

fn role_rules(state: &State, role_ref: &Value, binding_ns: &str) -> Vec<Value> {
    let kind = role_ref
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let name = role_ref
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let found = match kind {
        "ClusterRole" => state.get(
            &GroupResource::new(RBAC, "clusterroles"),
            &ObjectKey::new("", name),
        ),
        "Role" => state.get(
            &GroupResource::new(RBAC, "roles"),
            &ObjectKey::new(binding_ns, name),
        ),
        _ => None,
    };
    found
        .and_then(|r| r.value().get("rules").and_then(Value::as_array).cloned())
        .unwrap_or_default()
}

/// Whether the user may do what the attributes describe.
pub fn allowed(state: &State, user: &User, a: &Attributes) -> bool {
    if user.groups.iter().any(|g| g == "system:masters") {
        return true;
    }
    let bindings = |resource: &str, ns: Option<&str>| -> Vec<(String, Value)> {
        state
            .range(&GroupResource::new(RBAC, resource), ns, None)
            .map(|(k, v)| (k.namespace.clone(), v.value()))
            .collect()
    };
    let mut candidates = bindings("clusterrolebindings", None);
    if !a.namespace.is_empty() {
        candidates.extend(bindings("rolebindings", Some(a.namespace)));
    }
    candidates.iter().any(|(ns, binding)| {
        let subjects = binding.get("subjects").and_then(Value::as_array);
        let bound = subjects.is_some_and(|s| s.iter().any(|s| subject_matches(s, ns, user)));
        bound
            && binding.get("roleRef").is_some_and(|r| {
                role_rules(state, r, ns)
                    .iter()
                    .any(|rule| rule_allows(rule, a))
            })
    })
}

/// Authorizes a resource request; 403 with kube-apiserver's wording when denied.
pub fn authorize(ctx: &Ctx, verb: &str) -> Result<()> {
    // Everyone may ask what they may do (system:basic-user).
    if !ctx.user.impersonated || ctx.info.group == "authorization.k8s.io" {
        return Ok(());
    }
    let resource = match &ctx.path.subresource {
        Some(sub) => format!("{}/{sub}", ctx.info.plural),
        None => ctx.info.plural.clone(),
    };
    let a = Attributes {
        verb,
        group: &ctx.info.group,
        resource: resource.clone(),
        namespace: ctx.namespace(),
        name: ctx.path.name.as_deref().unwrap_or_default(),
    };
    if allowed(&ctx.app.store.lock(), &ctx.user, &a) {
        return Ok(());
    }
    let scope = if a.namespace.is_empty() {
        "at the cluster scope".to_owned()
    } else {
        format!("in the namespace \"{}\"", a.namespace)
    };
    let target = if a.name.is_empty() {
        ctx.qualified()
    } else {
        format!("{} \"{}\"", ctx.qualified(), a.name)
    };
    Err(ApiError::forbidden(
        &ctx.info.group,
        &ctx.info.plural,
        a.name,
        format!(
            "{target} is forbidden: User \"{}\" cannot {verb} resource \"{resource}\" in API group \"{}\" {scope}",
            ctx.user.name, ctx.info.group
        ),
    ))
}
