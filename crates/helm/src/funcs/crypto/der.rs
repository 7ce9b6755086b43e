//! Just enough DER to move keys between PKCS#8 and the PKCS#1/SEC1 forms Go's
//! `x509` package writes.

/// One TLV: tag, and the content bytes.
pub(super) fn read(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let tag = *input.first()?;
    let first = *input.get(1)?;
    let (len, hdr) = if first < 0x80 {
        (first as usize, 2)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 {
            return None;
        }
        let mut len = 0usize;
        for i in 0..n {
            len = (len << 8) | *input.get(2 + i)? as usize;
        }
        (len, 2 + n)
    };
    let body = input.get(hdr..hdr + len)?;
    Some((tag, body, &input[hdr + len..]))
}

/// Encode one TLV.
pub(super) fn write(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = body.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .iter()
            .copied()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(body);
    out
}

/// The algorithm OID and the inner private key of a PKCS#8 `PrivateKeyInfo`.
pub(super) fn pkcs8_inner(pkcs8: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let (_, seq, _) = read(pkcs8)?;
    let (_, _version, rest) = read(seq)?;
    let (_, alg, rest) = read(rest)?;
    let (_, key, _) = read(rest)?;
    Some((alg.to_vec(), key.to_vec()))
}

/// DER of the rsaEncryption AlgorithmIdentifier (OID 1.2.840.113549.1.1.1, NULL).
const RSA_ALG: &[u8] = &[
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
];
/// DER of the id-ecPublicKey OID (1.2.840.10045.2.1), which an EC key's
/// AlgorithmIdentifier follows with its curve's OID.
const EC_PUBLIC_KEY: &[u8] = &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// DER of the curve OIDs Go's `x509` knows and the signer can use.
pub(super) const P256_OID: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
pub(super) const P384_OID: &[u8] = &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22];
pub(super) const P521_OID: &[u8] = &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23];

/// Wraps an inner key into PKCS#8: an RSA key, or an EC key (SEC1) whose
/// curve is named in its parameters (P-256 when they are absent).
pub(super) fn wrap_pkcs8(rsa: bool, inner: &[u8]) -> Vec<u8> {
    let alg = if rsa {
        RSA_ALG.to_vec()
    } else {
        let mut alg = EC_PUBLIC_KEY.to_vec();
        alg.extend_from_slice(sec1(inner).and_then(|k| k.params).unwrap_or(P256_OID));
        alg
    };
    let mut body = write(0x02, &[0]);
    body.extend(write(0x30, &alg));
    body.extend(write(0x04, inner));
    write(0x30, &body)
}

/// The fields of a SEC1 `ECPrivateKey`: version, private key, and the
/// contents of its optional `[0]` parameters and `[1]` public key.
struct Sec1<'a> {
    version: &'a [u8],
    key: &'a [u8],
    params: Option<&'a [u8]>,
    public: Option<&'a [u8]>,
}

fn sec1(der: &[u8]) -> Option<Sec1<'_>> {
    let (_, seq, _) = read(der)?;
    let (_, version, rest) = read(seq)?;
    let (_, key, mut rest) = read(rest)?;
    let mut out = Sec1 {
        version,
        key,
        params: None,
        public: None,
    };
    while !rest.is_empty() {
        let (tag, content, more) = read(rest)?;
        match tag {
            0xa0 => out.params = Some(content),
            0xa1 => out.public = Some(content),
            _ => {}
        }
        rest = more;
    }
    Some(out)
}

/// The curve OID (DER) of an id-ecPublicKey AlgorithmIdentifier.
pub(super) fn ec_curve(alg: &[u8]) -> Option<&[u8]> {
    alg.strip_prefix(EC_PUBLIC_KEY)
}

/// Whether the algorithm identifier is rsaEncryption.
pub(super) fn is_rsa(alg: &[u8]) -> bool {
    alg.starts_with(&RSA_ALG[..11])
}

/// A SEC1 `ECPrivateKey` with the curve parameters present (`curve`, the
/// OID's DER, unless it names its own), as Go writes it.
pub(super) fn sec1_with_params(der: &[u8], curve: &[u8]) -> Option<Vec<u8>> {
    let k = sec1(der)?;
    let mut body = write(0x02, k.version);
    body.extend(write(0x04, k.key));
    body.extend(write(0xa0, k.params.unwrap_or(curve)));
    if let Some(public) = k.public {
        body.extend(write(0xa1, public));
    }
    Some(write(0x30, &body))
}
