//! Listen addresses written the Go way: `:8080` means every interface, `host:port`
//! a specific one.

use std::fmt;
use std::str::FromStr;

use super::FlagError;

/// A `host:port` to listen on; an empty host means all interfaces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListenAddr {
    /// The host or IP to bind; empty means all IPv4 interfaces.
    pub host: String,
    /// The TCP port; 0 picks a free one.
    pub port: u16,
}

impl ListenAddr {
    /// The host to hand to the socket layer: `0.0.0.0` when none was given.
    pub fn bind_host(&self) -> &str {
        if self.host.is_empty() {
            "0.0.0.0"
        } else {
            self.host.trim_start_matches('[').trim_end_matches(']')
        }
    }

    /// Binds a TCP listener on this address.
    pub async fn bind(&self) -> std::io::Result<tokio::net::TcpListener> {
        tokio::net::TcpListener::bind((self.bind_host(), self.port)).await
    }
}

impl FromStr for ListenAddr {
    type Err = FlagError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let invalid = || FlagError::Address(input.to_owned());
        let (host, port) = input.rsplit_once(':').ok_or_else(invalid)?;
        let port = port.parse().map_err(|_| invalid())?;
        if host.contains(':') && !(host.starts_with('[') && host.ends_with(']')) {
            return Err(invalid());
        }
        Ok(Self {
            host: host.to_owned(),
            port,
        })
    }
}

impl fmt::Display for ListenAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.host, self.port)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_go_listen_addresses() {
        let all: ListenAddr = ":8080".parse().unwrap();
        assert_eq!(all.bind_host(), "0.0.0.0");
        assert_eq!(all.port, 8080);
        let local: ListenAddr = "127.0.0.1:0".parse().unwrap();
        assert_eq!(local.bind_host(), "127.0.0.1");
        let v6: ListenAddr = "[::1]:9440".parse().unwrap();
        assert_eq!(v6.bind_host(), "::1");
        assert_eq!(v6.to_string(), "[::1]:9440");
        for bad in ["8080", ":http", "::1:80", ""] {
            assert!(bad.parse::<ListenAddr>().is_err(), "{bad}");
        }
    }
}
