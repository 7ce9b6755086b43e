//! `genPrivateKey`, `genCA`, `genSelfSignedCert`, `genSignedCert` (and their
//! `WithKey` forms) and `buildCustomCert`. A certificate is a map with `Cert` and
//! `Key` (PEM), the fields of Sprig's `certificate` struct.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::Arc;

use crate::engine::value::Value;
use crate::funcs::FuncMap;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rcgen::KeyPair;

use super::der;
use super::x509::{self, Parent, Template};
use crate::funcs::{add, arity, fail, fmt_v, int_arg, list_arg, map, map_arg, s, str_arg};

/// Go's `pem.Encode`.
fn pem_encode(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// The first PEM block of `text`: label and DER.
fn pem_decode(text: &str) -> Option<(String, Vec<u8>)> {
    let start = text.find("-----BEGIN ")?;
    let rest = &text[start + 11..];
    let label_end = rest.find("-----")?;
    let label = rest[..label_end].to_string();
    let body_start = label_end + 5;
    let end_marker = format!("-----END {label}-----");
    let end = rest.find(&end_marker)?;
    let body: String = rest[body_start..end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    Some((label, STANDARD.decode(body).ok()?))
}

/// The PEM Sprig writes for a key: PKCS#1 for RSA, SEC1 for ECDSA, PKCS#8 otherwise.
fn key_pem(key: &KeyPair) -> String {
    let pkcs8 = key.serialize_der();
    match &der::pkcs8_inner(&pkcs8) {
        Some((alg, inner)) if der::is_rsa(alg) => pem_encode("RSA PRIVATE KEY", inner),
        Some((alg, inner)) if let Some(curve) = der::ec_curve(alg) => pem_encode(
            "EC PRIVATE KEY",
            &der::sec1_with_params(inner, curve).unwrap_or_else(|| inner.clone()),
        ),
        _ => pem_encode("PRIVATE KEY", &pkcs8),
    }
}

fn parse_key(text: &str) -> Result<KeyPair, String> {
    let (label, der_bytes) = pem_decode(text).ok_or("no PEM data found")?;
    let pkcs8 = match label.as_str() {
        "RSA PRIVATE KEY" => der::wrap_pkcs8(true, &der_bytes),
        "EC PRIVATE KEY" => der::wrap_pkcs8(false, &der_bytes),
        "PRIVATE KEY" => der_bytes,
        other => return Err(format!("invalid private key type {other}")),
    };
    let alg = match &der::pkcs8_inner(&pkcs8) {
        Some((alg, _)) if der::is_rsa(alg) => &rcgen::PKCS_RSA_SHA256,
        // The hash Go's `x509` signs with for the curve.
        Some((alg, _)) if let Some(curve) = der::ec_curve(alg) => match curve {
            der::P256_OID => &rcgen::PKCS_ECDSA_P256_SHA256,
            der::P384_OID => &rcgen::PKCS_ECDSA_P384_SHA384,
            der::P521_OID => &rcgen::PKCS_ECDSA_P521_SHA512,
            _ => return Err("x509: unknown elliptic curve".to_string()),
        },
        _ => &rcgen::PKCS_ED25519,
    };
    KeyPair::from_pkcs8_der_and_sign_algo(&pkcs8.into(), alg).map_err(|e| e.to_string())
}

fn rsa(bits: rcgen::RsaKeySize) -> Result<KeyPair, String> {
    KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, bits).map_err(|e| e.to_string())
}

fn generate_private_key(typ: &str) -> String {
    let key = match typ {
        "" | "rsa" => rsa(rcgen::RsaKeySize::_4096),
        "ecdsa" => KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).map_err(|e| e.to_string()),
        "ed25519" => KeyPair::generate_for(&rcgen::PKCS_ED25519).map_err(|e| e.to_string()),
        "dsa" => Err("DSA keys are not supported".to_string()),
        other => return format!("Unknown type {other}"),
    };
    match key {
        Ok(k) => key_pem(&k),
        Err(e) => format!("failed to generate private key: {e}"),
    }
}

