//! This installation's key pair, and the key cards by which others know it.
//!
//! Key types: [`KeyPair`] (secret: an age X25519 identity to open bundles sealed
//! to it, an Ed25519 key to sign the bundles it seals), [`KeyCard`] (public: a
//! name, the two public keys, and the [`KeyCard::fingerprint`] people compare),
//! [`Keyring`] (where the pair lives, made on first use), [`KeyError`].
//!
//! Policy: the pair is kept in the platform's preferences folder (never in the data
//! folder, which is synced and backed up), created once with owner-only
//! permissions and never overwritten: two processes starting at once end up with
//! the same pair. Cryptography is the `age` and `ed25519-dalek` crates'; this
//! module only stores keys and turns them into text. A card pasted into a chat
//! message is read back from the text around it; a card whose fingerprint line
//! does not match its keys is refused as altered.
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! let ring = sohoa_core::keys::Keyring::new(dir.path());
//! let card = ring.own().unwrap().card("Lan");
//! let pasted = format!("Chị gửi khóa nhé:\n{}\ncảm ơn", card.to_text());
//! assert_eq!(sohoa_core::keys::KeyCard::parse(&pasted).unwrap(), card);
//! ```

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use age::secrecy::ExposeSecret;
use data_encoding::BASE64;
use ed25519_dalek::{Signer, SigningKey};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

mod card;
pub mod trust;

pub use card::KeyCard;
pub use trust::{KeySettings, KnownKey, RevokedKey, SignerTrust};

/// The file that holds the pair, in the key folder.
pub const KEY_FILE: &str = "sohoa-key.ron";

/// The extension of a key card file.
pub const KEY_CARD_EXTENSION: &str = "sohoa-key";

/// Why a key or a key card cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The key folder or file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The key file is there but is not a Sohoa key pair; it is left as it is.
    #[error("{} is not a usable Sohoa key file: {reason}; move it aside to make a new key (bundles sealed to the old key can then no longer be opened here)", path.display())]
    BadKeyFile { path: PathBuf, reason: String },
    /// No folder for the key could be found on this system.
    #[error("no configuration folder was found for Sohoa's key; set SOHOA_KEY_DIR")]
    NoKeyFolder,
    /// The text is not a key card, or one that was altered.
    #[error("not a usable key card: {0}")]
    BadCard(String),
    /// The key folder is inside the data folder, which a sync engine copies to
    /// every laptop: the secret key would travel with it.
    #[error("the key folder {} is inside the data folder {}, which is shared with other computers; keep the key elsewhere (--key-dir or SOHOA_KEY_DIR)", dir.display(), data.display())]
    InsideDataFolder { dir: PathBuf, data: PathBuf },
    /// The key file is a link: the key is read from the file itself only.
    #[error("{} is a link, not the key file itself; put the key file there", path.display())]
    KeyFileIsALink { path: PathBuf },
    /// The operating system gave no random numbers.
    #[error("no random numbers from the system: {0}")]
    Random(String),
}

/// What the key file holds.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    format: String,
    created: Timestamp,
    /// `AGE-SECRET-KEY-1…`
    age_identity: String,
    /// The Ed25519 secret seed, base64.
    signing_key: String,
}

const KEY_FILE_FORMAT: &str = "sohoa-key-1";

/// This installation's secret keys.
pub struct KeyPair {
    identity: age::x25519::Identity,
    signing: SigningKey,
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeyPair({})", self.fingerprint())
    }
}

