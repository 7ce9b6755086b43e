//! Certificates laid out byte for byte as Go's `x509.CreateCertificate` lays out
//! Sprig's templates: the serial's width, the string type of the common name,
//! UTCTime against GeneralizedTime, which extensions appear and in which order,
//! and the subject key id Go derives. Only the random parts (serial, keys,
//! signature) and the clock differ from a certificate Helm writes.

use std::net::IpAddr;

use rand::RngCore;
use rcgen::{KeyPair, PublicKeyData, SigningKey};
use sha2::Digest;

use super::der::{read, write};
use crate::funcs::go_quote;

const SEQUENCE: u8 = 0x30;
const SET: u8 = 0x31;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OCTET_STRING: u8 = 0x04;
const BOOLEAN: u8 = 0x01;
const OBJECT_IDENTIFIER: u8 = 0x06;
const PRINTABLE_STRING: u8 = 0x13;
const UTF8_STRING: u8 = 0x0c;
const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;
/// `[0]` constructed: the version, and the key id inside an authority key id.
const CONTEXT_0: u8 = 0xa0;
const KEY_ID: u8 = 0x80;
const EXTENSIONS: u8 = 0xa3;
const SAN_DNS: u8 = 0x82;
const SAN_IP: u8 = 0x87;

/// OID contents (without tag and length).
const OID_COMMON_NAME: &[u8] = &[0x55, 0x04, 0x03];
const OID_KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x0f];
const OID_EXT_KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x25];
const OID_BASIC_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x13];
const OID_SUBJECT_KEY_ID: &[u8] = &[0x55, 0x1d, 0x0e];
const OID_AUTHORITY_KEY_ID: &[u8] = &[0x55, 0x1d, 0x23];
const OID_SUBJECT_ALT_NAME: &[u8] = &[0x55, 0x1d, 0x11];
const OID_SERVER_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01];
const OID_CLIENT_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02];

/// Signature AlgorithmIdentifiers Go writes for the signer's key.
const SHA256_WITH_RSA: &[u8] = &[
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00,
];
const ECDSA_WITH_SHA256: &[u8] = &[
    0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
];
const ECDSA_WITH_SHA384: &[u8] = &[
    0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03,
];
const ECDSA_WITH_SHA512: &[u8] = &[
    0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04,
];
const ED25519: &[u8] = &[0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70];

/// Key usage bits in Go's (bit-reversed) byte: digitalSignature, keyEncipherment,
/// and keyCertSign for a CA.
const KEY_USAGE_LEAF: u8 = 0b1010_0000;
const KEY_USAGE_CA: u8 = 0b1010_0100;
/// Go's `time.Hour * 24` in nanoseconds.
const DAY_NANOS: i64 = 86_400_000_000_000;

/// What Sprig's `getBaseCertTemplate` fills in, plus `IsCA` for `genCA`.
pub(super) struct Template<'a> {
    /// The subject's common name; empty gives an empty subject.
    pub common_name: &'a str,
    /// `IPAddresses`, in order.
    pub ips: Vec<IpAddr>,
    /// `DNSNames`, in order.
    pub dns_names: Vec<String>,
    /// `daysValid`.
    pub days: i64,
    /// `IsCA` (a CA also gets `keyCertSign`).
    pub is_ca: bool,
}

/// The signing certificate's parts Go reads: its raw subject (the issuer name),
/// its subject key id, and its public key.
pub(super) struct Parent {
    subject: Vec<u8>,
    key_id: Option<Vec<u8>>,
    public_key: Vec<u8>,
}

