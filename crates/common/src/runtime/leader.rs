//! Leader election on a `coordination.k8s.io/v1` Lease: acquire before reconciling,
//! renew every retry period, report loss when renewals fail past the renew deadline,
//! and release on shutdown so a standby takes over at once.

pub mod decision;

use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use k8s_openapi::api::coordination::v1::Lease;
use kube::api::{ObjectMeta, PostParams};
use kube::{Api, Client};
use tokio::sync::Mutex;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use self::decision::{Decision, Observation, decide, released};
use super::flags::LeaderElectionFlags;

/// The Lease name for `controller`: `<controller>-leader-election`, plus the first
/// 8 hex digits of the label selector's SHA-256 when sharding by
/// `--watch-label-selector`, as Flux's `leaderelection.GenerateID` names it.
pub fn lease_name(controller: &str, label_selector: &str) -> String {
    use sha2::{Digest, Sha256};
    let base = format!("{controller}-leader-election");
    if label_selector.is_empty() {
        return base;
    }
    let digest = hex::encode(Sha256::digest(label_selector.as_bytes()));
    format!("{base}-{}", &digest[..8])
}

/// A Lease could not be read or written.
#[derive(Debug, thiserror::Error)]
#[error("failed to {action} lease '{name}'")]
pub struct LeaderError {
    action: &'static str,
    name: String,
    #[source]
    source: kube::Error,
}

/// Competes for one Lease.
#[derive(Clone)]
pub struct LeaderElector {
    inner: Arc<Inner>,
}

struct Inner {
    api: Api<Lease>,
    name: String,
    identity: String,
    lease_duration: Duration,
    renew_deadline: Duration,
    retry_period: Duration,
    release_on_cancel: bool,
    observation: Mutex<Observation>,
}

/// Held leadership: watch [`Leadership::lost`] and call [`Leadership::release`] on shutdown.
pub struct Leadership {
    elector: LeaderElector,
    lost: CancellationToken,
    stop: CancellationToken,
    renewer: JoinHandle<()>,
}