impl KeyPair {
    /// A new random pair.
    pub fn generate() -> Result<KeyPair, KeyError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| KeyError::Random(e.to_string()))?;
        Ok(KeyPair {
            identity: age::x25519::Identity::generate(),
            signing: SigningKey::from_bytes(&seed),
        })
    }

    /// The public card, under `name`.
    pub fn card(&self, name: &str) -> KeyCard {
        KeyCard {
            name: crate::text::nfc_line(name),
            encryption: self.identity.to_public().to_string(),
            signing: BASE64.encode(self.signing.verifying_key().as_bytes()),
        }
    }

    /// The fingerprint of this pair's card.
    pub fn fingerprint(&self) -> String {
        self.card("").fingerprint()
    }

    /// The identity that opens what was sealed to this pair.
    pub fn identity(&self) -> &age::x25519::Identity {
        &self.identity
    }

    /// Signs `message`.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }

    fn to_file(&self, created: Timestamp) -> KeyFile {
        KeyFile {
            format: KEY_FILE_FORMAT.into(),
            created,
            age_identity: self.identity.to_string().expose_secret().to_owned(),
            signing_key: BASE64.encode(&self.signing.to_bytes()),
        }
    }

    /// Reads a pair from the text of a key file (for tools and tests; the app
    /// reads its own through [`Keyring`]).
    pub fn from_text(text: &str) -> Result<KeyPair, String> {
        let file: KeyFile = ron::from_str(text).map_err(|e| e.to_string())?;
        if file.format != KEY_FILE_FORMAT {
            return Err(format!("its format is `{}`", file.format));
        }
        let identity = file
            .age_identity
            .parse::<age::x25519::Identity>()
            .map_err(|e| format!("its encryption key: {e}"))?;
        let seed: [u8; 32] = BASE64
            .decode(file.signing_key.as_bytes())
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or("its signing key is not 32 bytes of base64")?;
        Ok(KeyPair {
            identity,
            signing: SigningKey::from_bytes(&seed),
        })
    }
}

/// Where this installation's pair is kept; it is read (or made) on first use.
#[derive(Debug)]
pub struct Keyring {
    dir: PathBuf,
    pair: OnceLock<KeyPair>,
    /// The data folder the key must stay out of.
    data_folder: Option<PathBuf>,
}

impl Keyring {
    pub fn new(dir: impl Into<PathBuf>) -> Keyring {
        Keyring {
            dir: dir.into(),
            pair: OnceLock::new(),
            data_folder: None,
        }
    }

    /// This keyring, refusing to read or make the key inside `data_folder`.
    pub fn outside_of(mut self, data_folder: Option<PathBuf>) -> Keyring {
        self.data_folder = data_folder;
        self
    }

    /// The platform's preferences folder for Sohoa, apart from its data folder
    /// on every platform: `~/.config/sohoa` on Linux,
    /// `%APPDATA%\Sohoa\Sohoa\config` on Windows,
    /// `~/Library/Preferences/vn.Sohoa.Sohoa` on macOS.
    pub fn default_dir() -> Result<PathBuf, KeyError> {
        directories::ProjectDirs::from("vn", "Sohoa", "Sohoa")
            .map(|dirs| dirs.preference_dir().to_owned())
            .ok_or(KeyError::NoKeyFolder)
    }

    /// This user's keyring: the folder named by `SOHOA_KEY_DIR`, else the
    /// platform's preferences folder, else (no home folder at all) a `sohoa-key`
    /// folder beside `data_folder`, never inside it.
    pub fn for_this_user(data_folder: &Path) -> Keyring {
        let dir = std::env::var_os("SOHOA_KEY_DIR")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| Keyring::default_dir().ok())
            .unwrap_or_else(|| data_folder.with_file_name("sohoa-key"));
        Keyring::new(dir).outside_of(Some(data_folder.to_owned()))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key file's path.
    pub fn path(&self) -> PathBuf {
        self.dir.join(KEY_FILE)
    }

    /// This installation's pair, read from the key folder or made there now.
    pub fn own(&self) -> Result<&KeyPair, KeyError> {
        if let Some(pair) = self.pair.get() {
            return Ok(pair);
        }
        if let Some(data) = &self.data_folder
            && is_inside(&self.dir, data)
        {
            return Err(KeyError::InsideDataFolder {
                dir: self.dir.clone(),
                data: data.clone(),
            });
        }
        let pair = load_or_create(&self.dir)?;
        Ok(self.pair.get_or_init(|| pair))
    }
}