impl Parent {
    /// Reads a DER certificate.
    pub(super) fn from_der(cert: &[u8]) -> Option<Parent> {
        let (SEQUENCE, body, _) = read(cert)? else {
            return None;
        };
        let (SEQUENCE, tbs, _) = read(body)? else {
            return None;
        };
        let mut fields = Vec::new();
        let mut rest = tbs;
        while !rest.is_empty() {
            let (tag, content, more) = read(rest)?;
            fields.push((tag, content, &rest[..rest.len() - more.len()]));
            rest = more;
        }
        // An explicit version comes first; serial, signature, issuer, validity,
        // subject and key follow.
        let skip = usize::from(fields.first()?.0 == CONTEXT_0);
        let subject = fields.get(skip + 4)?.2.to_vec();
        let (_, spki, _) = fields.get(skip + 5)?;
        let (_, _alg, rest) = read(spki)?;
        let (BIT_STRING, bits, _) = read(rest)? else {
            return None;
        };
        let public_key = bits.get(1..)?.to_vec();
        let key_id = fields
            .iter()
            .find(|f| f.0 == EXTENSIONS)
            .and_then(|f| subject_key_id(f.1));
        Some(Parent {
            subject,
            key_id,
            public_key,
        })
    }

    /// Whether `key` is the private half of this certificate's public key.
    pub(super) fn matches(&self, key: &KeyPair) -> bool {
        self.public_key == key.der_bytes()
    }
}

/// The subject key id among a certificate's `[3]` extensions.
fn subject_key_id(extensions: &[u8]) -> Option<Vec<u8>> {
    let (SEQUENCE, mut list, _) = read(extensions)? else {
        return None;
    };
    while !list.is_empty() {
        let (_, ext, more) = read(list)?;
        let (_, oid, rest) = read(ext)?;
        if oid == OID_SUBJECT_KEY_ID {
            let (mut tag, mut value, rest) = read(rest)?;
            if tag == BOOLEAN {
                // The optional `critical` flag came first.
                (tag, value, _) = read(rest)?;
            }
            if tag != OCTET_STRING {
                return None;
            }
            let (OCTET_STRING, id, _) = read(value)? else {
                return None;
            };
            return Some(id.to_vec());
        }
        list = more;
    }
    None
}

/// `x509.CreateCertificate(rand, template, parent, key.Public(), signer)`: a
/// self-signed certificate when `issuer` is `None`.
pub(super) fn create(
    template: &Template,
    key: &KeyPair,
    issuer: Option<(&Parent, &KeyPair)>,
) -> Result<Vec<u8>, String> {
    let signer = issuer.map_or(key, |(_, k)| k);
    let signature_algorithm = signature_algorithm(signer)?;
    let subject = name(template.common_name);
    let issuer_name = issuer.map_or(subject.as_slice(), |(p, _)| p.subject.as_slice());
    let authority_key_id = issuer
        .filter(|(p, _)| p.subject != subject)
        .and_then(|(p, _)| p.key_id.as_deref());

    let mut tbs = write(CONTEXT_0, &write(INTEGER, &[2]));
    tbs.extend(write(INTEGER, &serial()));
    tbs.extend_from_slice(signature_algorithm);
    tbs.extend_from_slice(issuer_name);
    tbs.extend(validity(template.days)?);
    tbs.extend_from_slice(&subject);
    tbs.extend(key.subject_public_key_info());
    tbs.extend(write(
        EXTENSIONS,
        &write(
            SEQUENCE,
            &extensions(template, key, subject.len() == 2, authority_key_id)?,
        ),
    ));
    let tbs = write(SEQUENCE, &tbs);

    let signature = signer
        .sign(&tbs)
        .map_err(|e| format!("x509: signing failed: {e}"))?;
    let mut bits = vec![0];
    bits.extend(signature);
    let mut cert = tbs;
    cert.extend_from_slice(signature_algorithm);
    cert.extend(write(BIT_STRING, &bits));
    Ok(write(SEQUENCE, &cert))
}

fn signature_algorithm(signer: &KeyPair) -> Result<&'static [u8], String> {
    let alg = signer.algorithm();
    if alg == &rcgen::PKCS_RSA_SHA256 {
        Ok(SHA256_WITH_RSA)
    } else if alg == &rcgen::PKCS_ECDSA_P256_SHA256 {
        Ok(ECDSA_WITH_SHA256)
    } else if alg == &rcgen::PKCS_ECDSA_P384_SHA384 {
        Ok(ECDSA_WITH_SHA384)
    } else if alg == &rcgen::PKCS_ECDSA_P521_SHA512 {
        Ok(ECDSA_WITH_SHA512)
    } else if alg == &rcgen::PKCS_ED25519 {
        Ok(ED25519)
    } else {
        Err("x509: only RSA, ECDSA and Ed25519 keys supported".to_string())
    }
}

