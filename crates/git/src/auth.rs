//! Credentials from a GitRepository's Secrets, as Flux reads them: `username` and
//! `password` (basic), `bearerToken`, `ca.crt`, `tls.crt` + `tls.key` for HTTP(S);
//! `identity`, `known_hosts` and `password` (the key's passphrase) for SSH; the
//! proxy Secret's `address`, `username`, `password`. Each transport validates
//! the keys it uses, as Flux does per URL scheme. Never printed.

use std::collections::BTreeMap;

use super::GitError;

/// A proxy from `spec.proxySecretRef`: HTTP(S) or SOCKS5 (the only kind for SSH).
#[derive(Clone, Default)]
pub struct Proxy {
    /// `address`, e.g. `http://proxy:3128`.
    pub address: String,
    /// `username` and `password`, if both are set.
    pub basic: Option<(String, String)>,
}

/// What a Git transport authenticates with.
#[derive(Clone, Default)]
pub struct Credentials {
    /// `username`.
    pub username: Option<String>,
    /// `password`: HTTP basic auth with `username`, or the SSH key's passphrase.
    pub password: Option<String>,
    /// HTTP bearer token (wins over basic).
    pub bearer_token: Option<String>,
    /// PEM CA bundle trusted in addition to the system roots.
    pub ca: Option<Vec<u8>>,
    /// PEM client certificate and key for mTLS.
    pub client_cert: Option<(Vec<u8>, Vec<u8>)>,
    /// The proxy to use.
    pub proxy: Option<Proxy>,
    /// SSH private key (`identity`, OpenSSH or PEM).
    pub identity: Option<Vec<u8>>,
    /// SSH `known_hosts` the server's host key must be listed in.
    pub known_hosts: Option<Vec<u8>>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username.is_some())
            .field("password", &self.password.is_some())
            .field("bearer_token", &self.bearer_token.is_some())
            .field("ca", &self.ca.is_some())
            .field("client_cert", &self.client_cert.is_some())
            .field("proxy", &self.proxy.is_some())
            .field("identity", &self.identity.is_some())
            .field("known_hosts", &self.known_hosts.is_some())
            .finish()
    }
}

fn text(data: &BTreeMap<String, Vec<u8>>, key: &str) -> Option<String> {
    data.get(key)
        .map(|v| {
            String::from_utf8_lossy(v)
                .trim_end_matches(['\n', '\r'])
                .to_owned()
        })
        .filter(|v| !v.is_empty())
}

impl Credentials {
    /// HTTP basic auth: `username` with `password` (or an empty one).
    pub fn basic(&self) -> Result<Option<(String, String)>, GitError> {
        match (&self.username, &self.password) {
            (Some(user), password) => {
                Ok(Some((user.clone(), password.clone().unwrap_or_default())))
            }
            (None, Some(_)) => Err(GitError::InvalidCredentials(
                "'password' is set without 'username'",
            )),
            (None, None) => Ok(None),
        }
    }

    /// Reads the auth Secret's `data`.
    pub fn from_secret(data: &BTreeMap<String, Vec<u8>>) -> Result<Self, GitError> {
        let client_cert = match (data.get("tls.crt"), data.get("tls.key")) {
            (Some(cert), Some(key)) => Some((cert.clone(), key.clone())),
            (None, None) => None,
            _ => {
                return Err(GitError::InvalidCredentials(
                    "'tls.crt' and 'tls.key' must be set together",
                ));
            }
        };
        Ok(Self {
            username: text(data, "username"),
            password: text(data, "password"),
            bearer_token: text(data, "bearerToken"),
            ca: data.get("ca.crt").or_else(|| data.get("caFile")).cloned(),
            client_cert,
            proxy: None,
            identity: data.get("identity").filter(|v| !v.is_empty()).cloned(),
            known_hosts: data.get("known_hosts").filter(|v| !v.is_empty()).cloned(),
        })
    }

    /// Adds the proxy Secret's `data`.
    pub fn with_proxy(mut self, data: &BTreeMap<String, Vec<u8>>) -> Result<Self, GitError> {
        let address = text(data, "address").ok_or(GitError::InvalidCredentials(
            "proxy secret has no 'address'",
        ))?;
        let basic = text(data, "username").zip(text(data, "password"));
        self.proxy = Some(Proxy { address, basic });
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn reads_flux_secret_keys_and_never_prints_them() {
        let creds = Credentials::from_secret(&data(&[
            ("username", "git"),
            ("password", "s3cret\n"),
            ("ca.crt", "PEM"),
        ]))
        .unwrap();
        assert_eq!(
            creds.basic().unwrap(),
            Some(("git".into(), "s3cret".into()))
        );
        assert_eq!(creds.ca.as_deref(), Some(&b"PEM"[..]));
        assert!(!format!("{creds:?}").contains("s3cret"));
        assert!(Credentials::from_secret(&data(&[("tls.crt", "x")])).is_err());
        let ssh = Credentials::from_secret(&data(&[
            ("identity", "KEY"),
            ("known_hosts", "HOSTS"),
            ("password", "passphrase"),
        ]))
        .unwrap();
        assert!(ssh.basic().is_err(), "a password alone is no basic auth");
        assert_eq!(ssh.identity.as_deref(), Some(&b"KEY"[..]));
        assert!(!format!("{ssh:?}").contains("passphrase"));
        let proxied = creds
            .with_proxy(&data(&[("address", "http://proxy:3128")]))
            .unwrap();
        assert_eq!(
            proxied.proxy.map(|p| p.address).as_deref(),
            Some("http://proxy:3128")
        );
    }
}