/// Sprig's `getBaseCertTemplate`: the addresses and names checked as Sprig
/// checks them.
fn template<'a>(
    cn: &'a str,
    ips: &[Value],
    dns: &[Value],
    days: i64,
    is_ca: bool,
) -> Result<Template<'a>, String> {
    let mut t = Template {
        common_name: cn,
        ips: Vec::with_capacity(ips.len()),
        dns_names: Vec::with_capacity(dns.len()),
        days,
        is_ca,
    };
    for ip in ips {
        let Value::String(text) = ip else {
            return Err(format!("error parsing ip: {} is not a string", fmt_v(ip)));
        };
        let addr: IpAddr = text
            .parse()
            .map_err(|_| format!("error parsing ip: {text}"))?;
        t.ips.push(addr);
    }
    for name in dns {
        let Value::String(text) = name else {
            return Err(format!(
                "error processing alternate dns name: {} is not a string",
                fmt_v(name)
            ));
        };
        t.dns_names.push(text.to_string());
    }
    Ok(t)
}

fn certificate(cert: String, key: String) -> Value {
    let mut m = BTreeMap::new();
    m.insert(Arc::from("Cert"), s(cert));
    m.insert(Arc::from("Key"), s(key));
    map(m)
}

fn create(
    t: &Template,
    key: &KeyPair,
    issuer: Option<(&Parent, &KeyPair)>,
) -> Result<Value, String> {
    let der =
        x509::create(t, key, issuer).map_err(|e| format!("error creating certificate: {e}"))?;
    Ok(certificate(pem_encode("CERTIFICATE", &der), key_pem(key)))
}

fn ca(cn: &str, days: i64, key: KeyPair) -> Result<Value, String> {
    create(&template(cn, &[], &[], days, true)?, &key, None)
}

fn self_signed(
    cn: &str,
    ips: &[Value],
    dns: &[Value],
    days: i64,
    key: KeyPair,
) -> Result<Value, String> {
    create(&template(cn, ips, dns, days, false)?, &key, None)
}

fn signed(
    cn: &str,
    ips: &[Value],
    dns: &[Value],
    days: i64,
    ca: &BTreeMap<Arc<str>, Value>,
    key: KeyPair,
) -> Result<Value, String> {
    let field = |k: &str| match ca.get(k) {
        Some(Value::String(v)) => Ok(v.to_string()),
        _ => Err(format!("error parsing CA: missing {k}")),
    };
    let ca_key = parse_key(&field("Key")?).map_err(|e| format!("error parsing CA: {e}"))?;
    let ca_der = pem_decode(&field("Cert")?)
        .filter(|(label, _)| label == "CERTIFICATE")
        .ok_or("error parsing CA: tls: failed to find any PEM data in certificate input")?
        .1;
    let parent =
        Parent::from_der(&ca_der).ok_or("error parsing CA: x509: malformed certificate")?;
    if !parent.matches(&ca_key) {
        return Err("error parsing CA: tls: private key does not match public key".to_string());
    }
    create(
        &template(cn, ips, dns, days, false)?,
        &key,
        Some((&parent, &ca_key)),
    )
}

