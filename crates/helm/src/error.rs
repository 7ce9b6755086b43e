//! The engine's error type: every failure names the chart, the file or template,
//! and the cause, so a user can act on it without a stack trace.

/// A failure anywhere in loading, coalescing, validating or rendering a chart.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A chart archive or directory could not be read or broke a limit.
    #[error("failed to load chart '{chart}': {reason}")]
    Load {
        /// The path or name of the chart being loaded.
        chart: String,
        /// What went wrong.
        reason: String,
    },
    /// A file inside a chart could not be parsed (Chart.yaml, values.yaml, ...).
    #[error("failed to parse '{file}' in chart '{chart}': {reason}")]
    Parse {
        /// The chart holding the file.
        chart: String,
        /// The file, relative to the chart root.
        file: String,
        /// The parser's message.
        reason: String,
    },
    /// A values file or `--set` expression was malformed.
    #[error("invalid values: {0}")]
    Values(String),
    /// The coalesced values broke a chart's `values.schema.json`.
    #[error(
        "values don't meet the specifications of the schema(s) in the following chart(s):\n{0}"
    )]
    Schema(String),
    /// The chart cannot be rendered for the target Kubernetes version.
    #[error(
        "chart requires kubeVersion: {constraint} which is incompatible with Kubernetes {version}"
    )]
    KubeVersion {
        /// The chart's `kubeVersion` constraint.
        constraint: String,
        /// The Kubernetes version rendered for.
        version: String,
    },
    /// A template failed to parse (`parse error at (<chart>/templates/x.yaml:12): ...`).
    #[error("parse error at ({location}): {reason}")]
    TemplateParse {
        /// `<template path>:<line>` (and column when known).
        location: String,
        /// The parser's message.
        reason: String,
    },
    /// A template failed while executing (`fail`, `required`, type errors, ...).
    #[error("execution error at ({location}): {reason}")]
    TemplateExec {
        /// The template path being rendered, with line and column when known.
        location: String,
        /// The cause.
        reason: String,
    },
    /// A template failed while executing, worded as Helm words it (Go's
    /// `template: <file>:<line>:<col>: executing ...` or Helm's trace).
    #[error("{0}")]
    TemplateFailed(String),
    /// A rendered manifest was not valid YAML.
    #[error("YAML parse error on {template}: {reason}")]
    Manifest {
        /// The template that produced the manifest.
        template: String,
        /// The YAML parser's message.
        reason: String,
    },
}

/// The engine's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
