//! Tests of digests, digest pages and minisign signatures.

use super::*;

#[test]
fn a_digest_is_the_first_128_bits_of_sha256() {
    // SHA-256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad
    assert_eq!(to_hex(&digest(b"abc")), "ba7816bf8f01cfea414140de5dae2223");
    let d = digest(b"zhixin");
    assert_eq!(parse_hex(&to_hex(&d)), Some(d));
    assert_eq!(parse_hex(&to_hex(&d).to_uppercase()), Some(d));
    assert_eq!(parse_hex("00"), None);
    assert_eq!(parse_hex(&"g".repeat(32)), None);
}

#[test]
fn one_changed_byte_is_refused_naming_the_file() {
    let bytes = b"{\"codes\":{}}".to_vec();
    let want = digest(&bytes);
    assert!(check("code/0000-x.json", &bytes, &want).is_ok());
    for i in 0..bytes.len() {
        let mut bad = bytes.clone();
        bad[i] ^= 1;
        let e = check("code/0000-x.json", &bad, &want).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("code/0000-x.json"));
        assert_eq!(e.kind, FormatErrorKind::Digest);
        assert!(e.to_string().starts_with("code/0000-x.json: "), "{e}");
    }
}

#[test]
fn a_chunk_in_a_page_is_checked_through_the_page() {
    let chunks: Vec<Vec<u8>> = (0..5u8).map(|i| vec![i; 10]).collect();
    let page: Vec<u8> = chunks.iter().flat_map(|c| digest(c)).collect();
    let expect = |index| Expect::InPage {
        page: "post/sum-0000-x.bin".into(),
        page_digest: digest(&page),
        index,
    };
    let pages = |_: &str| Ok(page.clone());
    for (i, c) in chunks.iter().enumerate() {
        assert!(check_expected("post/x", c, &expect(i), pages).is_ok());
    }
    // Another shard's bytes under this shard's name are refused.
    let e = check_expected("post/x", &chunks[1], &expect(2), pages).unwrap_err();
    assert_eq!(e.path.as_deref(), Some("post/x"));
    // A changed page is refused (naming the page), whatever the chunk.
    let mut bad = page.clone();
    bad[40] ^= 0x80;
    let e = check_expected("post/x", &chunks[0], &expect(0), |_| Ok(bad.clone())).unwrap_err();
    assert_eq!(e.path.as_deref(), Some("post/sum-0000-x.bin"));
    // A missing page makes the chunk unverifiable, which is an error naming the chunk.
    let missing = |p: &str| {
        Err(FormatError {
            path: Some(p.into()),
            kind: FormatErrorKind::Missing("not found".into()),
        })
    };
    let e = check_expected("post/x", &chunks[0], &expect(0), missing).unwrap_err();
    assert_eq!(e.path.as_deref(), Some("post/x"));
    assert!(e.to_string().contains("post/sum-0000-x.bin"), "{e}");
    // An index past the page's end is an error, not a panic.
    assert!(check_expected("post/x", &chunks[0], &expect(9), pages).is_err());
}

#[test]
fn base64_decodes_as_the_standard_says() {
    assert_eq!(base64_decode("aGVsbG8="), Some(b"hello".to_vec()));
    assert_eq!(base64_decode("aGVsbG8"), Some(b"hello".to_vec()));
    assert_eq!(base64_decode("+/8="), Some(vec![0xfb, 0xff]));
    assert_eq!(base64_decode("a*"), None);
}

/// A key pair and a signature made by the `minisign` crate (as `zhixin
/// keygen` and `zhixin build --sign` do), checked by this module.
fn signed(data: &[u8]) -> (String, String) {
    let kp = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let pk = kp.pk.to_box().unwrap().to_string();
    let sig = minisign::sign(
        Some(&kp.pk),
        &kp.sk,
        std::io::Cursor::new(data),
        Some("zhixin registry"),
        None,
    )
    .unwrap()
    .to_string();
    (pk, sig)
}

#[test]
fn signatures_verify_and_changes_do_not() {
    let meta = br#"{"format_version":3}"#;
    let (pk, sig) = signed(meta);
    let key = PublicKey::decode(&pk).unwrap();
    assert_eq!(key.verify(&sig, meta), Ok("zhixin registry".to_string()));
    // The base64 line alone is the same key.
    let line = pk.lines().nth(1).unwrap();
    assert_eq!(PublicKey::decode(line).unwrap().id(), key.id());
    // The id is the one minisign writes in the key's comment.
    assert!(pk.lines().next().unwrap().ends_with(&key.id()), "{pk}");
    // One byte of meta.json changed.
    let mut bad = meta.to_vec();
    bad[3] ^= 1;
    assert_eq!(key.verify(&sig, &bad), Err(SignatureError::Invalid));
    // Any byte of the signature's base64 lines changed.
    for line in [1, 3] {
        let lines: Vec<&str> = sig.lines().collect();
        let mut l = lines[line].as_bytes().to_vec();
        l[20] = if l[20] == b'A' { b'B' } else { b'A' };
        let mut changed = lines.clone();
        let l = String::from_utf8(l).unwrap();
        changed[line] = &l;
        assert!(
            key.verify(&changed.join("\n"), meta).is_err(),
            "line {line}"
        );
    }
    // The trusted comment is signed too.
    let forged = sig.replace(
        "trusted comment: zhixin registry",
        "trusted comment: zhixin",
    );
    assert_eq!(key.verify(&forged, meta), Err(SignatureError::Invalid));
    // Another publisher's key.
    let (other_pk, other_sig) = signed(meta);
    let other = PublicKey::decode(&other_pk).unwrap();
    assert_eq!(
        key.verify(&other_sig, meta),
        Err(SignatureError::OtherKey {
            signed_with: other.id()
        })
    );
    assert_eq!(
        key.verify("not a signature", meta),
        Err(SignatureError::Malformed)
    );
    assert_eq!(
        PublicKey::decode("nonsense").unwrap_err(),
        SignatureError::BadKey
    );
}