pub(super) fn register(m: &mut FuncMap) {
    add(m, "genPrivateKey", |n, a| {
        arity(n, a, 1)?;
        Ok(s(generate_private_key(str_arg(n, a, 0)?)))
    });
    add(m, "genCA", |n, a| {
        arity(n, a, 2)?;
        let key = rsa(rcgen::RsaKeySize::_2048).map_err(|e| fail(n, e))?;
        ca(str_arg(n, a, 0)?, int_arg(n, a, 1)?, key).map_err(|e| fail(n, e))
    });
    add(m, "genCAWithKey", |n, a| {
        arity(n, a, 3)?;
        // Go checks every argument's type before the call, in order.
        let (cn, days, pem) = (str_arg(n, a, 0)?, int_arg(n, a, 1)?, str_arg(n, a, 2)?);
        let key = parse_key(pem).map_err(|e| fail(n, format!("parse private key: {e}")))?;
        ca(cn, days, key).map_err(|e| fail(n, e))
    });
    add(m, "genSelfSignedCert", |n, a| {
        arity(n, a, 4)?;
        let key = rsa(rcgen::RsaKeySize::_2048).map_err(|e| fail(n, e))?;
        self_signed(
            str_arg(n, a, 0)?,
            list_arg(n, a, 1)?,
            list_arg(n, a, 2)?,
            int_arg(n, a, 3)?,
            key,
        )
        .map_err(|e| fail(n, e))
    });
    add(m, "genSelfSignedCertWithKey", |n, a| {
        arity(n, a, 5)?;
        let (cn, ips, dns, days, pem) = (
            str_arg(n, a, 0)?,
            list_arg(n, a, 1)?,
            list_arg(n, a, 2)?,
            int_arg(n, a, 3)?,
            str_arg(n, a, 4)?,
        );
        let key = parse_key(pem).map_err(|e| fail(n, format!("parse private key: {e}")))?;
        self_signed(cn, ips, dns, days, key).map_err(|e| fail(n, e))
    });
    add(m, "genSignedCert", |n, a| {
        arity(n, a, 5)?;
        let key = rsa(rcgen::RsaKeySize::_2048).map_err(|e| fail(n, e))?;
        signed(
            str_arg(n, a, 0)?,
            list_arg(n, a, 1)?,
            list_arg(n, a, 2)?,
            int_arg(n, a, 3)?,
            &*map_arg(n, a, 4)?,
            key,
        )
        .map_err(|e| fail(n, e))
    });
    add(m, "genSignedCertWithKey", |n, a| {
        arity(n, a, 6)?;
        let (cn, ips, dns, days, ca) = (
            str_arg(n, a, 0)?,
            list_arg(n, a, 1)?,
            list_arg(n, a, 2)?,
            int_arg(n, a, 3)?,
            map_arg(n, a, 4)?,
        );
        let key =
            parse_key(str_arg(n, a, 5)?).map_err(|e| fail(n, format!("parse private key: {e}")))?;
        signed(cn, ips, dns, days, &ca, key).map_err(|e| fail(n, e))
    });
    add(m, "buildCustomCert", |n, a| {
        arity(n, a, 2)?;
        let cert = STANDARD
            .decode(str_arg(n, a, 0)?)
            .map_err(|_| fail(n, "unable to decode base64 certificate"))?;
        let key = STANDARD
            .decode(str_arg(n, a, 1)?)
            .map_err(|_| fail(n, "unable to decode base64 private key"))?;
        let (cert, key) = (
            String::from_utf8_lossy(&cert).into_owned(),
            String::from_utf8_lossy(&key).into_owned(),
        );
        if pem_decode(&cert).is_none() {
            return Err(fail(n, "unable to decode certificate"));
        }
        parse_key(&key).map_err(|e| fail(n, format!("error parsing private key: {e}")))?;
        Ok(certificate(cert, key))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_keys_and_certificates_in_go_pem_forms() {
        assert!(generate_private_key("ecdsa").starts_with("-----BEGIN EC PRIVATE KEY-----\n"));
        assert!(generate_private_key("ed25519").starts_with("-----BEGIN PRIVATE KEY-----\n"));
        assert_eq!(generate_private_key("foo"), "Unknown type foo");
        let ca_cert = ca("my-ca", 365, rsa(rcgen::RsaKeySize::_2048).unwrap()).unwrap();
        let Value::Map(ca_map) = &ca_cert else {
            panic!("not a map")
        };
        assert!(
            matches!(ca_map.get("Key"), Some(Value::String(k)) if k.starts_with("-----BEGIN RSA PRIVATE KEY-----"))
        );
        let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let leaf = signed(
            "leaf",
            &[s("10.0.0.1")],
            &[s("leaf.example")],
            30,
            &ca_map.borrow(),
            key,
        )
        .unwrap();
        let Value::Map(leaf) = leaf else {
            panic!("not a map")
        };
        check_structure(&ca_map.borrow(), &leaf.borrow());
        let Some(Value::String(k)) = leaf.get("Key") else {
            panic!("no key")
        };
        assert!(parse_key(&k).is_ok());
    }

    #[test]
    fn given_keys_keep_their_curve_and_form() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/keys");
        let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
        for (file, alg) in [
            ("ec-p256.pem", &rcgen::PKCS_ECDSA_P256_SHA256),
            ("ec-p384.pem", &rcgen::PKCS_ECDSA_P384_SHA384),
            ("ec-p521.pem", &rcgen::PKCS_ECDSA_P521_SHA512),
            ("rsa-pkcs1.pem", &rcgen::PKCS_RSA_SHA256),
            ("ed25519.pem", &rcgen::PKCS_ED25519),
        ] {
            let key = parse_key(&read(file)).unwrap();
            assert_eq!(key.algorithm(), alg, "{file}");
            // These files are in the form Go writes (SEC1 naming its curve).
            assert_eq!(key_pem(&key), read(file), "{file}");
        }
        // PKCS#8 in, SEC1 out, as Go's `pemBlockForKey` writes an ECDSA key.
        let key = parse_key(&read("ec-p384-pkcs8.pem")).unwrap();
        assert_eq!(key_pem(&key), read("ec-p384.pem"));
        // secp256k1: a curve Go's x509 does not know either.
        let k1 = "-----BEGIN EC PRIVATE KEY-----\n\
                  MHQCAQEEIGuL2Ha8jFnHWCkq2ebMUJ0zZELl6eY2Yx+zIe1CNqvxoAcGBSuBBAAK\n\
                  oUQDQgAEZC7W3xQxBQ9L1S1f4lh4Y4mJn9mWnSZ9YV4L3m3bPJQxW8QcvF0v5wC7\n\
                  Pq3zW5xK0tVfG8i1jT1s7s3c2cZ7bA==\n\
                  -----END EC PRIVATE KEY-----\n";
        assert_eq!(
            parse_key(k1).err().as_deref(),
            Some("x509: unknown elliptic curve")
        );
    }

    fn der_of(v: &Value) -> Vec<u8> {
        let Value::String(pem) = v else {
            panic!("not a string")
        };
        pem_decode(pem).unwrap().1
    }

    /// The extensions Go's x509.CreateCertificate writes for Sprig's templates
    /// (their layout is compared with Helm's in `tests/certs_sdk.rs`).
    fn check_structure(ca: &BTreeMap<Arc<str>, Value>, leaf: &BTreeMap<Arc<str>, Value>) {
        use x509_parser::prelude::*;
        let ca_der = der_of(&ca["Cert"]);
        let (_, ca_cert) = parse_x509_certificate(&ca_der).unwrap();
        assert!(ca_cert.is_ca());
        let ku = ca_cert.key_usage().unwrap().unwrap().value;
        assert!(ku.digital_signature() && ku.key_encipherment() && ku.key_cert_sign());
        let eku = ca_cert.extended_key_usage().unwrap().unwrap().value;
        assert!(eku.server_auth && eku.client_auth);
        let skid = ca_cert
            .extensions()
            .iter()
            .find_map(|e| match e.parsed_extension() {
                ParsedExtension::SubjectKeyIdentifier(k) => Some(k.0.to_vec()),
                _ => None,
            });
        let spk = ca_cert.public_key().subject_public_key.data.to_vec();
        // Go 1.25 and later: the first 160 bits of the key's SHA-256.
        assert_eq!(
            skid,
            Some(<sha2::Sha256 as sha2::Digest>::digest(&spk)[..20].to_vec())
        );
        let days = (ca_cert.validity().not_after.timestamp()
            - ca_cert.validity().not_before.timestamp())
            / 86_400;
        assert_eq!(days, 365);
        assert_eq!(ca_cert.subject().to_string(), "CN=my-ca");

        let leaf_der = der_of(&leaf["Cert"]);
        let (_, leaf_cert) = parse_x509_certificate(&leaf_der).unwrap();
        assert!(!leaf_cert.is_ca());
        assert_eq!(leaf_cert.issuer(), ca_cert.subject());
        leaf_cert
            .verify_signature(Some(ca_cert.public_key()))
            .unwrap();
        let akid = leaf_cert
            .extensions()
            .iter()
            .find_map(|e| match e.parsed_extension() {
                ParsedExtension::AuthorityKeyIdentifier(a) => {
                    a.key_identifier.as_ref().map(|k| k.0.to_vec())
                }
                _ => None,
            });
        assert_eq!(akid, skid);
        // Go gives only a CA a subject key id.
        assert!(!leaf_cert.extensions().iter().any(|e| matches!(
            e.parsed_extension(),
            ParsedExtension::SubjectKeyIdentifier(_)
        )));
        let san = leaf_cert.subject_alternative_name().unwrap().unwrap().value;
        let names: Vec<String> = san.general_names.iter().map(|g| format!("{g}")).collect();
        assert!(
            names.iter().any(|n| n.contains("leaf.example")),
            "{names:?}"
        );
        assert!(names.iter().any(|n| n.contains("0a:00:00:01")), "{names:?}");
    }
}
