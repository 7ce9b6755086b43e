//! An embedded, single-process Kubernetes API server: the cluster behind `oxbow dev`
//! and the harness behind Oxbow's integration and end-to-end tests.