impl LeaderElector {
    /// A candidate `identity` for Lease `namespace/name`, timed by `flags`.
    pub fn new(
        client: Client,
        namespace: &str,
        name: &str,
        identity: &str,
        flags: &LeaderElectionFlags,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                api: Api::namespaced(client, namespace),
                name: name.to_owned(),
                identity: identity.to_owned(),
                lease_duration: flags.leader_election_lease_duration,
                renew_deadline: flags.leader_election_renew_deadline,
                retry_period: flags.leader_election_retry_period,
                release_on_cancel: flags.leader_election_release_on_cancel,
                observation: Mutex::default(),
            }),
        }
    }

    /// This candidate's identity.
    pub fn identity(&self) -> &str {
        &self.inner.identity
    }

    /// Waits until this candidate holds the lease, or returns `None` once `shutdown`
    /// is cancelled first.
    pub async fn acquire(&self, shutdown: &CancellationToken) -> Option<Leadership> {
        loop {
            match self.try_acquire_or_renew().await {
                Ok(None) => {
                    tracing::info!(lease = %self.inner.name, identity = %self.inner.identity, "acquired leader lease");
                    return Some(self.lead());
                }
                Ok(Some(holder)) => {
                    tracing::debug!(lease = %self.inner.name, %holder, "lease held by another candidate")
                }
                Err(error) => tracing::warn!(
                    error = &error as &dyn std::error::Error,
                    "leader election attempt failed"
                ),
            }
            tokio::select! {
                _ = shutdown.cancelled() => return None,
                _ = tokio::time::sleep(self.inner.retry_period) => {}
            }
        }
    }

    /// One round: `Ok(None)` if we hold the lease afterwards, `Ok(Some(holder))` if
    /// someone else does.
    async fn try_acquire_or_renew(&self) -> Result<Option<String>, LeaderError> {
        let inner = &self.inner;
        let error = |action| {
            move |source| LeaderError {
                action,
                name: inner.name.clone(),
                source,
            }
        };
        let current = inner
            .api
            .get_opt(&inner.name)
            .await
            .map_err(error("read"))?;
        let decision = {
            let mut observation = inner.observation.lock().await;
            decide(
                current.as_ref().and_then(|l| l.spec.as_ref()),
                &mut observation,
                &inner.identity,
                Timestamp::now(),
                inner.lease_duration,
            )
        };
        let metadata = |current: Option<&Lease>| ObjectMeta {
            name: Some(inner.name.clone()),
            resource_version: current.and_then(|l| l.metadata.resource_version.clone()),
            ..ObjectMeta::default()
        };
        match decision {
            Decision::Wait { holder } => Ok(Some(holder)),
            Decision::Create(spec) => {
                let lease = Lease {
                    metadata: metadata(None),
                    spec: Some(spec),
                };
                inner
                    .api
                    .create(&PostParams::default(), &lease)
                    .await
                    .map_err(error("create"))?;
                Ok(None)
            }
            Decision::Acquire(spec) | Decision::Renew(spec) => {
                let lease = Lease {
                    metadata: metadata(current.as_ref()),
                    spec: Some(spec),
                };
                inner
                    .api
                    .replace(&inner.name, &PostParams::default(), &lease)
                    .await
                    .map_err(error("update"))?;
                Ok(None)
            }
        }
    }

    fn lead(&self) -> Leadership {
        let lost = CancellationToken::new();
        let stop = CancellationToken::new();
        let renewer = tokio::spawn(self.clone().renew(lost.clone(), stop.clone()));
        Leadership {
            elector: self.clone(),
            lost,
            stop,
            renewer,
        }
    }

    async fn renew(self, lost: CancellationToken, stop: CancellationToken) {
        let mut last_renewed = Instant::now();
        loop {
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = tokio::time::sleep(self.inner.retry_period) => {}
            }
            match self.try_acquire_or_renew().await {
                Ok(None) => last_renewed = Instant::now(),
                Ok(Some(holder)) => {
                    tracing::error!(%holder, "leader lease taken over by another candidate");
                    lost.cancel();
                    return;
                }
                Err(error) if last_renewed.elapsed() >= self.inner.renew_deadline => {
                    tracing::error!(
                        error = &error as &dyn std::error::Error,
                        "failed to renew leader lease within the renew deadline"
                    );
                    lost.cancel();
                    return;
                }
                Err(error) => tracing::warn!(
                    error = &error as &dyn std::error::Error,
                    "failed to renew leader lease, retrying"
                ),
            }
        }
    }

    async fn release(&self) -> Result<(), LeaderError> {
        let inner = &self.inner;
        let error = |action| {
            move |source| LeaderError {
                action,
                name: inner.name.clone(),
                source,
            }
        };
        let Some(mut lease) = inner
            .api
            .get_opt(&inner.name)
            .await
            .map_err(error("read"))?
        else {
            return Ok(());
        };
        let Some(spec) = lease.spec.as_ref() else {
            return Ok(());
        };
        if spec.holder_identity.as_deref() != Some(inner.identity.as_str()) {
            return Ok(());
        }
        lease.spec = Some(released(spec, Timestamp::now()));
        lease.metadata.managed_fields = None;
        inner
            .api
            .replace(&inner.name, &PostParams::default(), &lease)
            .await
            .map_err(error("release"))?;
        tracing::info!(lease = %inner.name, "released leader lease");
        Ok(())
    }
}

impl Leadership {
    /// Cancelled when leadership is lost; the controller must stop reconciling.
    pub fn lost(&self) -> CancellationToken {
        self.lost.clone()
    }

    /// Stops renewing and, with `--leader-election-release-on-cancel`, gives the lease up.
    pub async fn release(self) {
        self.stop.cancel();
        // The renewer only sleeps and makes bounded API calls; its result is not needed.
        let _ = self.renewer.await;
        if self.elector.inner.release_on_cancel
            && !self.lost.is_cancelled()
            && let Err(error) = self.elector.release().await
        {
            tracing::warn!(
                error = &error as &dyn std::error::Error,
                "failed to release leader lease"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lease_names_follow_flux_and_differ_per_shard() {
        assert_eq!(
            lease_name("source-controller", ""),
            "source-controller-leader-election"
        );
        let shard1 = lease_name("source-controller", "sharding.fluxcd.io/key=shard1");
        let shard2 = lease_name("source-controller", "sharding.fluxcd.io/key=shard2");
        assert!(shard1.starts_with("source-controller-leader-election-"));
        assert_eq!(shard1.len(), "source-controller-leader-election-".len() + 8);
        assert_ne!(shard1, shard2);
    }
}