/// A random serial below 2^128, as Go's `rand.Int`, in DER's minimal form.
fn serial() -> Vec<u8> {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    integer(&bytes)
}

/// The content of a DER INTEGER for an unsigned big-endian number.
fn integer(bytes: &[u8]) -> Vec<u8> {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    let digits = &bytes[start..];
    match digits.first() {
        None => vec![0],
        Some(b) if *b >= 0x80 => [&[0][..], digits].concat(),
        Some(_) => digits.to_vec(),
    }
}

/// `pkix.Name{CommonName: cn}` as an RDN sequence.
fn name(common_name: &str) -> Vec<u8> {
    if common_name.is_empty() {
        return write(SEQUENCE, &[]);
    }
    let tag = if common_name.bytes().all(printable) {
        PRINTABLE_STRING
    } else {
        UTF8_STRING
    };
    let mut attribute = write(OBJECT_IDENTIFIER, OID_COMMON_NAME);
    attribute.extend(write(tag, common_name.as_bytes()));
    write(SEQUENCE, &write(SET, &write(SEQUENCE, &attribute)))
}

/// The characters of an ASN.1 PrintableString, as Go's marshaller allows them
/// in a name (no `*`, no `&`).
fn printable(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b' ' | b'\'' | b'(' | b')' | b'+' | b',' | b'-' | b'.' | b'/' | b':' | b'=' | b'?'
        )
}

/// Not before now; not after now plus the days, the product wrapping at 64 bits
/// of nanoseconds as Go's `time.Duration` does.
fn validity(days: i64) -> Result<Vec<u8>, String> {
    let now = jiff::Timestamp::now().as_nanosecond();
    let after = now + i128::from(DAY_NANOS.wrapping_mul(days));
    let mut body = time(now)?;
    body.extend(time(after)?);
    Ok(write(SEQUENCE, &body))
}

/// Go's encoding of a time: UTCTime from 1950 to 2049, GeneralizedTime outside.
fn time(nanos: i128) -> Result<Vec<u8>, String> {
    let seconds = i64::try_from(nanos.div_euclid(1_000_000_000))
        .map_err(|_| "x509: time out of range".to_string())?;
    let at = jiff::Timestamp::from_second(seconds).map_err(|e| format!("x509: {e}"))?;
    let civil = jiff::tz::TimeZone::UTC.to_datetime(at);
    let year = civil.year();
    let rest = format!(
        "{:02}{:02}{:02}{:02}{:02}Z",
        civil.month(),
        civil.day(),
        civil.hour(),
        civil.minute(),
        civil.second()
    );
    Ok(if (1950..2050).contains(&year) {
        write(UTC_TIME, format!("{:02}{rest}", year % 100).as_bytes())
    } else {
        write(GENERALIZED_TIME, format!("{year:04}{rest}").as_bytes())
    })
}

fn extension(oid: &[u8], critical: bool, value: &[u8]) -> Vec<u8> {
    let mut body = write(OBJECT_IDENTIFIER, oid);
    if critical {
        body.extend(write(BOOLEAN, &[0xff]));
    }
    body.extend(write(OCTET_STRING, value));
    write(SEQUENCE, &body)
}

