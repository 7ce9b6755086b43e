//! Workload simulation (opt-in): Deployments, StatefulSets, DaemonSets, ReplicaSets,
//! Jobs and Pods report healthy status shortly after each spec change, or failure
//! when an image's tag is `fail`. There is no kubelet or controller-manager, so this
//! stands in for them well enough for health checks (kstatus) to pass or fail.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::handlers::Ctx;
use crate::registry::GroupResource;
use crate::store::lifecycle::is_deleting;
use crate::store::{ObjectKey, Store, Stored};

/// How long a workload takes to "roll out".
pub const DELAY: Duration = Duration::from_millis(300);

/// The kind of workload a resource is, if any.
fn workload(gr: &GroupResource) -> Option<&'static str> {
    match (gr.group.as_str(), gr.resource.as_str()) {
        ("apps", "deployments") => Some("Deployment"),
        ("apps", "statefulsets") => Some("StatefulSet"),
        ("apps", "daemonsets") => Some("DaemonSet"),
        ("apps", "replicasets") => Some("ReplicaSet"),
        ("batch", "jobs") => Some("Job"),
        ("", "pods") => Some("Pod"),
        _ => None,
    }
}

/// Hook after every committed write: schedules a status update when the workload's
/// status does not yet reflect its spec.
pub fn after_write(ctx: &Ctx, stored: &Stored) {
    if !ctx.app.simulate_workloads || ctx.params.dry_run {
        return;
    }
    let gr = ctx.gr();
    let Some(kind) = workload(&gr) else { return };
    let obj = &stored.value();
    if is_deleting(obj) || up_to_date(kind, obj) {
        return;
    }
    let store = ctx.app.store.clone();
    let key = ObjectKey::of(obj);
    tokio::spawn(async move {
        tokio::time::sleep(DELAY).await;
        settle(&store, &gr, &key, kind);
    });
}

fn up_to_date(kind: &str, obj: &Value) -> bool {
    if kind == "Pod" {
        return obj.pointer("/status/phase").and_then(Value::as_str) != Some("Pending")
            || obj.pointer("/status/containerStatuses").is_some();
    }
    let generation = obj.pointer("/metadata/generation").and_then(Value::as_i64);
    let observed = obj
        .pointer("/status/observedGeneration")
        .and_then(Value::as_i64);
    generation.is_some() && generation == observed
}

fn settle(store: &Arc<Store>, gr: &GroupResource, key: &ObjectKey, kind: &str) {
    let mut state = store.lock();
    let Some(current) = state.get(gr, key).map(|s| s.value()) else {
        return;
    };
    if is_deleting(&current) || up_to_date(kind, &current) {
        return;
    }
    let now = crate::meta::now();
    let Some(status) = status_for(kind, &current, &now) else {
        return;
    };
    let mut updated = current;
    updated["status"] = status;
    state.commit(gr, updated);
}

fn images(obj: &Value, kind: &str) -> Vec<String> {
    let spec = if kind == "Pod" {
        obj.get("spec")
    } else {
        obj.pointer("/spec/template/spec")
    };
    ["containers", "initContainers"]
        .iter()
        .filter_map(|f| spec.and_then(|s| s.get(*f)).and_then(Value::as_array))
        .flatten()
        .filter_map(|c| c.get("image").and_then(Value::as_str))
        .map(str::to_owned)
        .collect()
}

/// Whether an image reference has the tag `fail` (`repo/app:fail`).
pub fn fails(image: &str) -> bool {
    let name = image.split('@').next().unwrap_or(image);
    let last = name.rsplit('/').next().unwrap_or(name);
    last.rsplit_once(':').is_some_and(|(_, tag)| tag == "fail")
}

fn condition(type_: &str, ok: bool, reason: &str, message: &str, now: &str) -> Value {
    json!({
        "type": type_, "status": if ok { "True" } else { "False" },
        "reason": reason, "message": message,
        "lastTransitionTime": now, "lastUpdateTime": now,
    })
}

