//! `oxbow helm template`: renders a chart like `helm template`, with the pure-Rust
//! engine (no `helm` binary, no cluster).

mod schema_http;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use oxbow_helm::values::{self, Values};
use oxbow_helm::{Capabilities, ReleaseOptions, RenderOptions, loader, render_chart};

/// Arguments of `oxbow helm`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: HelmCommand,
}

#[derive(Debug, clap::Subcommand)]
enum HelmCommand {
    /// Render chart templates locally and print the manifests.
    Template(TemplateArgs),
}

/// Arguments of `oxbow helm template`.
#[derive(Debug, clap::Args)]
struct TemplateArgs {
    /// Release name.
    release: String,
    /// Chart directory or `.tgz` archive.
    chart: PathBuf,
    /// Values files, merged in order.
    #[arg(short = 'f', long = "values")]
    values: Vec<PathBuf>,
    /// Values on the command line (`a.b=c,list[0]=x`).
    #[arg(long = "set")]
    set: Vec<String>,
    /// Values on the command line, always strings.
    #[arg(long = "set-string")]
    set_string: Vec<String>,
    /// Release namespace.
    #[arg(short = 'n', long, default_value = "default")]
    namespace: String,
    /// Print the CRDs of `crds/` directories first.
    #[arg(long)]
    include_crds: bool,
    /// Leave hooks out of the output.
    #[arg(long)]
    no_hooks: bool,
    /// Kubernetes version for `.Capabilities` (`v1.36.0` by default).
    #[arg(long)]
    kube_version: Option<String>,
    /// Extra API versions for `.Capabilities.APIVersions` (`group/version` or `group/version/Kind`).
    #[arg(short = 'a', long = "api-versions")]
    api_versions: Vec<String>,
    /// Skip `values.schema.json` validation.
    #[arg(long)]
    skip_schema_validation: bool,
}

/// Runs `oxbow helm`.
pub(crate) fn run(args: Args) -> ExitCode {
    let HelmCommand::Template(t) = args.command;
    match template(&t) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("Error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn user_values(t: &TemplateArgs) -> Result<Values, String> {
    let mut vals = Values::new();
    for f in &t.values {
        let data = std::fs::read(f).map_err(|e| format!("failed to read {}: {e}", f.display()))?;
        let parsed = values::parse_values(&data)
            .map_err(|e| format!("failed to parse {}: {e}", f.display()))?;
        values::merge_maps(&mut vals, parsed);
    }
    for s in &t.set {
        values::parse_set(s, &mut vals).map_err(|e| format!("failed parsing --set data: {e}"))?;
    }
    for s in &t.set_string {
        values::parse_set_string(s, &mut vals)
            .map_err(|e| format!("failed parsing --set-string data: {e}"))?;
    }
    Ok(vals)
}

fn template(t: &TemplateArgs) -> Result<String, String> {
    let vals = user_values(t)?;
    let chart = loader::load(&t.chart).map_err(|e| e.to_string())?;
    let missing = chart.missing_dependencies();
    if !missing.is_empty() {
        return Err(format!(
            "an error occurred while checking for chart dependencies. You may need to run \
             'helm dependency build' to fetch missing dependencies: found in Chart.yaml, but \
             missing in charts/ directory: {}",
            missing.join(", ")
        ));
    }
    let mut capabilities = Capabilities::default();
    if let Some(v) = &t.kube_version {
        capabilities.kube_version = if v.starts_with('v') {
            v.clone()
        } else {
            format!("v{v}")
        };
    }
    capabilities
        .api_versions
        .extend(t.api_versions.iter().cloned());
    let opts = RenderOptions {
        release: ReleaseOptions {
            name: t.release.clone(),
            namespace: t.namespace.clone(),
            ..Default::default()
        },
        capabilities,
        skip_schema_validation: t.skip_schema_validation,
        schema_loader: Some(Arc::new(schema_http::HttpSchemaLoader::default())),
        ..Default::default()
    };
    let mut rendered = render_chart(chart, &vals, &opts).map_err(|e| e.to_string())?;
    if t.no_hooks {
        rendered.hooks.clear();
    }
    Ok(rendered.to_template_output(t.include_crds))
}