/// Whether `dir` is `folder` or inside it, as the file system resolves both
/// (links followed where the folders exist).
fn is_inside(dir: &Path, folder: &Path) -> bool {
    let resolve = |path: &Path| {
        // The nearest existing ancestor resolved, the rest as written.
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        let mut existing = absolute.as_path();
        let mut rest = Vec::new();
        loop {
            if let Ok(real) = existing.canonicalize() {
                return rest
                    .iter()
                    .rev()
                    .fold(real, |p: PathBuf, part| p.join(part));
            }
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_owned());
                    existing = parent;
                }
                _ => return absolute,
            }
        }
    };
    resolve(dir).starts_with(resolve(folder))
}

/// Makes the key folder and file readable by their owner only, as they are
/// made; a folder made earlier with wider rights (a copy, an unzip) is
/// narrowed. On Windows the user's profile folder's ACL does this.
fn keep_private(dir: &Path, file: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for (path, mode) in [(dir, 0o700), (file, 0o600)] {
            if let Ok(m) = std::fs::symlink_metadata(path)
                && !m.file_type().is_symlink()
                && m.permissions().mode() & 0o077 != 0
            {
                let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = (dir, file);
}

fn load_or_create(dir: &Path) -> Result<KeyPair, KeyError> {
    let path = dir.join(KEY_FILE);
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| KeyError::Io { path, source }
    };
    let read = |path: &Path| -> Result<KeyPair, KeyError> {
        let bytes = crate::bounded_read::read_regular_file(path, 64 * 1024).map_err(|e| {
            KeyError::BadKeyFile {
                path: path.to_owned(),
                reason: e.to_string(),
            }
        })?;
        let text = String::from_utf8(bytes).map_err(|_| KeyError::BadKeyFile {
            path: path.to_owned(),
            reason: "not UTF-8 text".into(),
        })?;
        KeyPair::from_text(&text).map_err(|reason| KeyError::BadKeyFile {
            path: path.to_owned(),
            reason,
        })
    };
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(KeyError::KeyFileIsALink { path });
        }
        Ok(_) => {
            keep_private(dir, &path);
            return read(&path);
        }
        Err(_) => {}
    }
    create_private_dir(dir).map_err(io(dir))?;
    let pair = KeyPair::generate()?;
    let text = ron::ser::to_string_pretty(&pair.to_file(Timestamp::now()), crate::pretty_ron())
        .map_err(|e| KeyError::BadKeyFile {
            path: path.clone(),
            reason: e.to_string(),
        })?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".sohoa-key-").suffix(".part");
    // Owner-only on Unix. On Windows a file in the user's profile folder is
    // readable by that user (and administrators) only, by the folder's ACL.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o600));
    }
    let mut temp = builder.tempfile_in(dir).map_err(io(dir))?;
    use std::io::Write;
    temp.write_all(text.as_bytes()).map_err(io(temp.path()))?;
    temp.as_file().sync_all().map_err(io(temp.path()))?;
    // Never replace a key another process made meanwhile: bundles may already be
    // sealed to it. Whoever comes second reads the first one's key.
    match temp.persist_noclobber(&path) {
        Ok(_) => {
            keep_private(dir, &path);
            Ok(pair)
        }
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => read(&path),
        Err(e) => Err(KeyError::Io {
            path,
            source: e.error,
        }),
    }
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_folder_inside_the_data_folder_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("Dữ liệu");
        std::fs::create_dir_all(&data).unwrap();
        for inside in [data.join("key"), data.join("a").join("..").join("b")] {
            let keyring = Keyring::new(&inside).outside_of(Some(data.clone()));
            assert!(matches!(
                keyring.own(),
                Err(KeyError::InsideDataFolder { .. })
            ));
            assert!(!inside.exists());
        }
        let beside = Keyring::new(dir.path().join("key")).outside_of(Some(data));
        assert!(beside.own().is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn an_open_key_folder_is_narrowed_and_a_key_file_that_is_a_link_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("key");
        let made = Keyring::new(&keys).own().unwrap().fingerprint();
        std::fs::set_permissions(&keys, std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = keys.join(KEY_FILE);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(Keyring::new(&keys).own().unwrap().fingerprint(), made);
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!((mode(&keys), mode(&path)), (0o700, 0o600));

        let linked = dir.path().join("linked");
        std::fs::create_dir_all(&linked).unwrap();
        std::os::unix::fs::symlink(&path, linked.join(KEY_FILE)).unwrap();
        assert!(matches!(
            Keyring::new(&linked).own(),
            Err(KeyError::KeyFileIsALink { .. })
        ));
    }

    #[test]
    fn the_key_is_made_once_and_read_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let first = Keyring::new(dir.path()).own().unwrap().fingerprint();
        let again = Keyring::new(dir.path()).own().unwrap().fingerprint();
        assert_eq!(first, again);
        assert_eq!(first.len(), 19);
        assert_eq!(first.matches('-').count(), 3);
    }

    #[cfg(unix)]
    #[test]
    fn the_key_file_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let ring = Keyring::new(dir.path().join("config"));
        ring.own().unwrap();
        let mode = std::fs::metadata(ring.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let dir_mode = std::fs::metadata(ring.dir()).unwrap().permissions().mode();
        assert_eq!(dir_mode & 0o777, 0o700);
    }

    #[test]
    fn a_damaged_key_file_is_reported_and_left_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEY_FILE);
        std::fs::write(&path, "(format: \"sohoa-key-1\", created: ").unwrap();
        let err = Keyring::new(dir.path()).own().unwrap_err().to_string();
        assert!(err.contains("is not a usable Sohoa key file"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "(format: \"sohoa-key-1\", created: "
        );
    }

    #[test]
    fn the_fingerprint_depends_on_the_keys_not_on_the_name() {
        let pair = KeyPair::generate().unwrap();
        assert_eq!(
            pair.card("Lan").fingerprint(),
            pair.card("Hùng").fingerprint()
        );
        let other = KeyPair::generate().unwrap();
        assert_ne!(pair.fingerprint(), other.fingerprint());
    }

    #[test]
    fn a_card_with_a_changed_key_but_the_old_fingerprint_is_refused() {
        let card = KeyPair::generate().unwrap().card("Lan");
        let other = KeyPair::generate().unwrap().card("Lan");
        let forged = card.to_text().replace(&card.signing, &other.signing);
        let err = KeyCard::parse(&forged).unwrap_err().to_string();
        assert!(err.contains("the card was altered"), "{err}");
    }

    #[test]
    fn a_card_whose_lines_a_chat_app_joined_and_whose_accents_it_lost_still_reads() {
        let card = KeyPair::generate().unwrap().card("Văn phòng");
        let joined = card.to_text().replace('\n', "");
        let read = KeyCard::parse(&joined).unwrap();
        assert_eq!(read, card);
        // The name is only a label; the keys are what count.
        let mangled = joined
            .replace("Tên", "Tn")
            .replace("Dấu vân tay", "Du vn tay");
        assert_eq!(
            KeyCard::parse(&mangled).unwrap().fingerprint(),
            card.fingerprint()
        );
    }

    #[test]
    fn a_cut_card_says_it_is_cut() {
        let text = KeyPair::generate().unwrap().card("Lan").to_text();
        let err = KeyCard::parse(&text[..text.len() - 20])
            .unwrap_err()
            .to_string();
        assert!(err.contains("is the text cut?"), "{err}");
    }

    #[test]
    fn a_signature_checks_with_the_card_and_fails_on_other_text() {
        let pair = KeyPair::generate().unwrap();
        let card = pair.card("Lan");
        let signature = pair.sign(b"bundle");
        assert!(card.verifies(b"bundle", &signature));
        assert!(!card.verifies(b"bundlE", &signature));
    }
}