/// The simulated status of a workload; `None` for other kinds.
pub fn status_for(kind: &str, obj: &Value, now: &str) -> Option<Value> {
    let failing = images(obj, kind).iter().any(|i| fails(i));
    let generation = obj
        .pointer("/metadata/generation")
        .cloned()
        .unwrap_or(json!(1));
    let replicas = obj
        .pointer("/spec/replicas")
        .and_then(Value::as_i64)
        .unwrap_or(1);
    let ready = if failing { 0 } else { replicas };
    Some(match kind {
        "Deployment" => json!({
            "observedGeneration": generation,
            "replicas": replicas, "updatedReplicas": replicas,
            "readyReplicas": ready, "availableReplicas": ready,
            "unavailableReplicas": replicas - ready,
            "conditions": if failing { json!([
                condition("Available", false, "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now),
                condition("Progressing", false, "ProgressDeadlineExceeded", "ReplicaSet has timed out progressing: image pull failed.", now),
            ]) } else { json!([
                condition("Available", true, "MinimumReplicasAvailable", "Deployment has minimum availability.", now),
                condition("Progressing", true, "NewReplicaSetAvailable", "ReplicaSet has successfully progressed.", now),
            ]) },
        }),
        "StatefulSet" => json!({
            "observedGeneration": generation,
            "replicas": replicas, "readyReplicas": ready, "currentReplicas": replicas,
            "updatedReplicas": replicas, "availableReplicas": ready,
            "currentRevision": "simulated", "updateRevision": "simulated",
        }),
        "DaemonSet" => json!({
            "observedGeneration": generation,
            "desiredNumberScheduled": 1, "currentNumberScheduled": 1, "updatedNumberScheduled": 1,
            "numberReady": if failing { 0 } else { 1 }, "numberAvailable": if failing { 0 } else { 1 },
            "numberUnavailable": if failing { 1 } else { 0 }, "numberMisscheduled": 0,
        }),
        "ReplicaSet" => json!({
            "observedGeneration": generation,
            "replicas": replicas, "fullyLabeledReplicas": replicas,
            "readyReplicas": ready, "availableReplicas": ready,
        }),
        "Job" => {
            let start = obj
                .pointer("/status/startTime")
                .cloned()
                .unwrap_or(json!(now));
            if failing {
                json!({"observedGeneration": generation, "startTime": start, "failed": 1, "active": 0, "conditions": [
                    condition("FailureTarget", true, "BackoffLimitExceeded", "Job has reached the specified backoff limit", now),
                    condition("Failed", true, "BackoffLimitExceeded", "Job has reached the specified backoff limit", now),
                ]})
            } else {
                json!({"observedGeneration": generation, "startTime": start, "completionTime": now, "succeeded": 1, "active": 0, "conditions": [
                    condition("SuccessCriteriaMet", true, "CompletionsReached", "Reached expected number of succeeded pods", now),
                    condition("Complete", true, "CompletionsReached", "Reached expected number of succeeded pods", now),
                ]})
            }
        }
        "Pod" => {
            let statuses: Vec<Value> = obj
                .pointer("/spec/containers")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|c| {
                    let image = c.get("image").cloned().unwrap_or(json!(""));
                    let state = if image.as_str().is_some_and(fails) {
                        json!({"waiting": {"reason": "ErrImagePull", "message": "simulated image pull failure"}})
                    } else {
                        json!({"running": {"startedAt": now}})
                    };
                    let ok = !image.as_str().is_some_and(fails);
                    json!({"name": c.get("name"), "image": image, "ready": ok, "started": ok, "restartCount": 0, "state": state})
                })
                .collect();
            json!({
                "phase": if failing { "Pending" } else { "Running" },
                "conditions": [condition("Ready", !failing, if failing { "ContainersNotReady" } else { "" }, "", now)],
                "containerStatuses": statuses,
                "startTime": now,
            })
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_fail_tag_fails() {
        assert!(fails("nginx:fail"));
        assert!(fails("registry:5000/app:fail"));
        assert!(!fails("registry:5000/app"));
        assert!(!fails("fail:1.0"));
    }

    #[test]
    fn deployments_report_replicas_and_conditions() {
        let d = json!({"metadata": {"generation": 2}, "spec": {"replicas": 3, "template": {"spec": {"containers": [{"image": "nginx:1"}]}}}});
        let s = status_for("Deployment", &d, "now").unwrap();
        assert_eq!(
            (
                s["observedGeneration"].clone(),
                s["availableReplicas"].clone()
            ),
            (json!(2), json!(3))
        );
        let d = json!({"spec": {"template": {"spec": {"containers": [{"image": "nginx:fail"}]}}}});
        let s = status_for("Deployment", &d, "now").unwrap();
        assert_eq!(s["availableReplicas"], 0);
        assert_eq!(s["conditions"][1]["reason"], "ProgressDeadlineExceeded");
    }
}
