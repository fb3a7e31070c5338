//! Tamper evidence: SHA-256 digests rooted in `meta.json`, and the
//! publisher's minisign signature of `meta.json`.
//!
//! # The chain
//!
//! ```text
//! zhixin.pub (pinned by the deployment) ──verifies──▶ meta.json.minisig ──signs──▶ meta.json
//! meta.json ──lists──▶ the digest of every single file (t2s, pinyin fence, stats, report)
//!           ──lists──▶ per chunk family, the digest of each digest page ([`DigestPage`])
//! digest page ──lists──▶ the digest of each of its chunks
//! ```
//!
//! A digest is the first 128 bits of the SHA-256 of the bytes ([`digest`]),
//! written as 32 hex digits. Every byte a reader uses is checked against one
//! before it is decoded ([`check`]); a file that fails is refused with an
//! error naming it ([`FormatErrorKind::Digest`]), and the rest of the registry
//! keeps working.
//!
//! Why pages rather than a digest per chunk in `meta.json`: a million
//! enterprises make about 15,000 chunks, and 32 hex digits each would make
//! `meta.json`, which every page view loads first, half a megabyte. Why not
//! one manifest per family: the postings' alone would be 64 KB, fetched by the
//! first search. A page holds the digests of [`DigestPage`]-many consecutive
//! shards (1 KB at 64), so a search reads the few pages of the shards it
//! needs, and a chunk's name carries (part of) its page's digest, so the
//! reader knows the name from `meta.json` alone and fetches the chunk and its
//! page at once: integrity costs bytes, not a round trip.
//!
//! 128 bits: a mirror or a proxy that wants a changed chunk accepted needs a
//! second preimage (2^128 work). Collisions (2^64) only help someone who can
//! make both versions of a chunk before they are listed, that is the
//! publisher, who can sign anything anyway.
//!
//! The signature is the standard minisign format (Ed25519 over the BLAKE2b
//! hash of `meta.json`, with a signed "trusted comment"), so anyone can check a
//! copy with `minisign -V -p zhixin.pub -m meta.json` too. Verification uses
//! the `minisign-verify` crate (no dependencies; works in wasm).

use super::{FormatError, FormatErrorKind};
use sha2::{Digest as _, Sha256};
use std::fmt;

/// Bytes of SHA-256 a digest keeps.
pub const DIGEST_LEN: usize = 16;

/// The first [`DIGEST_LEN`] bytes of a SHA-256.
pub type Digest = [u8; DIGEST_LEN];

/// The digest of `bytes`.
pub fn digest(bytes: &[u8]) -> Digest {
    let full = Sha256::digest(bytes);
    let mut d = [0u8; DIGEST_LEN];
    d.copy_from_slice(&full[..DIGEST_LEN]);
    d
}

/// A digest as 32 lowercase hex digits.
pub fn to_hex(d: &Digest) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(2 * DIGEST_LEN);
    for b in d {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

/// Reads 32 hex digits (either case) as a digest.
pub fn parse_hex(s: &str) -> Option<Digest> {
    let b = s.as_bytes();
    if b.len() != 2 * DIGEST_LEN {
        return None;
    }
    let nib = |c: u8| (c as char).to_digit(16).map(|v| v as u8);
    let mut d = [0u8; DIGEST_LEN];
    for (i, out) in d.iter_mut().enumerate() {
        *out = nib(b[2 * i])? << 4 | nib(b[2 * i + 1])?;
    }
    Some(d)
}

/// Checks `bytes` (the file `path`) against `want`: the error names the file
/// and says what it means and what to do.
pub fn check(path: &str, bytes: &[u8], want: &Digest) -> Result<(), FormatError> {
    if &digest(bytes) == want {
        Ok(())
    } else {
        Err(FormatError {
            path: Some(path.to_string()),
            kind: FormatErrorKind::Digest,
        })
    }
}

/// Where a file's expected digest is found ([`crate::Meta::expect`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    /// In `meta.json` itself.
    Digest(Digest),
    /// Entry `index` of the digest page `page` (a relative path), whose own
    /// digest `page_digest` is in `meta.json`.
    InPage {
        page: String,
        page_digest: Digest,
        index: usize,
    },
}

/// A digest page (`{dir}/sum-{page:04x}-{digest}.bin`): the digests of
/// consecutive shards of one family, [`DIGEST_LEN`] bytes each, nothing else.
#[derive(Clone, Copy, Debug)]
pub struct DigestPage;

impl DigestPage {
    /// Entry `index` of a page's bytes (already checked against its own digest).
    pub fn entry(page_path: &str, bytes: &[u8], index: usize) -> Result<Digest, FormatError> {
        let at = index * DIGEST_LEN;
        let e = bytes.get(at..at + DIGEST_LEN).ok_or_else(|| {
            FormatError::corrupt(page_path, "digest page is shorter than its family")
        })?;
        let mut d = [0u8; DIGEST_LEN];
        d.copy_from_slice(e);
        Ok(d)
    }
}

