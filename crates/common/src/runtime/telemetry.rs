//! Logging through `tracing`, printed as Flux prints it: one JSON object per line
//! with `level`, `ts` and `msg` first, then the fields of the enclosing spans
//! (`kind`, `name`, `namespace`, …) and of the event; or human-readable lines.

use std::fmt;

use serde_json::{Map, Value};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::{JsonFields, Writer};
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormattedFields};
use tracing_subscriber::registry::LookupSpan;

use super::flags::{LogEncoding, LogFlags, LogLevel};

/// The global subscriber could not be installed.
#[derive(Debug, thiserror::Error)]
#[error("failed to install the log subscriber")]
pub struct TelemetryError(#[source] Box<dyn std::error::Error + Send + Sync>);

/// Installs the global subscriber for `flags`. `RUST_LOG`, when set, overrides
/// `--log-level` with its finer-grained directives.
pub fn init(flags: &LogFlags) -> Result<(), TelemetryError> {
    let level = match flags.log_level {
        LogLevel::Trace => "trace",
        LogLevel::Debug => "debug",
        LogLevel::Info => "info",
        LogLevel::Error => "error",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match flags.log_encoding {
        LogEncoding::Json => builder
            .fmt_fields(JsonFields::new())
            .event_format(FluxJson)
            .try_init()
            .map_err(TelemetryError),
        LogEncoding::Console => builder
            .with_target(false)
            .try_init()
            .map_err(TelemetryError),
    }
}

/// Formats events as Flux's zap JSON encoder does.
#[derive(Clone, Copy, Debug, Default)]
pub struct FluxJson;

impl<S> FormatEvent<S, JsonFields> for FluxJson
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, JsonFields>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let mut fields = Map::new();
        event.record(&mut JsonVisitor(&mut fields));
        let mut line = Map::new();
        line.insert("level".into(), level_name(event.metadata().level()).into());
        line.insert("ts".into(), jiff::Timestamp::now().to_string().into());
        line.insert("msg".into(), fields.remove("message").unwrap_or_default());
        if let Some(scope) = ctx.event_scope() {
            for span in scope.from_root() {
                let extensions = span.extensions();
                let Some(formatted) = extensions.get::<FormattedFields<JsonFields>>() else {
                    continue;
                };
                if let Ok(Value::Object(span_fields)) = serde_json::from_str(formatted.as_str()) {
                    line.extend(span_fields);
                }
            }
        }
        line.extend(fields);
        writeln!(writer, "{}", Value::Object(line))
    }
}

fn level_name(level: &Level) -> &'static str {
    match *level {
        Level::TRACE => "trace",
        Level::DEBUG => "debug",
        Level::INFO => "info",
        Level::WARN => "warn",
        Level::ERROR => "error",
    }
}

/// Collects an event's fields as JSON values.
struct JsonVisitor<'a>(&'a mut Map<String, Value>);

impl Visit for JsonVisitor<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.0.insert(
            field.name().into(),
            super::outcome::error_chain(value).into(),
        );
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0
            .insert(field.name().into(), format!("{value:?}").into());
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use tracing_subscriber::fmt::MakeWriter;

    use super::*;

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl Write for Buffer {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Buffer {
        type Writer = Buffer;
        fn make_writer(&'a self) -> Self::Writer {
            self.clone()
        }
    }

    #[test]
    fn json_lines_carry_flux_fields_and_span_context() {
        let buffer = Buffer::default();
        let subscriber = tracing_subscriber::fmt()
            .fmt_fields(JsonFields::new())
            .event_format(FluxJson)
            .with_writer(buffer.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            let span = tracing::info_span!(
                "reconcile",
                kind = "GitRepository",
                name = "podinfo",
                namespace = "default"
            );
            let _guard = span.enter();
            tracing::info!(revision = "main@sha1:abc", "stored artifact");
        });
        let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
        let line: Value = serde_json::from_str(text.trim()).unwrap();
        assert_eq!(line["level"], "info");
        assert_eq!(line["msg"], "stored artifact");
        assert_eq!(line["kind"], "GitRepository");
        assert_eq!(line["name"], "podinfo");
        assert_eq!(line["namespace"], "default");
        assert_eq!(line["revision"], "main@sha1:abc");
        assert!(line["ts"].as_str().unwrap().ends_with('Z'));
        let keys: Vec<_> = line.as_object().unwrap().keys().take(3).cloned().collect();
        assert_eq!(keys, ["level", "ts", "msg"]);
    }
}
