//! Sealed bundles between installations, each with its own data folder and key:
//! sealing by default, who may open, what the office sees of the signer, and
//! every refusal (altered anywhere, another office, a revoked key, a new key not
//! yet confirmed, a plain bundle when only sealed ones are taken).

use std::path::{Path, PathBuf};

use super::{
    add_enterprise, assert_refused, assert_untouched, json, sohoa, sohoa_ok, stderr, stdout,
};

/// One installation: a data folder with its own key.
struct Installation {
    _dir: tempfile::TempDir,
    data: PathBuf,
}

impl Installation {
    fn new() -> Installation {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        Installation { _dir: dir, data }
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        sohoa(&self.data, args)
    }

    fn ok(&self, args: &[&str]) -> std::process::Output {
        sohoa_ok(&self.data, args)
    }

    fn fingerprint(&self) -> String {
        json(&self.ok(&["key", "show", "--json"]))["fingerprint"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Writes this installation's key card into `dir`.
    fn card(&self, dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(format!("{name}.sohoa-key"));
        self.ok(&["--by", name, "key", "export", "-o", path.to_str().unwrap()]);
        path
    }
}

struct Program {
    files: tempfile::TempDir,
    office: Installation,
    lan: Installation,
}

/// An office and a consultant, Lan, who has the office's key and one enterprise.
fn program() -> Program {
    let files = tempfile::tempdir().unwrap();
    let office = Installation::new();
    let lan = Installation::new();
    let card = office.card(files.path(), "Văn phòng");
    lan.ok(&["program", "office-key", "add", card.to_str().unwrap()]);
    add_enterprise(
        &lan.data,
        "Công ty TNHH Dừa Xanh Bến Tre",
        &["--tax-code", "1300123452", "--phone", "0275 3822 123"],
    );
    Program { files, office, lan }
}

impl Program {
    /// Lan's bundle of everything, sealed (the default with an office key).
    fn sealed_bundle(&self) -> PathBuf {
        let path = self.files.path().join("lan.sohoa");
        self.lan
            .ok(&["--by", "Lan", "export", "--bundle", path.to_str().unwrap()]);
        path
    }
}

fn names(installation: &Installation) -> Vec<String> {
    json(&installation.ok(&["enterprise", "list", "--json"]))
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_sealed_bundle_goes_from_a_consultant_to_the_office_once_its_key_is_confirmed() {
    let p = program();
    let bundle = p.sealed_bundle();
    let bytes = std::fs::read(&bundle).unwrap();
    assert!(bytes.starts_with(b"sohoa-sealed 1\n"));
    let text = String::from_utf8_lossy(&bytes);
    for secret in ["Dừa Xanh", "1300123452", "3822", "Lan"] {
        assert!(
            !text.contains(secret),
            "{secret} is readable in the sealed file"
        );
    }
    assert!(text.contains(&p.office.fingerprint()));

    // The office sees who signed it, and that the key is new.
    let preview = json(
        &p.office
            .ok(&["import", "--dry-run", "--json", bundle.to_str().unwrap()]),
    );
    let provenance = &preview[0]["provenance"];
    assert_eq!(provenance["signer"], "Lan");
    assert_eq!(provenance["fingerprint"], p.lan.fingerprint());
    assert_eq!(provenance["trust"], "new");
    assert_eq!(preview[0]["added"], 1);

    // Not without confirming the key.
    p.office.ok(&["enterprise", "list"]);
    assert_untouched(&p.office.data, "a new key not confirmed", || {
        assert_refused(
            &p.office.run(&["import", bundle.to_str().unwrap()]),
            "tệp được ký bởi một khóa chưa biết ở đây: Lan",
        );
    });
    p.office
        .ok(&["import", "--trust-new-key", bundle.to_str().unwrap()]);
    assert_eq!(names(&p.office), vec!["Công ty TNHH Dừa Xanh Bến Tre"]);

    // Lan's next bundle imports without asking, as a confirmed key.
    let report = json(
        &p.office
            .ok(&["import", "--json", p.sealed_bundle().to_str().unwrap()]),
    );
    assert_eq!(report[0]["provenance"]["trust"], "known");

    // Lan can open what Lan sealed.
    let own = json(
        &p.lan
            .ok(&["import", "--dry-run", "--json", bundle.to_str().unwrap()]),
    );
    assert_eq!(own[0]["provenance"]["trust"], "own");
}

#[test]
fn another_office_is_told_the_bundle_is_not_for_it() {
    let p = program();
    let bundle = p.sealed_bundle();
    let elsewhere = Installation::new();
    elsewhere.ok(&["enterprise", "list"]);
    assert_untouched(&elsewhere.data, "a bundle for another office", || {
        let said = stderr(&elsewhere.run(&["import", bundle.to_str().unwrap()]));
        assert!(
            said.contains("tệp được niêm phong cho một khóa khác"),
            "{said}"
        );
        assert!(said.contains(&p.office.fingerprint()), "{said}");
        assert!(said.contains(&elsewhere.fingerprint()), "{said}");
    });
}

#[test]
fn a_bundle_altered_anywhere_is_refused_and_the_folder_stays_byte_identical() {
    let p = program();
    let bundle = p.sealed_bundle();
    let good = std::fs::read(&bundle).unwrap();
    p.office
        .ok(&["import", "--trust-new-key", bundle.to_str().unwrap()]);
    let body = good.windows(2).position(|w| w == b"\n\n").unwrap() + 2;
    let stanza = body + 30;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("clear header", {
            // One letter of the office's fingerprint, to another valid letter.
            let mut b = good.clone();
            let at = "sohoa-sealed 1\nto: ".len();
            b[at] = if b[at] == b'A' { b'B' } else { b'A' };
            b
        }),
        ("encryption header", {
            let mut b = good.clone();
            b[stanza] ^= 0x04;
            b
        }),
        ("body", {
            let mut b = good.clone();
            let middle = (body + good.len()) / 2 + 40;
            b[middle] ^= 0x01;
            b
        }),
        ("signature (the last bytes)", {
            let mut b = good.clone();
            let last = b.len() - 20;
            b[last] ^= 0x80;
            b
        }),
        ("cut short", good[..good.len() - 100].to_vec()),
        ("lengthened", [good.as_slice(), b"\n"].concat()),
    ];
    for (what, bytes) in cases {
        let path = p.files.path().join("altered.sohoa");
        std::fs::write(&path, &bytes).unwrap();
        assert_untouched(&p.office.data, what, || {
            let out = p.office.run(&["import", path.to_str().unwrap()]);
            assert_refused(&out, "tệp đã bị sửa hoặc bị hỏng sau khi niêm phong");
        });
    }
}

#[test]
fn a_key_revoked_before_the_bundle_was_sealed_is_refused_and_one_revoked_after_is_not() {
    let p = program();
    let bundle = p.sealed_bundle();
    let lan = p.lan.fingerprint();
    p.office.ok(&[
        "import",
        "--trust-new-key",
        "--dry-run",
        bundle.to_str().unwrap(),
    ]);
    let today = sohoa::text::local_date(jiff::Timestamp::now());
    let tomorrow = today.tomorrow().unwrap();
    let dmy = |d: jiff::civil::Date| d.strftime("%d/%m/%Y").to_string();

    // Revoked from tomorrow: today's bundle still counts.
    p.office.ok(&[
        "program",
        "office-key",
        "revoke",
        &lan,
        "--from",
        &dmy(tomorrow),
    ]);
    let list = json(&p.office.ok(&["program", "office-key", "list", "--json"]));
    assert_eq!(list["revoked"][0]["fingerprint"], lan.as_str());
    assert_eq!(list["revoked"][0]["from"], dmy(tomorrow).as_str());
    let report = json(&p.office.ok(&[
        "import",
        "--trust-new-key",
        "--dry-run",
        "--json",
        bundle.to_str().unwrap(),
    ]));
    assert_eq!(report[0]["provenance"]["trust"], "new");

    // Revoked from today: refused, even when asked to trust it.
    p.office.ok(&[
        "program",
        "office-key",
        "revoke",
        &lan.to_lowercase(),
        "--from",
        &dmy(today),
    ]);
    assert_untouched(&p.office.data, "a revoked key", || {
        assert_refused(
            &p.office
                .run(&["import", "--trust-new-key", bundle.to_str().unwrap()]),
            &format!("revoked from {}", dmy(today)),
        );
    });
}

#[test]
fn a_new_key_under_a_confirmed_senders_name_is_flagged_and_not_taken() {
    let p = program();
    p.office.ok(&[
        "import",
        "--trust-new-key",
        p.sealed_bundle().to_str().unwrap(),
    ]);
    // Someone else, with the office's key card, seals a bundle as "Lan".
    let impostor = Installation::new();
    let office_card = p.office.card(p.files.path(), "Văn phòng");
    impostor.ok(&[
        "program",
        "office-key",
        "add",
        office_card.to_str().unwrap(),
    ]);
    add_enterprise(
        &impostor.data,
        "Công ty Giả Mạo",
        &["--tax-code", "0100109106"],
    );
    let forged = p.files.path().join("forged.sohoa");
    // "Lаn" with a Cyrillic а: it looks the same, and is taken for the same name.
    impostor.ok(&[
        "--by",
        "L\u{430}n",
        "export",
        "--bundle",
        forged.to_str().unwrap(),
    ]);
    let preview = p
        .office
        .ok(&["import", "--dry-run", forged.to_str().unwrap()]);
    let said = stdout(&preview);
    assert!(
        said.contains("khóa MỚI mang tên của một khóa đã biết")
            && said.contains(&p.lan.fingerprint()),
        "{said}"
    );
    assert_untouched(&p.office.data, "a forged sender", || {
        assert_refused(
            &p.office.run(&["import", forged.to_str().unwrap()]),
            "có thể là mạo danh",
        );
    });
}

#[test]
fn plain_bundles_carry_a_warning_until_the_program_takes_sealed_bundles_only() {
    let p = program();
    let plain = p.files.path().join("plain.sohoa");
    p.lan
        .ok(&["export", "--bundle", plain.to_str().unwrap(), "--no-seal"]);
    assert!(
        std::fs::read_to_string(&plain)
            .unwrap()
            .contains("Dừa Xanh")
    );
    let preview = p.office.ok(&[
        "--lang",
        "en",
        "import",
        "--dry-run",
        plain.to_str().unwrap(),
    ]);
    assert!(stdout(&preview).contains("NOT sealed: nothing proves who sent it"));

    p.office.ok(&["program", "sealed-only", "on"]);
    assert_untouched(&p.office.data, "a plain bundle, sealed only", || {
        assert_refused(
            &p.office.run(&["import", plain.to_str().unwrap()]),
            "this program takes sealed bundles only",
        );
    });

    // An enterprise's own self-assessment is unsigned by nature: still taken, and labelled.
    let own = self_assessment_bundle(p.files.path());
    let report = p
        .office
        .ok(&["--lang", "en", "import", own.to_str().unwrap()]);
    assert!(
        stdout(&report).contains("An enterprise's own self-assessment: unsigned"),
        "{}",
        stdout(&report)
    );
}

/// A self-assessment as the offline form writes it: a plain bundle of kind SelfAssessment.
fn self_assessment_bundle(dir: &Path) -> PathBuf {
    use sohoa::enterprise::Enterprise;
    use sohoa::exchange::bundle::{Bundle, BundleKind, write_bundle};
    let mut e = Enterprise::new("HTX Bưởi Da Xanh", jiff::Timestamp::now());
    e.tax_code = Some("0100109106".into());
    let bundle = Bundle::new(
        BundleKind::SelfAssessment,
        "Chủ HTX",
        "",
        jiff::Timestamp::now(),
        vec![e],
        vec![],
    );
    let path = dir.join("tu-danh-gia.sohoa");
    write_bundle(&path, &bundle).unwrap();
    path
}

#[test]
fn an_extra_addressee_can_open_a_bundle_sealed_to_it_too() {
    let p = program();
    let colleague = Installation::new();
    let card = colleague.card(p.files.path(), "Hùng");
    let bundle = p.files.path().join("to-hung.sohoa");
    p.lan.ok(&[
        "export",
        "--bundle",
        bundle.to_str().unwrap(),
        "--to",
        card.to_str().unwrap(),
    ]);
    for reader in [&colleague, &p.office] {
        let report = json(&reader.ok(&["import", "--dry-run", "--json", bundle.to_str().unwrap()]));
        assert_eq!(report[0]["added"], 1);
    }
}

#[test]
fn installations_started_together_agree_on_one_key() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    sohoa_ok(&data, &["enterprise", "list"]);
    let key_dir = dir.path().join("fresh-key");
    let children: Vec<_> = (0..8)
        .map(|_| {
            super::sohoa_command(&data, &["key", "show", "--json"])
                .env("SOHOA_KEY_DIR", &key_dir)
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let fingerprints: std::collections::BTreeSet<String> = children
        .into_iter()
        .map(|child| {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success());
            json(&out)["fingerprint"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(fingerprints.len(), 1, "{fingerprints:?}");
    let leftovers: Vec<_> = std::fs::read_dir(&key_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("sohoa-key.ron")]);
}

#[test]
fn a_key_card_pasted_with_chat_text_around_it_is_read_and_an_altered_one_is_not() {
    let p = program();
    let card = p.office.card(p.files.path(), "Văn phòng");
    let text = std::fs::read_to_string(&card).unwrap();
    let pasted = p.files.path().join("pasted.txt");
    std::fs::write(&pasted, format!("Anh Hùng gửi:\n\n{text}\nNhớ lưu lại nhé")).unwrap();
    let colleague = Installation::new();
    colleague.ok(&["program", "office-key", "add", pasted.to_str().unwrap()]);
    // A fingerprint line that does not match the keys.
    let fingerprint = p.office.fingerprint();
    let altered = text.replace(
        &fingerprint,
        &fingerprint.replace(&fingerprint[..4], "AAAA"),
    );
    std::fs::write(&pasted, altered).unwrap();
    let other = Installation::new();
    other.ok(&["enterprise", "list"]);
    assert_untouched(&other.data, "an altered key card", || {
        assert_refused(
            &other.run(&["program", "office-key", "add", pasted.to_str().unwrap()]),
            "the card was altered",
        );
    });
}

#[test]
fn a_program_file_from_the_office_sets_up_a_consultant_to_seal_to_it() {
    let files = tempfile::tempdir().unwrap();
    let office = Installation::new();
    office.ok(&["program", "sealed-only", "on"]);
    let preset = files.path().join("chuong-trinh.sohoa-program");
    office.ok(&[
        "--by",
        "Văn phòng",
        "program",
        "preset",
        "export",
        "-o",
        preset.to_str().unwrap(),
    ]);

    let lan = Installation::new();
    let applied = stdout(&lan.ok(&["program", "preset", "apply", preset.to_str().unwrap()]));
    assert!(applied.contains(&office.fingerprint()), "{applied}");
    let keys = json(&lan.ok(&["program", "office-key", "list", "--json"]));
    assert_eq!(keys["office"][0]["fingerprint"], office.fingerprint());
    assert_eq!(keys["sealed_only"], true);

    add_enterprise(
        &lan.data,
        "Công ty TNHH Dừa Xanh",
        &["--tax-code", "1300123452"],
    );
    let bundle = files.path().join("lan.sohoa");
    lan.ok(&[
        "--by",
        "Lan",
        "export",
        "--bundle",
        bundle.to_str().unwrap(),
    ]);
    let report = json(&office.ok(&[
        "import",
        "--trust-new-key",
        "--json",
        bundle.to_str().unwrap(),
    ]));
    assert_eq!(report[0]["added"], 1);
    assert_eq!(report[0]["provenance"]["signer"], "Lan");

    // A file that is not a program file changes nothing.
    let other = files.path().join("not-a-program.sohoa-program");
    std::fs::write(&other, "(schema: 1, name: 3)").unwrap();
    assert_untouched(&lan.data, "a bad program file", || {
        assert_refused(
            &lan.run(&["program", "preset", "apply", other.to_str().unwrap()]),
            "is it a Sohoa program file?",
        );
    });
}

#[test]
fn a_key_folder_inside_the_data_folder_is_refused_and_no_key_is_made_there() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    add_enterprise(&data, "HTX Dừa Xiêm", &[]);
    let inside = data.join("khoa");
    let out = crate::sohoa_command(&data, &["key", "show"])
        .env("SOHOA_KEY_DIR", &inside)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", crate::stderr(&out));
    assert!(
        crate::stderr(&out).contains("nằm trong thư mục dữ liệu"),
        "{}",
        crate::stderr(&out)
    );
    assert!(!inside.exists());
}

/// The office's list of confirmed senders' fingerprints.
fn confirmed(office: &Installation) -> Vec<String> {
    json(&office.ok(&["program", "office-key", "list", "--json"]))["known"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["fingerprint"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_new_key_is_confirmed_by_its_fingerprint_and_only_when_its_import_goes_in() {
    let p = program();
    let bundle = p.sealed_bundle();
    let lan = p.lan.fingerprint();
    // Another fingerprint named: Lan's key is not confirmed by it.
    let other = Installation::new().fingerprint();
    let said = stderr(
        &p.office
            .run(&["import", "--trust-key", &other, bundle.to_str().unwrap()]),
    );
    assert!(
        said.contains("tệp được ký bởi một khóa chưa biết ở đây"),
        "{said}"
    );
    assert_eq!(confirmed(&p.office), Vec::<String>::new());

    // Lan's fingerprint named, but the import is refused (a record here that
    // this version cannot read): the key is not kept either.
    let lan_id = json(&p.lan.ok(&["enterprise", "list", "--json"]))[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    p.office.ok(&["enterprise", "list"]);
    let newer = p
        .office
        .data
        .join("enterprises")
        .join(format!("{lan_id}.ron"));
    let text =
        std::fs::read_to_string(p.lan.data.join("enterprises").join(format!("{lan_id}.ron")))
            .unwrap()
            .replacen("schema: 1", "schema: 99", 1);
    std::fs::write(&newer, text).unwrap();
    let refused = p
        .office
        .run(&["import", "--trust-key", &lan, bundle.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert_eq!(confirmed(&p.office), Vec::<String>::new());

    // Once it goes in, the key is kept.
    std::fs::remove_file(&newer).unwrap();
    p.office.ok(&[
        "import",
        "--trust-key",
        &lan.to_lowercase(),
        bundle.to_str().unwrap(),
    ]);
    assert_eq!(confirmed(&p.office), vec![lan]);
    // --trust-new-key takes one file only.
    let two = p.office.run(&[
        "import",
        "--trust-new-key",
        bundle.to_str().unwrap(),
        bundle.to_str().unwrap(),
    ]);
    assert_eq!(two.status.code(), Some(1));
    assert!(stderr(&two).contains("--trust-key"), "{}", stderr(&two));
}

#[test]
fn a_confirmed_key_is_shown_under_its_confirmed_name_and_another_name_is_flagged() {
    let p = program();
    let bundle = p.sealed_bundle();
    p.office
        .ok(&["import", "--trust-new-key", bundle.to_str().unwrap()]);
    // The same key now signs as somebody else.
    let renamed = p.files.path().join("as-hung.sohoa");
    p.lan.ok(&[
        "--by",
        "Hùng (văn phòng)",
        "export",
        "--bundle",
        renamed.to_str().unwrap(),
    ]);
    let preview = json(
        &p.office
            .ok(&["import", "--dry-run", "--json", renamed.to_str().unwrap()]),
    );
    let provenance = &preview[0]["provenance"];
    assert_eq!(provenance["signer"], "Lan");
    assert_eq!(provenance["name_in_file"], "Hùng (văn phòng)");
    assert_eq!(provenance["name_differs"], true);
    let said = stdout(&p.office.ok(&[
        "--lang",
        "en",
        "import",
        "--dry-run",
        renamed.to_str().unwrap(),
    ]));
    assert!(said.contains("signed by Lan"), "{said}");
    assert!(said.contains("possible impersonation"), "{said}");
}

#[test]
fn a_sealed_bundle_whose_first_line_was_damaged_is_called_altered() {
    let p = program();
    let bundle = p.sealed_bundle();
    let mut bytes = std::fs::read(&bundle).unwrap();
    bytes[3] = b'X';
    let damaged = p.files.path().join("damaged.sohoa");
    std::fs::write(&damaged, bytes).unwrap();
    let said = stderr(&p.office.run(&["import", damaged.to_str().unwrap()]));
    assert!(
        said.contains("tệp đã bị sửa hoặc bị hỏng sau khi niêm phong"),
        "{said}"
    );
}
