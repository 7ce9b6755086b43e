//! A SOCKS5 `CONNECT` (RFC 1928, username/password per RFC 1929) for SSH through
//! `spec.proxySecretRef`: the only proxy kind Flux supports for SSH.

use std::net::IpAddr;

use reqwest::Url;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::super::super::auth::Proxy;
use super::SshError;

const VERSION: u8 = 5;
const NO_AUTH: u8 = 0;
const USER_PASSWORD: u8 = 2;
const NO_ACCEPTABLE: u8 = 0xff;

/// Opens a TCP stream to `host:port` through `proxy`.
pub(super) async fn connect(proxy: &Proxy, host: &str, port: u16) -> Result<TcpStream, SshError> {
    let address = Url::parse(&proxy.address)
        .ok()
        .filter(|u| matches!(u.scheme(), "socks5" | "socks5h"))
        .ok_or(SshError::Proxy("the proxy address must be a socks5:// URL"))?;
    let proxy_host = address
        .host_str()
        .ok_or(SshError::Proxy("the proxy address has no host"))?;
    let proxy_port = address.port().unwrap_or(1080);
    let mut stream = TcpStream::connect((proxy_host.trim_matches(['[', ']']), proxy_port))
        .await
        .map_err(|e| SshError::Connect(format!("{proxy_host}:{proxy_port}"), e))?;
    handshake(&mut stream, proxy, host, port)
        .await
        .map_err(|e| match e {
            Handshake::Io(e) => SshError::Connect(format!("{proxy_host}:{proxy_port}"), e),
            Handshake::Refused(message) => SshError::Proxy(message),
        })?;
    Ok(stream)
}

enum Handshake {
    Io(std::io::Error),
    Refused(&'static str),
}

impl From<std::io::Error> for Handshake {
    fn from(error: std::io::Error) -> Self {
        Self::Io(error)
    }
}

async fn handshake(
    stream: &mut TcpStream,
    proxy: &Proxy,
    host: &str,
    port: u16,
) -> Result<(), Handshake> {
    let methods: &[u8] = if proxy.basic.is_some() {
        &[NO_AUTH, USER_PASSWORD]
    } else {
        &[NO_AUTH]
    };
    let mut hello = vec![VERSION, methods.len() as u8];
    hello.extend_from_slice(methods);
    stream.write_all(&hello).await?;
    let mut choice = [0u8; 2];
    stream.read_exact(&mut choice).await?;
    match (choice, &proxy.basic) {
        ([VERSION, NO_AUTH], _) => {}
        ([VERSION, USER_PASSWORD], Some((user, password))) => {
            let (user, password) = (user.as_bytes(), password.as_bytes());
            if user.len() > 255 || password.len() > 255 {
                return Err(Handshake::Refused("proxy username or password too long"));
            }
            let mut auth = vec![1, user.len() as u8];
            auth.extend_from_slice(user);
            auth.push(password.len() as u8);
            auth.extend_from_slice(password);
            stream.write_all(&auth).await?;
            let mut status = [0u8; 2];
            stream.read_exact(&mut status).await?;
            if status[1] != 0 {
                return Err(Handshake::Refused(
                    "the proxy rejected the username and password",
                ));
            }
        }
        ([VERSION, NO_ACCEPTABLE], _) => {
            return Err(Handshake::Refused(
                "the proxy accepts none of our auth methods",
            ));
        }
        _ => return Err(Handshake::Refused("the proxy does not speak SOCKS5")),
    }
    stream.write_all(&connect_request(host, port)?).await?;
    let mut reply = [0u8; 4];
    stream.read_exact(&mut reply).await?;
    if reply[0] != VERSION {
        return Err(Handshake::Refused("the proxy does not speak SOCKS5"));
    }
    if reply[1] != 0 {
        return Err(Handshake::Refused(refusal(reply[1])));
    }
    // The bound address, unused: skip it.
    let skip = match reply[3] {
        1 => 4,
        4 => 16,
        3 => usize::from(stream.read_u8().await?),
        _ => return Err(Handshake::Refused("the proxy sent an invalid address")),
    };
    let mut rest = vec![0u8; skip + 2];
    stream.read_exact(&mut rest).await?;
    Ok(())
}

fn connect_request(host: &str, port: u16) -> Result<Vec<u8>, Handshake> {
    let mut request = vec![VERSION, 1, 0];
    match host.trim_matches(['[', ']']).parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => {
            request.push(1);
            request.extend_from_slice(&ip.octets());
        }
        Ok(IpAddr::V6(ip)) => {
            request.push(4);
            request.extend_from_slice(&ip.octets());
        }
        Err(_) => {
            let name = host.as_bytes();
            let len =
                u8::try_from(name.len()).map_err(|_| Handshake::Refused("host name too long"))?;
            request.push(3);
            request.push(len);
            request.extend_from_slice(name);
        }
    }
    request.extend_from_slice(&port.to_be_bytes());
    Ok(request)
}

fn refusal(code: u8) -> &'static str {
    match code {
        2 => "the proxy's rules forbid the connection",
        3 => "the proxy reports the network unreachable",
        4 => "the proxy reports the host unreachable",
        5 => "the proxy reports the connection refused",
        6 => "the proxy reports a TTL expiry",
        _ => "the proxy refused the connection",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connect_requests_name_ips_and_hosts() {
        assert!(matches!(
            connect_request("127.0.0.1", 22).ok().as_deref(),
            Some([5, 1, 0, 1, 127, 0, 0, 1, 0, 22])
        ));
        let named = connect_request("git", 2222).ok().unwrap_or_default();
        assert_eq!(named, [5, 1, 0, 3, 3, b'g', b'i', b't', 0x08, 0xae]);
        assert!(connect_request(&"h".repeat(300), 22).is_err());
    }
}
