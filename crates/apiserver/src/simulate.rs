//! Workload simulation (opt-in): Deployments, StatefulSets, DaemonSets, ReplicaSets,
//! Jobs and Pods report healthy status shortly after each change, or failure when an
//! image's tag is `fail`. There is no kubelet, so this stands in for one.

use serde_json::Value;

use crate::handlers::Ctx;

/// Hook after every committed write.
pub fn after_write(ctx: &Ctx, obj: &Value) {
    let _ = (ctx, obj);
}
