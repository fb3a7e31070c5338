//! `zhixin keygen DIR [--force]`: a publisher's minisign key pair.

use anyhow::{bail, Context, Result};
use clap::Args;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The secret key's file name in DIR (never put it in a registry folder).
pub const SECRET_FILE: &str = "zhixin.key";
/// The public key's file name in DIR (publish it; pin it in the app's deployment).
pub const PUBLIC_FILE: &str = "zhixin.pub";
/// When set, `keygen` encrypts the secret key with this password and
/// `build --sign` decrypts it with it (minisign's scrypt box). Unset: the key
/// is stored without a password, for unattended builds; protect the file.
pub const PASSWORD_VAR: &str = "ZHIXIN_KEY_PASSWORD";

/// Write a signing key pair: DIR/zhixin.key (secret) and DIR/zhixin.pub (minisign format).
///
/// The key has no password unless the environment variable ZHIXIN_KEY_PASSWORD is
/// set, which `build --sign` then needs too.
#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// The folder to write the two key files into (created if missing; keep it out of the registry folder).
    pub dir: PathBuf,
    /// Replace existing key files (the old key can then no longer sign; readers pinning it will warn).
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: KeygenArgs) -> Result<ExitCode> {
    let (sk_path, pk_path) = (args.dir.join(SECRET_FILE), args.dir.join(PUBLIC_FILE));
    for p in [&sk_path, &pk_path] {
        if p.exists() && !args.force {
            bail!(
                "{} exists; a new key pair would replace the key readers trust. Use another folder, or --force",
                p.display()
            );
        }
    }
    std::fs::create_dir_all(&args.dir)
        .with_context(|| format!("cannot create {}", args.dir.display()))?;
    let password = std::env::var(PASSWORD_VAR).ok().filter(|p| !p.is_empty());
    let kp = match &password {
        Some(p) => minisign::KeyPair::generate_encrypted_keypair(Some(p.clone())),
        None => minisign::KeyPair::generate_unencrypted_keypair(),
    }
    .map_err(|e| anyhow::anyhow!("cannot generate a key pair: {e}"))?;
    let sk = kp
        .sk
        .to_box(Some(
            "zhixin registry signing key (secret: never publish it)",
        ))
        .map_err(|e| anyhow::anyhow!("cannot encode the secret key: {e}"))?
        .to_string();
    let pk = kp
        .pk
        .to_box()
        .map_err(|e| anyhow::anyhow!("cannot encode the public key: {e}"))?
        .to_string();
    write_secret(&sk_path, sk.as_bytes())?;
    std::fs::write(&pk_path, pk.as_bytes())
        .with_context(|| format!("cannot write {}", pk_path.display()))?;
    let id = zhixin_core::integrity::PublicKey::decode(&pk)
        .map(|k| k.id())
        .unwrap_or_default();
    outln!(
        "key ID {id}\n  secret: {} ({})\n  public: {}\n\
         Sign with `zhixin build SRC --out DIR --sign {}`; publish zhixin.pub on your own website \
         and pin it in the app's deployment (ZHIXIN_PUBLIC_KEY, see README).",
        sk_path.display(),
        if password.is_some() {
            "encrypted with ZHIXIN_KEY_PASSWORD"
        } else {
            "no password: keep the file private"
        },
        pk_path.display(),
        sk_path.display(),
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes the secret key readable by its owner only (where the OS has modes).
fn write_secret(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    f.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Reads a secret key written by `keygen` (decrypted with ZHIXIN_KEY_PASSWORD
/// when it is encrypted) and returns a function that signs `meta.json`'s
/// bytes into the text of `meta.json.minisig`.
pub fn signer(path: &Path) -> Result<zhixin_compiler::Signer> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "cannot read the secret key {} (make one with `zhixin keygen DIR`)",
            path.display()
        )
    })?;
    let sk_box = minisign::SecretKeyBox::from_string(&text).map_err(|e| {
        anyhow::anyhow!(
            "{} is not a minisign secret key ({e}); give DIR/zhixin.key from `zhixin keygen DIR`",
            path.display()
        )
    })?;
    // An unencrypted box reads as such; anything else needs the password.
    let sk = match sk_box.clone().into_unencrypted_secret_key() {
        Ok(sk) => sk,
        Err(_) => {
            let Some(p) = std::env::var(PASSWORD_VAR).ok().filter(|p| !p.is_empty()) else {
                bail!(
                    "{} is encrypted (or damaged): set {PASSWORD_VAR} to its password",
                    path.display()
                );
            };
            sk_box.into_secret_key(Some(p)).map_err(|e| {
                anyhow::anyhow!("cannot decrypt {} with {PASSWORD_VAR}: {e}", path.display())
            })?
        }
    };
    let pk = minisign::PublicKey::from_secret_key(&sk).ok();
    Ok(zhixin_compiler::Signer::new(move |meta: &[u8]| {
        // The trusted comment is signed with the file: it says what was
        // signed, and `minisign -V` prints it.
        let comment = format!(
            "zhixin registry meta.json, signed {}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0)
        );
        let sig = minisign::sign(
            pk.as_ref(),
            &sk,
            std::io::Cursor::new(meta),
            Some(&comment),
            Some("signature from zhixin build (minisign format)"),
        )
        .map_err(|e| anyhow::anyhow!("cannot sign meta.json: {e}"))?;
        Ok(sig.to_string())
    }))
}
