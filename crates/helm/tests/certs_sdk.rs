//! Certificates from `genCA`, `genSelfSignedCert`, `genSignedCert` and their
//! `WithKey` forms have Helm's layout: one template makes each kind with Helm's
//! Go SDK and with our engine, and the DER trees must be equal once the random
//! parts (serials, keys, signatures, key ids) and the clock are masked. Name
//! string types, time encodings, extensions and their order, criticality, key
//! usage bits and alternative names are compared as they are. Skipped with a
//! notice without python3 and helm-python-sdk, unless `CI` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod sdk_support;

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use oxbow_helm::engine::execute_text;
use oxbow_helm::engine::value::Value;
use sdk_support::{one_template_charts, sdk_or_skip, sdk_render};

/// Each line renders `<label>: <base64 of a PEM certificate>`.
const TEMPLATE: &str = r#"{{- $ca := genCA "release-ca" 365 }}
ca: {{ $ca.Cert | b64enc }}
leaf: {{ (genSignedCert "leaf" (list "10.0.0.1" "::1" "::ffff:1.2.3.4") (list "a.example" "*.b.example") 30 $ca).Cert | b64enc }}
same-cn: {{ (genSignedCert "release-ca" nil nil 1 $ca).Cert | b64enc }}
self: {{ (genSelfSignedCert "self" (list "10.0.0.2") (list "c.example") 10).Cert | b64enc }}
empty-cn: {{ (genSelfSignedCert "" nil (list "d.example") 10).Cert | b64enc }}
{{- $ek := genPrivateKey "ecdsa" }}
{{- $eca := genCAWithKey "ec_ca*&" 5 $ek }}
ec-ca: {{ $eca.Cert | b64enc }}
ec-leaf: {{ (genSignedCert "ec-leaf" nil nil 3 $eca).Cert | b64enc }}
ec-self: {{ (genSelfSignedCertWithKey "ec-self" nil nil 3 $ek).Cert | b64enc }}
ec-signed: {{ (genSignedCertWithKey "ec-signed" nil (list "e.example") 3 $eca $ek).Cert | b64enc }}
edk: {{ (genCAWithKey "ed" 1 (genPrivateKey "ed25519")).Cert | b64enc }}
far: {{ (genCAWithKey "far" 9000 $ek).Cert | b64enc }}
wrapped: {{ (genCAWithKey "wrapped" 200000 $ek).Cert | b64enc }}
"#;

