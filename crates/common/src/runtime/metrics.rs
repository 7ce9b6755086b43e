//! The Prometheus metrics every Flux controller exports, with Flux's names and
//! labels: reconcile duration, condition status and suspend status per object.

use std::time::Duration;

use oxbow_api::meta::ConditionStatus;
use prometheus::{GaugeVec, HistogramOpts, HistogramVec, Opts, Registry};

/// A metric that could not be registered.
#[derive(Debug, thiserror::Error)]
#[error("failed to register metrics")]
pub struct MetricsError(#[source] prometheus::Error);

/// Identifies the object a metric sample is about.
#[derive(Clone, Copy, Debug)]
pub struct ObjectLabels<'a> {
    /// The object's kind, e.g. `GitRepository`.
    pub kind: &'a str,
    /// The object's name.
    pub name: &'a str,
    /// The object's namespace.
    pub namespace: &'a str,
}

impl ObjectLabels<'_> {
    fn values(&self) -> [&str; 3] {
        [self.kind, self.name, self.namespace]
    }
}

/// The controller's registry and its reconcile metrics.
#[derive(Clone, Debug)]
pub struct Metrics {
    registry: Registry,
    duration: HistogramVec,
    condition: GaugeVec,
    suspend: GaugeVec,
}

impl Metrics {
    /// Creates the metrics in a fresh registry.
    pub fn new() -> Result<Self, MetricsError> {
        let registry = Registry::new();
        let duration = HistogramVec::new(
            HistogramOpts::new(
                "gotk_reconcile_duration_seconds",
                "The duration in seconds of a GitOps Toolkit resource reconciliation.",
            )
            .buckets(exponential_buckets_range(10e-3, 1800.0, 10)),
            &["kind", "name", "namespace"],
        )
        .map_err(MetricsError)?;
        let condition = GaugeVec::new(
            Opts::new(
                "gotk_reconcile_condition",
                "The current condition status of a GitOps Toolkit resource reconciliation.",
            ),
            &["kind", "name", "namespace", "type", "status"],
        )
        .map_err(MetricsError)?;
        let suspend = GaugeVec::new(
            Opts::new(
                "gotk_suspend_status",
                "The current suspend status of a GitOps Toolkit resource.",
            ),
            &["kind", "name", "namespace"],
        )
        .map_err(MetricsError)?;
        registry
            .register(Box::new(duration.clone()))
            .map_err(MetricsError)?;
        registry
            .register(Box::new(condition.clone()))
            .map_err(MetricsError)?;
        registry
            .register(Box::new(suspend.clone()))
            .map_err(MetricsError)?;
        Ok(Self {
            registry,
            duration,
            condition,
            suspend,
        })
    }

    /// The registry, for `/metrics` and for controllers that add their own metrics.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Observes one reconcile's duration.
    pub fn record_duration(&self, object: ObjectLabels<'_>, duration: Duration) {
        self.duration
            .with_label_values(&object.values())
            .observe(duration.as_secs_f64());
    }

    /// Sets the condition gauge: 1 for the current status, 0 for the other two.
    /// A missing condition is recorded as Unknown, as Flux does.
    pub fn record_condition(
        &self,
        object: ObjectLabels<'_>,
        type_: &str,
        status: Option<ConditionStatus>,
    ) {
        let status = status.unwrap_or(ConditionStatus::Unknown);
        for candidate in [
            ConditionStatus::True,
            ConditionStatus::False,
            ConditionStatus::Unknown,
        ] {
            let value = if candidate == status { 1.0 } else { 0.0 };
            let [kind, name, namespace] = object.values();
            self.condition
                .with_label_values(&[kind, name, namespace, type_, status_label(candidate)])
                .set(value);
        }
    }

    /// Sets the suspend gauge to 1 or 0.
    pub fn record_suspend(&self, object: ObjectLabels<'_>, suspended: bool) {
        self.suspend
            .with_label_values(&object.values())
            .set(if suspended { 1.0 } else { 0.0 });
    }

    /// Drops every series of a deleted object.
    pub fn forget(&self, object: ObjectLabels<'_>, condition_types: &[&str]) {
        let values = object.values();
        // Missing series are not an error worth reporting: there is nothing to forget.
        let _ = self.duration.remove_label_values(&values);
        let _ = self.suspend.remove_label_values(&values);
        for type_ in condition_types {
            for status in [
                ConditionStatus::True,
                ConditionStatus::False,
                ConditionStatus::Unknown,
            ] {
                let [kind, name, namespace] = values;
                let _ = self.condition.remove_label_values(&[
                    kind,
                    name,
                    namespace,
                    type_,
                    status_label(status),
                ]);
            }
        }
    }

    /// The registry in the Prometheus text format.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Encoding into a String only fails on invalid metric data, which our
        // registry cannot hold; an empty body is the best answer then.
        if prometheus::TextEncoder::new()
            .encode_utf8(&self.registry.gather(), &mut out)
            .is_err()
        {
            out.clear();
        }
        out
    }
}

fn status_label(status: ConditionStatus) -> &'static str {
    match status {
        ConditionStatus::True => "True",
        ConditionStatus::False => "False",
        ConditionStatus::Unknown => "Unknown",
    }
}

/// `count` buckets spread exponentially from `min` to `max`, as Go's
/// `prometheus.ExponentialBucketsRange`.
fn exponential_buckets_range(min: f64, max: f64, count: i32) -> Vec<f64> {
    let factor = (max / min).powf(1.0 / f64::from(count - 1));
    (0..count).map(|i| min * factor.powi(i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const OBJ: ObjectLabels<'static> = ObjectLabels {
        kind: "GitRepository",
        name: "podinfo",
        namespace: "flux-system",
    };

    #[test]
    fn exports_flux_metric_names_and_labels() {
        let metrics = Metrics::new().unwrap();
        metrics.record_duration(OBJ, Duration::from_millis(20));
        metrics.record_condition(OBJ, "Ready", Some(ConditionStatus::False));
        metrics.record_suspend(OBJ, true);
        let text = metrics.encode();
        assert!(text.contains(
            "gotk_reconcile_duration_seconds_count{kind=\"GitRepository\",name=\"podinfo\",namespace=\"flux-system\"} 1"
        ), "{text}");
        assert!(text.contains(
            "gotk_reconcile_condition{kind=\"GitRepository\",name=\"podinfo\",namespace=\"flux-system\",status=\"False\",type=\"Ready\"} 1"
        ), "{text}");
        assert!(text.contains(
            "gotk_reconcile_condition{kind=\"GitRepository\",name=\"podinfo\",namespace=\"flux-system\",status=\"True\",type=\"Ready\"} 0"
        ), "{text}");
        assert!(text.contains(
            "gotk_suspend_status{kind=\"GitRepository\",name=\"podinfo\",namespace=\"flux-system\"} 1"
        ), "{text}");
        metrics.forget(OBJ, &["Ready"]);
        assert!(!metrics.encode().contains("podinfo"));
    }

    #[test]
    fn buckets_span_ten_milliseconds_to_thirty_minutes() {
        let buckets = exponential_buckets_range(10e-3, 1800.0, 10);
        assert_eq!(buckets.len(), 10);
        assert!((buckets[0] - 0.01).abs() < 1e-9);
        assert!((buckets[9] - 1800.0).abs() < 1e-6);
    }
}
