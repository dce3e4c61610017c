//! The self-assessment form: one HTML file a business owner opens in any
//! browser, on a phone or a PC, with no connection and nothing to install. It
//! walks them through the questionnaire, shows the result at once and saves one
//! file for the program to import (a self-assessment bundle, see [`super::bundle`]).
//!
//! Key function: [`self_assessment_form`].
//!
//! Policy: the page's own HTML, CSS and JavaScript are source files under
//! `assets/form/`; this module only puts them together with the data the page
//! needs (the questionnaire edition, the program's name, the enterprise the form
//! was made for, the language, an id of this form). The page fetches nothing:
//! its Content-Security-Policy forbids every request, and no address appears in
//! it. Pure: no I/O here.
//!
//! ```
//! use sohoa_core::exchange::form::self_assessment_form;
//! use sohoa_core::program::ProgramSettings;
//! use sohoa_core::questionnaire::Registry;
//! use sohoa_core::text::Lang;
//! let registry = Registry::builtin().unwrap();
//! let q = registry.latest("dbi-2021-sme").unwrap();
//! let program = ProgramSettings::preset().unwrap();
//! let page = self_assessment_form(q, &program, None, Lang::Vi, jiff::Timestamp::UNIX_EPOCH);
//! assert!(page.contains("Content-Security-Policy"));
//! ```

use jiff::Timestamp;
use serde::Serialize;
use ulid::Ulid;

use crate::enterprise::{Enterprise, Stage};
use crate::program::ProgramSettings;
use crate::questionnaire::Questionnaire;
use crate::text::{Lang, Text};

const TEMPLATE: &str = include_str!("../../../../assets/form/form.html");
const STYLE: &str = include_str!("../../../../assets/form/form.css");
const SCORE: &str = include_str!("../../../../assets/form/score.js");
const FORM: &str = include_str!("../../../../assets/form/form.js");

/// The enterprise a form was made for: the page opens with its name and tax code
/// filled in. The returned file is a record of its own, matched by tax code when
/// it is imported, so that nothing the program knows is taken for an answer.
#[derive(Debug, Serialize)]
struct FormEnterprise<'a> {
    name: &'a str,
    tax_code: Option<&'a str>,
}

/// Everything the page reads from its `sohoa-data` block.
#[derive(Debug, Serialize)]
struct FormData<'a> {
    questionnaire: &'a Questionnaire,
    program: &'a Text,
    /// What the owner's contacts would be held for, shown beside the consent box.
    consent_purpose: Text,
    enterprise: Option<FormEnterprise<'a>>,
    lang: &'static str,
    /// The stage the returned assessment is recorded as: a follow-up when the
    /// enterprise already has a completed baseline.
    stage: Stage,
    /// Answers are kept in the browser under this id: two forms never mix.
    form_id: String,
    made: Timestamp,
}

/// The form as one HTML page, for `enterprise` (or blank: the owner types the
/// name and the tax code), in `lang` first, with the questionnaire `q`.
pub fn self_assessment_form(
    q: &Questionnaire,
    program: &ProgramSettings,
    enterprise: Option<&Enterprise>,
    lang: Lang,
    made: Timestamp,
) -> String {
    let data = FormData {
        questionnaire: q,
        program: &program.name,
        consent_purpose: program.consent_purpose(),
        enterprise: enterprise.map(|e| FormEnterprise {
            name: &e.name,
            tax_code: e.tax_code.as_deref(),
        }),
        lang: lang.pick("vi", "en"),
        stage: match enterprise {
            Some(e) if e.baseline().is_some() => e.next_follow_up(),
            _ => Stage::Baseline,
        },
        form_id: Ulid::from_parts(made.as_millisecond().max(0) as u64, fastrand::u128(..))
            .to_string(),
        made,
    };
    // Plain data always encodes; a failure would leave the page without data,
    // which the page reports, rather than a panic here.
    let json = serde_json::to_string(&data).unwrap_or_else(|_| "{}".into());
    // Inside <script> the HTML parser looks for `</script` and `<!--` before the
    // JSON parser sees anything: no `<`, `>` or `&` may be left as such. JSON
    // has them only inside strings, where `\u003c` means the same.
    let json = json
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    let title = format!(
        "{} · {}",
        q.title.get(lang),
        lang.pick("Phiếu tự đánh giá", "Self-assessment form")
    );
    // The data goes in last, so that nothing in it is taken for a placeholder.
    TEMPLATE
        .replace("{{LANG}}", lang.pick("vi", "en"))
        .replace("{{TITLE}}", &escape_html(&title))
        .replace("{{STYLE}}", STYLE)
        .replace("{{SCORE}}", SCORE)
        .replace("{{FORM}}", FORM)
        .replace("{{DATA}}", &json)
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The file name a form is saved under: `phieu-tu-danh-gia-0100109106.html`, or
/// `phieu-tu-danh-gia.html` for a blank one.
pub fn form_file_name(enterprise: Option<&Enterprise>) -> String {
    match enterprise.and_then(|e| e.tax_code.as_deref()) {
        Some(code) => format!(
            "phieu-tu-danh-gia-{}.html",
            crate::safe_name::slug(code, 20)
        ),
        None => "phieu-tu-danh-gia.html".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::Registry;

    fn form(enterprise: Option<&Enterprise>) -> String {
        let registry = Registry::builtin().unwrap();
        let q = registry.latest("dbi-2021-sme").unwrap();
        self_assessment_form(
            q,
            &ProgramSettings::preset().unwrap(),
            enterprise,
            Lang::Vi,
            Timestamp::UNIX_EPOCH,
        )
    }

    #[test]
    fn the_form_is_one_file_under_300_kb_that_names_no_address_to_fetch() {
        let page = form(None);
        assert!(page.len() < 300 * 1024, "{} bytes", page.len());
        assert!(page.contains("connect-src 'none'"));
        assert!(page.contains("default-src 'none'"));
        for address in ["http://", "https://", "//cdn", "src=\"", "href=\"http"] {
            let outside_svg = page.replace("http://www.w3.org/2000/svg", "");
            assert!(!outside_svg.contains(address), "{address}");
        }
    }

    #[test]
    fn the_data_block_holds_the_questionnaire_and_the_enterprise() {
        let mut e = Enterprise::new("Công ty </script> Dừa", Timestamp::UNIX_EPOCH);
        e.tax_code = Some("0100109106".into());
        let page = form(Some(&e));
        let start = page.find("id=\"sohoa-data\">").unwrap() + "id=\"sohoa-data\">".len();
        let end = start + page[start..].find("</script>").unwrap();
        let data: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap();
        assert_eq!(data["enterprise"]["name"], "Công ty </script> Dừa");
        assert_eq!(data["enterprise"]["tax_code"], "0100109106");
        assert_eq!(data["questionnaire"]["id"], "dbi-2021-sme");
        assert_eq!(data["questionnaire"]["version"], "2.0.0");
        assert_eq!(data["lang"], "vi");
    }

    #[test]
    fn a_form_for_an_enterprise_is_named_by_its_tax_code() {
        let mut e = Enterprise::new("HTX Bưởi", Timestamp::UNIX_EPOCH);
        assert_eq!(form_file_name(Some(&e)), "phieu-tu-danh-gia.html");
        e.tax_code = Some("0100109106-001".into());
        assert_eq!(
            form_file_name(Some(&e)),
            "phieu-tu-danh-gia-0100109106-001.html"
        );
    }
}
