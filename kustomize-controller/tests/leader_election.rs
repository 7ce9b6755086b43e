//! Leader election between two candidates on a real Lease (the embedded API
//! server): one leads, the other waits, and takes over at once when the first
//! releases on shutdown. (Here rather than in oxbow-common, whose dev-dependencies
//! stop short of the API server.)

use std::time::Duration;

use k8s_openapi::api::coordination::v1::Lease;
use kube::Api;
use oxbow_apiserver::TestCluster;
use oxbow_common::runtime::flags::LeaderElectionFlags;
use oxbow_common::runtime::leader::LeaderElector;
use tokio_util::sync::CancellationToken;

const DEADLINE: Duration = Duration::from_secs(30);

fn flags() -> LeaderElectionFlags {
    LeaderElectionFlags {
        enable_leader_election: true,
        leader_election_lease_duration: Duration::from_secs(30),
        leader_election_renew_deadline: Duration::from_secs(20),
        leader_election_retry_period: Duration::from_millis(50),
        leader_election_release_on_cancel: true,
    }
}

async fn holder(leases: &Api<Lease>) -> Option<String> {
    leases
        .get("test-leader-election")
        .await
        .ok()?
        .spec?
        .holder_identity
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_standby_takes_over_when_the_leader_releases() {
    let cluster = TestCluster::start().await;
    let client = cluster.client();
    let leases: Api<Lease> = Api::namespaced(client.clone(), "default");
    let a = LeaderElector::new(
        client.clone(),
        "default",
        "test-leader-election",
        "a",
        &flags(),
    );
    let b = LeaderElector::new(
        client.clone(),
        "default",
        "test-leader-election",
        "b",
        &flags(),
    );
    let never = CancellationToken::new();

    let leading_a = tokio::time::timeout(DEADLINE, a.acquire(&never))
        .await
        .expect("a acquires in time")
        .expect("a leads");
    assert_eq!(holder(&leases).await.as_deref(), Some("a"));

    let standby = tokio::spawn(async move {
        let never = CancellationToken::new();
        b.acquire(&never).await.map(|leadership| (leadership, b))
    });
    // b keeps trying every 50ms while a renews: it must still be waiting once a
    // has renewed a few times.
    let renewed_at = leases
        .get("test-leader-election")
        .await
        .ok()
        .and_then(|l| l.spec?.renew_time);
    let start = tokio::time::Instant::now();
    loop {
        let now_renewed = leases
            .get("test-leader-election")
            .await
            .ok()
            .and_then(|l| l.spec?.renew_time);
        if now_renewed != renewed_at {
            break;
        }
        assert!(start.elapsed() < DEADLINE, "a renews its lease");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!standby.is_finished(), "b waits while a holds a live lease");
    assert_eq!(holder(&leases).await.as_deref(), Some("a"));

    leading_a.release().await;
    let (leading_b, _b) = tokio::time::timeout(DEADLINE, standby)
        .await
        .expect("b takes over well before the lease would expire")
        .expect("b's task finished")
        .expect("b leads");
    assert_eq!(holder(&leases).await.as_deref(), Some("b"));
    let lease = leases
        .get("test-leader-election")
        .await
        .expect("lease exists");
    assert_eq!(lease.spec.and_then(|s| s.lease_transitions), Some(1));
    assert!(!leading_b.lost().is_cancelled());
    leading_b.release().await;
    assert_eq!(holder(&leases).await, None);

    // Shutdown while waiting returns no leadership.
    let c = LeaderElector::new(client, "default", "other-lease", "c", &flags());
    let _held = c.acquire(&never).await.expect("c leads");
    let d = LeaderElector::new(cluster.client(), "default", "other-lease", "d", &flags());
    let shutdown = CancellationToken::new();
    shutdown.cancel();
    assert!(d.acquire(&shutdown).await.is_none());
}
