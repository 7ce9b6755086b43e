//! Smart HTTP: `GET <url>/info/refs?service=git-upload-pack`, then
//! `POST <url>/git-upload-pack`, with basic or bearer auth, a custom CA, a client
//! certificate and a proxy, all from the GitRepository's Secrets.

use std::time::Duration;

use reqwest::{Client, RequestBuilder, StatusCode, Url};

use super::super::GitError;
use super::super::advertisement::{self, Advertisement};
use super::super::auth::Credentials;
use super::super::negotiate::PackReceiver;

/// Largest advertisement we read (refs of big monorepos stay far below).
const MAX_ADVERTISEMENT: usize = 32 << 20;

#[derive(Debug)]
pub(super) struct HttpTransport {
    client: Client,
    auth: Auth,
}

enum Auth {
    None,
    Basic(String, String),
    Bearer(String),
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::None => "None",
            Self::Basic(..) => "Basic(<redacted>)",
            Self::Bearer(_) => "Bearer(<redacted>)",
        })
    }
}

impl HttpTransport {
    pub(super) fn new(credentials: &Credentials, timeout: Duration) -> Result<Self, GitError> {
        let mut builder = Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .user_agent(concat!("git/2.0 (oxbow/", env!("CARGO_PKG_VERSION"), ")"));
        if let Some(ca) = &credentials.ca {
            let certs = reqwest::Certificate::from_pem_bundle(ca)
                .map_err(|_| GitError::InvalidCredentials("ca.crt is not a valid PEM bundle"))?;
            builder = builder.tls_certs_merge(certs);
        }
        if let Some((cert, key)) = &credentials.client_cert {
            let mut pem = cert.clone();
            pem.push(b'\n');
            pem.extend_from_slice(key);
            let identity = reqwest::Identity::from_pem(&pem).map_err(|_| {
                GitError::InvalidCredentials("tls.crt/tls.key are not a valid PEM key pair")
            })?;
            builder = builder.identity(identity);
        }
        builder = match &credentials.proxy {
            Some(proxy) => {
                let mut p = reqwest::Proxy::all(&proxy.address)
                    .map_err(|_| GitError::InvalidCredentials("proxy address is invalid"))?;
                if let Some((user, password)) = &proxy.basic {
                    p = p.basic_auth(user, password);
                }
                builder.proxy(p)
            }
            // As Flux: without a proxy Secret, HTTPS_PROXY/ALL_PROXY/NO_PROXY apply.
            None => builder,
        };
        let client = builder.build().map_err(GitError::Http)?;
        let auth = match &credentials.bearer_token {
            Some(token) => Auth::Bearer(token.clone()),
            None => match credentials.basic()? {
                Some((user, password)) => Auth::Basic(user, password),
                None => Auth::None,
            },
        };
        Ok(Self { client, auth })
    }

    fn authorize(&self, request: RequestBuilder) -> RequestBuilder {
        match &self.auth {
            Auth::None => request,
            Auth::Basic(user, password) => request.basic_auth(user, Some(password)),
            Auth::Bearer(token) => request.bearer_auth(token),
        }
    }

    pub(super) async fn advertisement(&self, url: &Url) -> Result<Advertisement, GitError> {
        let target = endpoint(url, "info/refs?service=git-upload-pack");
        let request = self.authorize(self.client.get(target));
        let mut response = check(request.send().await.map_err(GitError::Http)?)?;
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(GitError::Http)? {
            body.extend_from_slice(&chunk);
            if body.len() > MAX_ADVERTISEMENT {
                return Err(GitError::TooLarge {
                    limit: MAX_ADVERTISEMENT as u64,
                });
            }
        }
        if !body.starts_with(b"001e# service=git-upload-pack") {
            return Err(GitError::Protocol(
                "the server does not speak smart HTTP".into(),
            ));
        }
        match advertisement::parse(&body)? {
            Some((adv, _)) => Ok(adv),
            None => Err(GitError::Protocol("truncated ref advertisement".into())),
        }
    }

    pub(super) async fn upload_pack(
        &self,
        url: &Url,
        body: Vec<u8>,
        mut receiver: PackReceiver,
        file: &mut tokio::fs::File,
    ) -> Result<(), GitError> {
        let request = self
            .authorize(self.client.post(endpoint(url, "git-upload-pack")))
            .header("content-type", "application/x-git-upload-pack-request")
            .header("accept", "application/x-git-upload-pack-result")
            .body(body);
        let mut response = check(request.send().await.map_err(GitError::Http)?)?;
        let mut buf = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(GitError::Http)? {
            super::write_chunk(&mut receiver, &chunk, &mut buf, file).await?;
        }
        Ok(())
    }
}

fn endpoint(url: &Url, suffix: &str) -> String {
    let mut base = url.clone();
    let _ = base.set_username("");
    let _ = base.set_password(None);
    format!("{}/{suffix}", base.as_str().trim_end_matches('/'))
}

fn check(response: reqwest::Response) -> Result<reqwest::Response, GitError> {
    match response.status() {
        s if s.is_success() => Ok(response),
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
            Err(GitError::AuthenticationFailed(response.status().as_u16()))
        }
        StatusCode::NOT_FOUND => Err(GitError::RepositoryNotFound),
        s => Err(GitError::HttpStatus(s.as_u16())),
    }
}
