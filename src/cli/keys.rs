//! `sohoa key show|export` (this installation's key) and `sohoa program
//! office-key add|remove|revoke|list`, `sohoa program sealed-only on|off` (the
//! keys the program trusts).

use std::path::Path;
use std::process::ExitCode;

use serde_json::json;
use sohoa_core::explain::Explain;

use super::{Failure, Out};
use sohoa_core::keys::trust::{parse_fingerprint, same_fingerprint};
use sohoa_core::keys::{KeyCard, Keyring};
use sohoa_core::store::{Durability, atomic::write_atomic};
use sohoa_core::text::{Lang, format_date, parse_date};
use sohoa_core::workspace::Workspace;

fn key_failure(e: sohoa_core::keys::KeyError) -> Failure {
    match e {
        sohoa_core::keys::KeyError::BadCard(_)
        | sohoa_core::keys::KeyError::InsideDataFolder { .. }
        | sohoa_core::keys::KeyError::KeyFileIsALink { .. } => Failure::BadInput(e.into()),
        _ => Failure::Internal(e.into()),
    }
}

/// The name this installation's card carries: the person's, else the account's.
fn card_name(ws: &Workspace) -> String {
    let actor = ws.actor().trim();
    if actor.is_empty() {
        sohoa_core::exchange::bundle::account_name()
    } else {
        actor.to_owned()
    }
}