/// Checks `bytes` (the file `path`) against what `expect` says, reading the
/// digest page through `page` when needed (`page(path)` gives its bytes, or
/// the error that kept them, e.g. a missing page). A page is itself checked
/// against its digest from `meta.json` before its entry is trusted.
pub fn check_expected(
    path: &str,
    bytes: &[u8],
    expect: &Expect,
    page: impl FnOnce(&str) -> Result<Vec<u8>, FormatError>,
) -> Result<(), FormatError> {
    match expect {
        Expect::Digest(d) => check(path, bytes, d),
        Expect::InPage {
            page: p,
            page_digest,
            index,
        } => {
            let pb = page(p).map_err(|e| {
                let why = e.to_string();
                FormatError::corrupt(
                    path,
                    format!("cannot be checked: its digest page could not be read ({why})"),
                )
            })?;
            check(p, &pb, page_digest)?;
            check(path, bytes, &DigestPage::entry(p, &pb, *index)?)
        }
    }
}

/// A minisign public key: the publisher's, pinned by whoever deploys the app
/// or given to `zhixin verify --public-key`.
#[derive(Clone, Debug)]
pub struct PublicKey {
    key: minisign_verify::PublicKey,
    id: [u8; 8],
}

/// Why a signature does not verify.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureError {
    /// The public key is not a minisign public key.
    BadKey,
    /// The signature file is not a minisign signature.
    Malformed,
    /// The signature was made with another key (its id is given).
    OtherKey { signed_with: String },
    /// The signature does not match the file: it or the file was changed.
    Invalid,
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureError::BadKey => f.write_str(
                "the public key is not a minisign public key (the base64 line of zhixin.pub, or the whole file)",
            ),
            SignatureError::Malformed => f.write_str("not a minisign signature"),
            SignatureError::OtherKey { signed_with } => write!(
                f,
                "signed with another key (key ID {signed_with}), not the publisher's"
            ),
            SignatureError::Invalid => f.write_str(
                "the signature does not match meta.json: one of them was changed after signing",
            ),
        }
    }
}

impl std::error::Error for SignatureError {}

impl PublicKey {
    /// Reads a minisign public key: the two lines of a `.pub` file, or its
    /// base64 line alone (as in an environment variable).
    pub fn decode(text: &str) -> Result<PublicKey, SignatureError> {
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("untrusted comment:"))
            .ok_or(SignatureError::BadKey)?;
        let key =
            minisign_verify::PublicKey::from_base64(line).map_err(|_| SignatureError::BadKey)?;
        let bin = base64_decode(line).ok_or(SignatureError::BadKey)?;
        let mut id = [0u8; 8];
        id.copy_from_slice(bin.get(2..10).ok_or(SignatureError::BadKey)?);
        Ok(PublicKey { key, id })
    }

    /// The key ID as minisign prints it (16 uppercase hex digits).
    pub fn id(&self) -> String {
        key_id_hex(&self.id)
    }

    /// Verifies `sig` (the text of `meta.json.minisig`) over `meta` (the
    /// bytes of `meta.json`); returns the signed trusted comment.
    pub fn verify(&self, sig: &str, meta: &[u8]) -> Result<String, SignatureError> {
        let s = minisign_verify::Signature::decode(sig).map_err(|_| SignatureError::Malformed)?;
        let signed_with = sig
            .lines()
            .nth(1)
            .and_then(|l| base64_decode(l.trim()))
            .and_then(|b| {
                b.get(2..10)
                    .map(|id| key_id_hex(id.try_into().unwrap_or(&[0; 8])))
            });
        match self.key.verify(meta, &s, false) {
            Ok(()) => Ok(s.trusted_comment().to_string()),
            Err(minisign_verify::Error::UnexpectedKeyId) => Err(SignatureError::OtherKey {
                signed_with: signed_with.unwrap_or_default(),
            }),
            Err(minisign_verify::Error::InvalidEncoding)
            | Err(minisign_verify::Error::UnsupportedAlgorithm) => Err(SignatureError::Malformed),
            Err(_) => Err(SignatureError::Invalid),
        }
    }
}

/// A key ID (8 bytes, little-endian) as minisign prints it.
fn key_id_hex(id: &[u8; 8]) -> String {
    format!("{:016X}", u64::from_le_bytes(*id))
}

/// Standard base64 (with or without padding), for the key ID only: the
/// verifier decodes the key and signature itself.
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let s = s.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in s {
        acc = acc << 6 | val(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests;
