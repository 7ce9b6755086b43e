use clap::Parser;

use super::*;

#[derive(Parser, Debug)]
struct Cli {
    #[command(flatten)]
    runtime: RuntimeFlags,
    #[command(flatten)]
    concurrency: ConcurrencyFlags<4>,
    #[command(flatten)]
    requeue: RequeueFlags,
    #[command(flatten)]
    events: EventsFlags,
    #[command(flatten)]
    acl: AclFlags,
    #[command(flatten)]
    impersonation: ImpersonationFlags,
}

#[test]
fn defaults_match_flux() {
    let cli = Cli::try_parse_from(["test"]).unwrap();
    let rt = &cli.runtime;
    assert_eq!(rt.admin.metrics_addr, ":8080".parse().unwrap());
    assert_eq!(rt.admin.health_addr, ":9440".parse().unwrap());
    assert_eq!(rt.log.log_level, LogLevel::Info);
    assert_eq!(rt.log.log_encoding, LogEncoding::Json);
    assert!(!rt.leader_election.enable_leader_election);
    assert_eq!(
        rt.leader_election.leader_election_lease_duration,
        Duration::from_secs(35)
    );
    assert_eq!(
        rt.leader_election.leader_election_renew_deadline,
        Duration::from_secs(30)
    );
    assert_eq!(
        rt.leader_election.leader_election_retry_period,
        Duration::from_secs(5)
    );
    assert!(rt.leader_election.leader_election_release_on_cancel);
    assert_eq!(rt.client.kube_api_qps, 50.0);
    assert_eq!(rt.client.kube_api_burst, 300);
    assert!(rt.watch.watch_all_namespaces);
    assert_eq!(rt.watch.watch_label_selector, "");
    assert_eq!(rt.retry.min_retry_delay, Duration::from_millis(750));
    assert_eq!(rt.retry.max_retry_delay, Duration::from_secs(900));
    assert_eq!(rt.features.feature_gates, FeatureGates::default());
    assert_eq!(cli.concurrency.concurrent, 4);
    assert_eq!(cli.requeue.requeue_dependency, Duration::from_secs(30));
    assert_eq!(cli.requeue.interval_jitter_percentage, 5);
    assert_eq!(cli.events.events_addr, "");
    assert!(!cli.acl.no_cross_namespace_refs);
    assert_eq!(cli.impersonation.default_service_account, "");
}

#[test]
fn accepts_the_arguments_of_a_flux_deployment() {
    let cli = Cli::try_parse_from([
        "test",
        "--events-addr=http://notification-controller.flux-system.svc.cluster.local./",
        "--watch-all-namespaces=false",
        "--log-level=debug",
        "--log-encoding=console",
        "--enable-leader-election",
        "--leader-election-release-on-cancel=false",
        "--requeue-dependency=1m30s",
        "--min-retry-delay",
        "2s",
        "--concurrent=10",
        "--no-cross-namespace-refs=true",
        "--feature-gates=OOMWatch=true",
        "--metrics-addr=127.0.0.1:0",
    ])
    .unwrap();
    assert!(cli.runtime.leader_election.enable_leader_election);
    assert!(
        !cli.runtime
            .leader_election
            .leader_election_release_on_cancel
    );
    assert!(!cli.runtime.watch.watch_all_namespaces);
    assert_eq!(cli.runtime.log.log_level, LogLevel::Debug);
    assert_eq!(cli.runtime.log.log_encoding, LogEncoding::Console);
    assert_eq!(cli.requeue.requeue_dependency, Duration::from_secs(90));
    assert_eq!(cli.runtime.retry.min_retry_delay, Duration::from_secs(2));
    assert_eq!(cli.concurrency.concurrent, 10);
    assert!(cli.acl.no_cross_namespace_refs);
    assert!(
        cli.runtime
            .features
            .feature_gates
            .enabled("OOMWatch", false)
    );
    assert_eq!(cli.runtime.admin.metrics_addr.port, 0);
}

#[test]
fn refuses_out_of_range_values() {
    for args in [
        ["test", "--interval-jitter-percentage=100"],
        ["test", "--requeue-dependency=soon"],
        ["test", "--log-level=verbose"],
        ["test", "--health-addr=9440"],
    ] {
        assert!(Cli::try_parse_from(args).is_err(), "{args:?}");
    }
}