pub fn show(
    ws: &Workspace,
    keyring: &Keyring,
    lang: Lang,
    json: bool,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let pair = keyring.own().map_err(key_failure)?;
    let card = pair.card(&card_name(ws));
    if json {
        out.json(&json!({
            "fingerprint": card.fingerprint(),
            "name": card.name,
            "encryption": card.encryption,
            "signing": card.signing,
            "key_file": keyring.path(),
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    out.line(format!(
        "{} {}",
        lang.pick(
            "Dấu vân tay khóa của máy này:",
            "This installation's key fingerprint:"
        ),
        card.fingerprint()
    ));
    out.line(format!(
        "{} {}",
        lang.pick("Tên trên thẻ khóa:", "Name on the key card:"),
        card.name
    ));
    out.line(format!(
        "{} {}",
        lang.pick("Tệp khóa bí mật:", "Secret key file:"),
        keyring.path().display()
    ));
    Ok(ExitCode::SUCCESS)
}

/// A text that is not a key fingerprint, refused in `lang`.
pub(crate) fn not_a_fingerprint(text: &str, lang: Lang) -> Failure {
    Failure::bad(lang.pick(
        format!(
            "“{text}” không phải là dấu vân tay của khóa (16 chữ cái và chữ số 2–7, như K7QF-3MZD-6WXA-2NPC)"
        ),
        format!(
            "`{text}` is not a key fingerprint (16 letters and digits 2–7, as K7QF-3MZD-6WXA-2NPC)"
        ),
    ))
}

/// Writes `text` to `output` at once or not at all; a refusal names the file,
/// in `lang`.
fn write_file(output: &Path, text: &str, lang: Lang) -> Result<(), Failure> {
    write_atomic(output, text.as_bytes(), Durability::Durable).map_err(|e| {
        let (path, reason) = (output.display(), sohoa_core::text::io_reason(&e, lang));
        Failure::Internal(anyhow::anyhow!(lang.pick(
            format!("không ghi được {path}: {reason}"),
            format!("cannot write {path}: {reason}"),
        )))
    })
}

/// Writes this installation's key card (text, to send or paste).
pub fn export(
    ws: &Workspace,
    keyring: &Keyring,
    output: &Path,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let pair = keyring.own().map_err(key_failure)?;
    let card = pair.card(&card_name(ws));
    write_file(output, &card.to_text(), lang)?;
    out.line(output.display().to_string());
    let fingerprint = card.fingerprint();
    eprintln!(
        "{}",
        lang.pick(
            format!("Đã ghi thẻ khóa {fingerprint}"),
            format!("key card {fingerprint} written"),
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// Reads a key card from a file (or `-` for standard input).
pub fn read_card(path: &Path, lang: Lang) -> Result<KeyCard, Failure> {
    let card = if path == Path::new("-") {
        use std::io::Read;
        let mut text = String::new();
        // A key card is a few hundred bytes; more is not one.
        std::io::stdin()
            .lock()
            .take(64 * 1024)
            .read_to_string(&mut text)?;
        KeyCard::parse(&text)
    } else {
        KeyCard::read(path)
    };
    card.map_err(|e| Failure::bad(format!("{}: {}", path.display(), e.explain(lang))))
}

pub fn office_add(
    ws: &mut Workspace,
    file: &Path,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let card = read_card(file, lang)?;
    let mut settings = ws.program.clone();
    let fingerprint = card.fingerprint();
    if !settings.keys.add_office(card) {
        out.line(lang.pick(
            format!("{fingerprint} đã là khóa văn phòng"),
            format!("{fingerprint} is already an office key"),
        ));
        return Ok(ExitCode::SUCCESS);
    }
    ws.update_program(settings)?;
    out.line(lang.pick(
        format!("Đã thêm khóa văn phòng {fingerprint}"),
        format!("office key {fingerprint} added"),
    ));
    Ok(ExitCode::SUCCESS)
}

pub fn office_remove(
    ws: &mut Workspace,
    fingerprint: &str,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let mut settings = ws.program.clone();
    if !settings.keys.remove_office(fingerprint) {
        return Err(Failure::bad(lang.pick(
            format!(
                "không có khóa văn phòng nào có dấu vân tay {fingerprint} (xem `sohoa program office-key list`)"
            ),
            format!(
                "no office key has the fingerprint {fingerprint} (see `sohoa program office-key list`)"
            ),
        )));
    }
    ws.update_program(settings)?;
    out.line(lang.pick(
        format!("Đã gỡ khóa văn phòng {fingerprint}"),
        format!("office key {fingerprint} removed"),
    ));
    Ok(ExitCode::SUCCESS)
}

pub fn revoke(
    ws: &mut Workspace,
    fingerprint: &str,
    from: &str,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let fingerprint =
        parse_fingerprint(fingerprint).ok_or_else(|| not_a_fingerprint(fingerprint, lang))?;
    let from = parse_date(from).ok_or_else(|| super::enterprise::not_a_date(from, lang))?;
    let mut settings = ws.program.clone();
    settings.keys.revoke(&fingerprint, from);
    ws.update_program(settings)?;
    let effective = ws
        .program
        .keys
        .revoked
        .iter()
        .find(|r| same_fingerprint(&r.fingerprint, &fingerprint))
        .map_or(from, |r| r.from);
    let effective = format_date(effective);
    out.line(lang.pick(
        format!(
            "Đã thu hồi khóa {fingerprint}: các gói dữ liệu do khóa này niêm phong từ ngày {effective} trở đi sẽ bị từ chối"
        ),
        format!("key {fingerprint} revoked: bundles it sealed on or after {effective} are refused"),
    ));
    Ok(ExitCode::SUCCESS)
}

pub fn list(ws: &Workspace, lang: Lang, json: bool, out: &mut Out) -> Result<ExitCode, Failure> {
    let keys = &ws.program.keys;
    if json {
        out.json(&json!({
            "office": keys.office.iter().map(|c| json!({"name": c.name, "fingerprint": c.fingerprint()})).collect::<Vec<_>>(),
            "known": keys.known.iter().map(|k| json!({"name": k.card.name, "fingerprint": k.card.fingerprint(), "trusted": format_date(k.trusted), "by": k.by})).collect::<Vec<_>>(),
            "revoked": keys.revoked.iter().map(|r| json!({"name": r.name, "fingerprint": r.fingerprint, "from": format_date(r.from)})).collect::<Vec<_>>(),
            "sealed_only": keys.sealed_only,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    let heading = |vi: &str, en: &str| lang.pick(vi, en).to_owned();
    out.line(heading(
        "Khóa văn phòng chương trình:",
        "Program office keys:",
    ));
    for card in &keys.office {
        out.line(format!("  {}  {}", card.fingerprint(), card.name));
    }
    out.line(heading(
        "Khóa người gửi đã xác nhận:",
        "Confirmed senders' keys:",
    ));
    for known in &keys.known {
        out.line(format!(
            "  {}  {} ({})",
            known.card.fingerprint(),
            known.card.name,
            format_date(known.trusted)
        ));
    }
    out.line(heading("Khóa đã thu hồi:", "Revoked keys:"));
    for revoked in &keys.revoked {
        out.line(format!(
            "  {}  {} ({} {})",
            revoked.fingerprint,
            revoked.name,
            lang.pick("từ", "from"),
            format_date(revoked.from)
        ));
    }
    out.line(format!(
        "{} {}",
        heading("Chỉ nhận tệp niêm phong:", "Sealed bundles only:"),
        if keys.sealed_only {
            lang.pick("có", "yes")
        } else {
            lang.pick("không", "no")
        }
    ));
    Ok(ExitCode::SUCCESS)
}

pub fn sealed_only(
    ws: &mut Workspace,
    on: bool,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let mut settings = ws.program.clone();
    settings.keys.sealed_only = on;
    ws.update_program(settings)?;
    out.line(match on {
        true => lang.pick(
            "Từ nay gói dữ liệu không niêm phong bị từ chối (trừ phiếu tự đánh giá)",
            "plain bundles are now refused (self-assessments excepted)",
        ),
        false => lang.pick(
            "Từ nay gói dữ liệu không niêm phong được nhập kèm cảnh báo",
            "plain bundles are now imported with a warning",
        ),
    });
    Ok(ExitCode::SUCCESS)
}

pub fn preset_export(
    ws: &mut Workspace,
    keyring: &Keyring,
    output: &Path,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    if ws.program.keys.office.is_empty() {
        let card = keyring.own().map_err(key_failure)?.card(&card_name(ws));
        let mut settings = ws.program.clone();
        settings.keys.add_office(card.clone());
        ws.update_program(settings)?;
        let fingerprint = card.fingerprint();
        eprintln!(
            "{}",
            lang.pick(
                format!("Khóa {fingerprint} của máy này nay là khóa văn phòng"),
                format!("this installation's key {fingerprint} is now the office key"),
            )
        );
    }
    let text = ws
        .program
        .to_preset()
        .map_err(|e| Failure::Internal(e.into()))?;
    write_file(output, &text, lang)?;
    out.line(output.display().to_string());
    for card in &ws.program.keys.office {
        eprintln!(
            "{}: {} {}",
            lang.pick("Khóa văn phòng trong tệp", "office key in the file"),
            card.fingerprint(),
            card.name
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn preset_apply(
    ws: &mut Workspace,
    file: &Path,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let preset = sohoa_core::program::preset::read_preset(file)
        .map_err(|e| Failure::bad(e.explain(lang)))?;
    let adopted = ws.program.adopt(&preset);
    ws.update_program(adopted)?;
    let name = ws.program.name.get(lang);
    out.line(lang.pick(
        format!(
            "Đã áp dụng chương trình “{name}”; hãy gọi điện cho văn phòng để đối chiếu các dấu vân tay khóa văn phòng này:"
        ),
        format!(
            "program “{name}” applied; compare these office key fingerprints with the office by telephone:"
        ),
    ));
    for card in &ws.program.keys.office {
        out.line(format!("  {}  {}", card.fingerprint(), card.name));
    }
    Ok(ExitCode::SUCCESS)
}
