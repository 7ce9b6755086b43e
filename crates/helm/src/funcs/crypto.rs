//! Sprig's cryptographic functions: bcrypt/htpasswd, random bytes and UUIDs, AES
//! (CBC with a zero-padded password key, as Sprig does), private keys and
//! certificates. Everything uses the workspace's one crypto provider, aws-lc-rs.

mod certs;
mod der;
mod password;
mod x509;

use super::FuncMap;
use aws_lc_rs::cipher::{
    AES_256, DecryptingKey, DecryptionContext, EncryptingKey, EncryptionContext, UnboundCipherKey,
};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;
use sha1::Digest;

use super::{add, arity, arity_min, fail, int_arg, s, str_arg};

/// Go's `bcrypt.DefaultCost` (the Rust crate defaults to 12).
const GO_DEFAULT_COST: u32 = 10;

fn bcrypt_hash(input: &str) -> String {
    match bcrypt::hash_with_result(input, GO_DEFAULT_COST) {
        Ok(h) => h.format_for_version(bcrypt::Version::TwoA),
        Err(e) => format!("failed to encrypt string with bcrypt: {e}"),
    }
}

fn uuidv4() -> String {
    let mut b = [0u8; 16];
    rand::rng().fill_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

fn aes_key(password: &str) -> Result<UnboundCipherKey, String> {
    let mut key = [0u8; 32];
    let bytes = password.as_bytes();
    let n = bytes.len().min(32);
    key[..n].copy_from_slice(&bytes[..n]);
    if bytes.len() > 32 {
        return Err(format!(
            "crypto/aes: invalid key size {}",
            bytes.len().min(32)
        ));
    }
    UnboundCipherKey::new(&AES_256, &key).map_err(|e| e.to_string())
}

fn encrypt_aes(password: &str, plaintext: &str) -> Result<String, String> {
    if plaintext.is_empty() {
        return Ok(String::new());
    }
    let key = EncryptingKey::cbc(aes_key(password)?).map_err(|e| e.to_string())?;
    let mut content = plaintext.as_bytes().to_vec();
    let pad = 16 - content.len() % 16;
    content.extend(std::iter::repeat_n(pad as u8, pad));
    let mut iv = [0u8; 16];
    rand::rng().fill_bytes(&mut iv);
    key.less_safe_encrypt(&mut content, EncryptionContext::Iv128(iv.into()))
        .map_err(|e| e.to_string())?;
    let mut out = iv.to_vec();
    out.extend(content);
    Ok(STANDARD.encode(out))
}

fn decrypt_aes(password: &str, crypt64: &str) -> Result<String, String> {
    if crypt64.is_empty() {
        return Ok(String::new());
    }
    let crypt = super::encoding::b64_decode(crypt64)?;
    if crypt.len() < 16 || crypt.len() % 16 != 0 {
        return Err("crypto/cipher: input not full blocks".into());
    }
    let (iv, body) = crypt.split_at(16);
    let iv: [u8; 16] = iv.try_into().map_err(|_| "invalid iv".to_string())?;
    let key = DecryptingKey::cbc(aes_key(password)?).map_err(|e| e.to_string())?;
    let mut data = body.to_vec();
    let plain = key
        .decrypt(&mut data, DecryptionContext::Iv128(iv.into()))
        .map_err(|e| e.to_string())?;
    let pad = plain.last().copied().unwrap_or(0) as usize;
    if pad > plain.len() {
        return Err(format!(
            "runtime error: slice bounds out of range [:{}]",
            plain.len() as i64 - pad as i64
        ));
    }
    Ok(String::from_utf8_lossy(&plain[..plain.len() - pad]).into_owned())
}

pub(super) fn register(m: &mut FuncMap) {
    add(m, "bcrypt", |n, a| {
        arity(n, a, 1)?;
        Ok(s(bcrypt_hash(str_arg(n, a, 0)?)))
    });
    add(m, "htpasswd", |n, a| {
        arity_min(n, a, 2)?;
        let (user, password) = (str_arg(n, a, 0)?, str_arg(n, a, 1)?);
        if user.contains(':') {
            return Ok(s(format!("invalid username: {user}")));
        }
        if a.len() > 2 && str_arg(n, a, 2)? == "sha" {
            let sum = sha1::Sha1::digest(password.as_bytes());
            return Ok(s(format!("{user}:{{SHA}}{}", STANDARD.encode(sum))));
        }
        Ok(s(format!("{user}:{}", bcrypt_hash(password))))
    });
    add(m, "randBytes", |n, a| {
        arity(n, a, 1)?;
        let count = int_arg(n, a, 0)?;
        if count < 0 {
            return Err(fail(n, "runtime error: makeslice: len out of range"));
        }
        // Its base64 text, a third longer, is what the render keeps.
        super::generated_size(n, count as u128 * 4 / 3)?;
        let mut buf = vec![0u8; count as usize];
        rand::rng().fill_bytes(&mut buf);
        Ok(s(STANDARD.encode(buf)))
    });
    add(m, "uuidv4", |n, a| {
        arity(n, a, 0)?;
        Ok(s(uuidv4()))
    });
    add(m, "encryptAES", |n, a| {
        arity(n, a, 2)?;
        encrypt_aes(str_arg(n, a, 0)?, str_arg(n, a, 1)?)
            .map(s)
            .map_err(|e| fail(n, e))
    });
    add(m, "decryptAES", |n, a| {
        arity(n, a, 2)?;
        decrypt_aes(str_arg(n, a, 0)?, str_arg(n, a, 1)?)
            .map(s)
            .map_err(|e| fail(n, e))
    });
    add(m, "derivePassword", |n, a| {
        arity(n, a, 5)?;
        let counter = u32::try_from(int_arg(n, a, 0)?)
            .map_err(|_| fail(n, "wrong type for value; expected uint32"))?;
        let (kind, password, user, site) = (
            str_arg(n, a, 1)?,
            str_arg(n, a, 2)?,
            str_arg(n, a, 3)?,
            str_arg(n, a, 4)?,
        );
        Ok(s(password::derive(counter, kind, password, user, site)))
    });
    certs::register(m);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aes_round_trips_and_uuid_has_version_four() {
        let enc = encrypt_aes("secretkey", "hello world").unwrap();
        assert_eq!(decrypt_aes("secretkey", &enc).unwrap(), "hello world");
        let u = uuidv4();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!(bcrypt::verify("pw", &bcrypt_hash("pw")).unwrap());
        assert!(bcrypt_hash("pw").starts_with("$2a$10$"));
    }
}
