//! The `http(s)` schemas that charts' `values.schema.json` files reference,
//! fetched as Helm fetches them (a GET with a 15-second timeout, proxies from
//! the environment), and bounded in size.

use std::io::Read;
use std::sync::OnceLock;
use std::time::Duration;

use oxbow_common::runtime::outcome::error_chain as chain;
use oxbow_helm::values::SchemaLoader;

/// Helm's timeout for one schema fetch.
const TIMEOUT: Duration = Duration::from_secs(15);

/// Largest schema document fetched (bytes).
const MAX_BYTES: u64 = 5 * 1024 * 1024;

/// Fetches referenced schemas; the HTTP client is built on the first fetch,
/// so charts without remote references pay nothing.
#[derive(Debug, Default)]
pub(crate) struct HttpSchemaLoader {
    client: OnceLock<Result<reqwest::blocking::Client, String>>,
}

impl HttpSchemaLoader {
    fn client(&self) -> Result<&reqwest::blocking::Client, String> {
        self.client
            .get_or_init(|| {
                reqwest::blocking::Client::builder()
                    .timeout(TIMEOUT)
                    .user_agent(concat!("oxbow/", env!("CARGO_PKG_VERSION")))
                    .build()
                    .map_err(|e| format!("cannot create the HTTP client: {}", chain(&e)))
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

impl SchemaLoader for HttpSchemaLoader {
    fn load(&self, url: &str) -> Result<Vec<u8>, String> {
        let failed =
            |e: &dyn std::error::Error| format!("HTTP request failed for {url}: {}", chain(e));
        let response = self.client()?.get(url).send().map_err(|e| failed(&e))?;
        let status = response.status();
        if status != reqwest::StatusCode::OK {
            return Err(format!(
                "HTTP request to {url} returned status {} ({})",
                status.as_u16(),
                status.canonical_reason().unwrap_or_default()
            ));
        }
        let mut body = Vec::new();
        response
            .take(MAX_BYTES + 1)
            .read_to_end(&mut body)
            .map_err(|e| failed(&e))?;
        if body.len() as u64 > MAX_BYTES {
            return Err(format!(
                "HTTP request failed for {url}: the schema is larger than {MAX_BYTES} bytes"
            ));
        }
        Ok(body)
    }
}
