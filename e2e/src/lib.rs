//! End-to-end scenarios of whole user journeys, run against the embedded API server or,
//! with `OXBOW_E2E_KUBECONFIG`, against a real cluster.