#[test]
fn certificates_have_helms_layout() {
    if !sdk_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let charts = one_template_charts(dir.path(), &[TEMPLATE.to_string()]);
    let helm = sdk_render(&charts);
    let helm = helm[charts[0].to_string_lossy().as_ref()]["c0/templates/t.yaml"]
        .as_str()
        .unwrap_or_else(|| panic!("Helm failed: {helm}"))
        .to_string();
    let ours = execute_text(TEMPLATE, &Value::map(Default::default())).unwrap();
    let (helm, ours) = (certificates(&helm), certificates(&ours));
    assert_eq!(helm.len(), 12);
    assert_eq!(
        helm.iter().map(|c| &c.0).collect::<Vec<_>>(),
        ours.iter().map(|c| &c.0).collect::<Vec<_>>()
    );
    let mut failures = Vec::new();
    for ((label, h), (_, o)) in helm.iter().zip(&ours) {
        if h != o {
            failures.push(format!(
                "{label}:\n  Helm: {}\n  ours: {}",
                h.join(" "),
                o.join(" ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Test keys of every kind Sprig reads: PKCS#1 and PKCS#8 RSA, SEC1 and
/// PKCS#8 ECDSA on each curve the signer supports, PKCS#8 Ed25519.
const KEYS: &[&str] = &[
    "rsa-pkcs1",
    "rsa-pkcs8",
    "ec-p256",
    "ec-p384",
    "ec-p384-pkcs8",
    "ec-p521",
    "ed25519",
];

/// A given key comes back as Go writes it (byte for byte: PKCS#1, SEC1 with
/// the curve named, PKCS#8), and the CA and leaf it signs have Helm's layout,
/// signature algorithm included.
#[test]
fn given_keys_are_written_and_sign_as_helms() {
    if !sdk_or_skip() {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/keys");
    let mut template = String::new();
    for (n, name) in KEYS.iter().enumerate() {
        let pem = std::fs::read_to_string(dir.join(format!("{name}.pem"))).unwrap();
        template.push_str(&format!(
            "{{{{- $k := `{pem}` }}}}\n\
             {{{{- $ca := genCAWithKey \"ca-{n}\" 3 $k }}}}\n\
             {name}-ca: {{{{ $ca.Cert | b64enc }}}}\n\
             {name}-leaf: {{{{ (genSignedCertWithKey \"leaf\" nil (list \"x.example\") 2 $ca $k).Cert | b64enc }}}}\n\
             {name}-key: {{{{ $ca.Key | b64enc }}}}\n"
        ));
    }
    let tmp = tempfile::tempdir().unwrap();
    let charts = one_template_charts(tmp.path(), std::slice::from_ref(&template));
    let helm = sdk_render(&charts);
    let helm = helm[charts[0].to_string_lossy().as_ref()]["c0/templates/t.yaml"]
        .as_str()
        .unwrap_or_else(|| panic!("Helm failed: {helm}"))
        .to_string();
    let ours = execute_text(&template, &Value::map(Default::default())).unwrap();
    let (helm_keys, helm_certs): (Vec<&str>, Vec<&str>) =
        helm.lines().partition(|l| l.contains("-key: "));
    let (our_keys, our_certs): (Vec<&str>, Vec<&str>) =
        ours.lines().partition(|l| l.contains("-key: "));
    assert_eq!(helm_keys.len(), KEYS.len());
    assert_eq!(our_keys, helm_keys);
    let (helm, ours) = (
        certificates(&helm_certs.join("\n")),
        certificates(&our_certs.join("\n")),
    );
    assert_eq!(helm.len(), 2 * KEYS.len());
    for ((label, h), (_, o)) in helm.iter().zip(&ours) {
        assert_eq!(o, h, "{label}");
    }
}

/// `(label, masked DER tree)` per rendered line.
fn certificates(text: &str) -> Vec<(String, Vec<String>)> {
    text.lines()
        .filter_map(|l| l.split_once(": "))
        .map(|(label, b64)| {
            let pem = String::from_utf8(STANDARD.decode(b64).unwrap()).unwrap();
            let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
            let der = STANDARD.decode(body).unwrap();
            let mut tree = Vec::new();
            walk(&der, 0, &mut tree);
            (label.to_string(), tree)
        })
        .collect()
}

/// One TLV: tag, content, rest.
fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let tag = *input.first()?;
    let first = *input.get(1)? as usize;
    let (len, hdr) = if first < 0x80 {
        (first, 2)
    } else {
        let n = first & 0x7f;
        let len = input
            .get(2..2 + n)?
            .iter()
            .fold(0usize, |a, b| (a << 8) | *b as usize);
        (len, 2 + n)
    };
    let body = input.get(hdr..hdr + len)?;
    Some((tag, body, &input[hdr + len..]))
}

/// Whether `input` is a whole sequence of TLVs.
fn is_der(mut input: &[u8]) -> bool {
    while !input.is_empty() {
        match tlv(input) {
            Some((_, _, rest)) => input = rest,
            None => return false,
        }
    }
    true
}

/// The tree as `depth:tag[:content]`; random and clock-bound contents masked.
fn walk(mut input: &[u8], depth: usize, out: &mut Vec<String>) {
    while let Some((tag, body, rest)) = tlv(input) {
        let constructed = tag & 0x20 != 0;
        match tag {
            _ if constructed => {
                out.push(format!("{depth}:{tag:02x}"));
                walk(body, depth + 1, out);
            }
            // Serials, and the octets of keys and signatures.
            0x02 if body.len() > 8 => out.push(format!("{depth}:02:random")),
            0x03 if body.len() > 8 => out.push(format!("{depth}:03:random")),
            0x17 | 0x18 => out.push(format!("{depth}:{tag:02x}:time")),
            // Key ids (inside an extension's value, or `[0]` in an authority key id).
            0x04 | 0x80 if body.len() == 20 => out.push(format!("{depth}:{tag:02x}:key-id")),
            // An extension's value is DER itself.
            0x04 if is_der(body) && !body.is_empty() => {
                out.push(format!("{depth}:04"));
                walk(body, depth + 1, out);
            }
            _ => out.push(format!("{depth}:{tag:02x}:{}", hex::encode(body))),
        }
        input = rest;
    }
}