/// Go's `buildCertExtensions` for Sprig's templates: key usage, extended key
/// usage, basic constraints, subject key id (CAs only), authority key id (when
/// issuer and subject differ), subject alternative names (critical when the
/// subject is empty).
fn extensions(
    template: &Template,
    key: &KeyPair,
    empty_subject: bool,
    authority_key_id: Option<&[u8]>,
) -> Result<Vec<u8>, String> {
    let usage = if template.is_ca {
        KEY_USAGE_CA
    } else {
        KEY_USAGE_LEAF
    };
    // The bit string ends at its last set bit.
    let unused = usage.trailing_zeros() as u8;
    let mut out = extension(OID_KEY_USAGE, true, &write(BIT_STRING, &[unused, usage]));

    let mut purposes = write(OBJECT_IDENTIFIER, OID_SERVER_AUTH);
    purposes.extend(write(OBJECT_IDENTIFIER, OID_CLIENT_AUTH));
    out.extend(extension(
        OID_EXT_KEY_USAGE,
        false,
        &write(SEQUENCE, &purposes),
    ));

    let constraints = if template.is_ca {
        write(BOOLEAN, &[0xff])
    } else {
        Vec::new()
    };
    out.extend(extension(
        OID_BASIC_CONSTRAINTS,
        true,
        &write(SEQUENCE, &constraints),
    ));

    if template.is_ca {
        // Go 1.25 and later: the first 160 bits of the key's SHA-256.
        let id = sha2::Sha256::digest(key.der_bytes());
        out.extend(extension(
            OID_SUBJECT_KEY_ID,
            false,
            &write(OCTET_STRING, &id[..20]),
        ));
    }
    if let Some(id) = authority_key_id {
        out.extend(extension(
            OID_AUTHORITY_KEY_ID,
            false,
            &write(SEQUENCE, &write(KEY_ID, id)),
        ));
    }
    if let Some(names) = alternative_names(template)? {
        out.extend(extension(
            OID_SUBJECT_ALT_NAME,
            empty_subject,
            &write(SEQUENCE, &names),
        ));
    }
    Ok(out)
}

/// DNS names, then IP addresses (IPv4, also IPv4-mapped, in four bytes).
fn alternative_names(template: &Template) -> Result<Option<Vec<u8>>, String> {
    if template.dns_names.is_empty() && template.ips.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::new();
    for dns in &template.dns_names {
        if !dns.is_ascii() {
            return Err(format!(
                "x509: {} cannot be encoded as an IA5String",
                go_quote(dns)
            ));
        }
        out.extend(write(SAN_DNS, dns.as_bytes()));
    }
    for ip in &template.ips {
        match ip.to_canonical() {
            IpAddr::V4(v4) => out.extend(write(SAN_IP, &v4.octets())),
            IpAddr::V6(v6) => out.extend(write(SAN_IP, &v6.octets())),
        }
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_minimal_and_positive() {
        assert_eq!(integer(&[0, 0, 0x12]), vec![0x12]);
        assert_eq!(integer(&[0x80, 1]), vec![0, 0x80, 1]);
        assert_eq!(integer(&[0, 0]), vec![0]);
    }

    #[test]
    fn names_use_printable_string_only_for_its_characters() {
        // SEQUENCE, SET, SEQUENCE, OID: the string tag is the 12th byte.
        assert_eq!(name("a-b")[11], PRINTABLE_STRING);
        for cn in ["a*b", "a&b", "a_b", "x@y", "é", "a\tb"] {
            assert_eq!(name(cn)[11], UTF8_STRING, "{cn}");
        }
        assert_eq!(name(""), vec![SEQUENCE, 0]);
    }

    #[test]
    fn times_switch_to_generalized_outside_1950_to_2049() {
        let at = |s: i64| i128::from(s) * 1_000_000_000;
        // 2049-12-31T23:59:59Z and 2050-01-01T00:00:00Z.
        assert_eq!(time(at(2_524_607_999)).unwrap()[2..], *b"491231235959Z");
        assert_eq!(time(at(2_524_608_000)).unwrap()[2..], *b"20500101000000Z");
        // A second before the epoch is still 1969, floor not truncation.
        assert_eq!(time(-1).unwrap()[2..], *b"691231235959Z");
    }

    #[test]
    fn days_wrap_like_go_durations() {
        // 200000 days overflow int64 nanoseconds; Go's product wraps negative.
        assert!(DAY_NANOS.wrapping_mul(200_000) < 0);
    }

    #[test]
    fn a_non_ascii_dns_name_is_refused_with_go_words() {
        let t = Template {
            common_name: "x",
            ips: Vec::new(),
            dns_names: vec!["é.example".to_string()],
            days: 1,
            is_ca: false,
        };
        assert_eq!(
            alternative_names(&t).unwrap_err(),
            "x509: \"é.example\" cannot be encoded as an IA5String"
        );
    }
}
