//! Realistic, deterministic demo data: Vietnamese enterprises with valid tax codes,
//! varied answers, baseline and follow-up assessments and support activities.
//!
//! Key function: [`generate`].
//!
//! Policy: the same seed gives the same enterprises, byte for byte, whatever the
//! date, so benchmarks and screenshots are repeatable. Names are assembled from
//! common words; addresses use the program's own administrative units and no
//! invented place names. No I/O here.
//!
//! ```
//! use sohoa_core::{demo, program::ProgramSettings, questionnaire::Questionnaire};
//! let q = Questionnaire::from_ron_str(include_str!("../../../tests/fixtures/mini.ron"), "mini.ron").unwrap();
//! let program = ProgramSettings::preset().unwrap();
//! let a = demo::generate(&program, &q, 20, 7, &Default::default());
//! let b = demo::generate(&program, &q, 20, 7, &Default::default());
//! assert_eq!(a, b);
//! ```

use std::collections::HashSet;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, date};
use ulid::Ulid;

use crate::decimal::Decimal;
use crate::enterprise::{
    ActivityKind, Assessment, Contact, Enterprise, LegalForm, Mode, Sector, SizeFigures, Stage,
    SupportActivity, tax_code,
};
use crate::program::ProgramSettings;
use crate::questionnaire::{Answer, Answers, QuestionKind, Questionnaire, RatioFigures, Whole};

/// Trades: (words in the name, VSIC section).
const TRADES: &[(&str, &str)] = &[
    ("Chế biến Dừa", "C"),
    ("Kẹo dừa", "C"),
    ("Thạch dừa", "C"),
    ("Bưởi da xanh", "A"),
    ("Cây giống", "A"),
    ("Hoa kiểng", "A"),
    ("Thủy sản", "A"),
    ("Nuôi tôm", "A"),
    ("Sầu riêng", "A"),
    ("Cơ khí", "C"),
    ("Thủ công mỹ nghệ", "C"),
    ("Xây dựng", "F"),
    ("Vật liệu xây dựng", "G"),
    ("Thương mại", "G"),
    ("Nông sản", "G"),
    ("Vận tải", "H"),
    ("Logistics", "H"),
    ("Du lịch sinh thái", "I"),
    ("Nhà hàng", "I"),
    ("Homestay", "I"),
    ("Tin học", "J"),
    ("Truyền thông", "J"),
    ("Kế toán", "M"),
    ("Tư vấn thiết kế", "M"),
    ("Dịch vụ vệ sinh", "N"),
    ("Giáo dục", "P"),
    ("Phòng khám", "Q"),
    ("Dược phẩm", "G"),
    ("In ấn", "C"),
    ("Điện nước", "F"),
];

const BRANDS: &[&str] = &[
    "Phú Thịnh",
    "Hưng Phát",
    "Minh Tâm",
    "Thành Công",
    "Tân Phước",
    "An Khang",
    "Phát Đạt",
    "Hoàng Long",
    "Kim Ngân",
    "Thiên Phú",
    "Đại Lộc",
    "Mỹ Hạnh",
    "Vĩnh Thuận",
    "Bảo Ngọc",
    "Hữu Nghị",
    "Sao Mai",
    "Đồng Tiến",
    "Thuận Thiên",
    "Gia Bảo",
    "Quốc Việt",
    "Trường Xuân",
    "Hòa Bình",
    "Nam Phong",
    "Ngọc Trâm",
    "Xuân Mai",
    "Phước Lộc",
    "Tấn Đạt",
    "Hải Âu",
    "Cửu Long",
    "Sông Tiền",
];

const SURNAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
];
const MIDDLE: &[&str] = &[
    "Văn",
    "Thị",
    "Minh",
    "Thanh",
    "Ngọc",
    "Hữu",
    "Quốc",
    "Thị Kim",
];
const GIVEN: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Khoa", "Lan", "Long",
    "Mai", "Nam", "Nga", "Phúc", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trí", "Tú", "Vy", "Yến",
];
/// Streets as written after the house number: "đường" before a street name,
/// a national road by its name ("Quốc lộ 60").
const STREETS: &[&str] = &[
    "đường Đồng Khởi",
    "đường Nguyễn Đình Chiểu",
    "đường Hùng Vương",
    "đường Trần Quốc Tuấn",
    "đường Lê Lợi",
    "đường Nguyễn Huệ",
    "Quốc lộ 60",
    "Quốc lộ 57",
    "đường tỉnh 885",
    "đường tỉnh 883",
];
/// Administrative unit types that open a unit's name ("Xã Phú Túc"), written
/// in lower case inside an address ("…, xã Phú Túc, huyện Châu Thành").
const UNIT_TYPES: &[&str] = &[
    "Thành phố ",
    "Thị xã ",
    "Thị trấn ",
    "Huyện ",
    "Phường ",
    "Xã ",
    "Khu phố ",
    "Ấp ",
];
const CONSULTANTS: &[&str] = &[
    "Nguyễn Thị Thu Hà",
    "Trần Minh Khoa",
    "Lê Hoàng Nam",
    "Phạm Ngọc Ánh",
    "Huỳnh Văn Lộc",
    "Võ Thị Mỹ Dung",
    "Đặng Quốc Huy",
    "Bùi Thanh Tâm",
    "Đỗ Thị Hồng Nhung",
    "Hồ Văn Tài",
    "Ngô Thị Lệ Quyên",
    "Dương Minh Trí",
];
const PLATFORMS: &[(ActivityKind, &str)] = &[
    (ActivityKind::Training, "Kỹ năng số cho nhân viên"),
    (ActivityKind::Consulting, "Lộ trình chuyển đổi số"),
    (
        ActivityKind::PlatformAdoption,
        "Phần mềm kế toán trên đám mây",
    ),
    (ActivityKind::PlatformAdoption, "Phần mềm quản lý bán hàng"),
    (ActivityKind::EInvoiceSetup, "Hóa đơn điện tử"),
    (ActivityKind::DigitalSignature, "Chữ ký số"),
    (
        ActivityKind::Ecommerce,
        "Gian hàng trên sàn thương mại điện tử",
    ),
];

/// The note every demo enterprise carries: made-up data, wherever it goes.
pub const DEMO_NOTE: &str = "Dữ liệu mẫu để xem thử, không phải doanh nghiệp thật (demo data)";

/// The program of a demo folder: the Bến Tre 2021–2025 preset (a finished
/// program, its districts and the communes since 01/07/2025), named and marked
/// as demo data.
pub fn demo_program() -> Result<ProgramSettings, ron::error::SpannedError> {
    let mut program = ProgramSettings::preset()?;
    program.name = crate::text::Text::new(
        format!("Dữ liệu mẫu – {}", program.name.vi),
        format!("Demo data – {}", program.name.en),
    );
    program.demo = true;
    Ok(program)
}

/// The folder demo data goes in, beside a data folder: `Sohoa` → `Sohoa-du-lieu-mau`.
pub fn demo_folder(data_folder: &std::path::Path) -> std::path::PathBuf {
    let name = data_folder
        .file_name()
        .map_or_else(|| "Sohoa".into(), |n| n.to_string_lossy().into_owned());
    let name = name.strip_suffix(DEMO_FOLDER_SUFFIX).unwrap_or(&name);
    data_folder.with_file_name(format!("{name}{DEMO_FOLDER_SUFFIX}"))
}

/// The data folder a demo folder was made beside (the folder itself when it is
/// not a demo folder's name).
pub fn real_folder(demo_folder: &std::path::Path) -> std::path::PathBuf {
    match demo_folder
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(DEMO_FOLDER_SUFFIX))
    {
        Some(real) if !real.is_empty() => demo_folder.with_file_name(real),
        _ => demo_folder.to_owned(),
    }
}

const DEMO_FOLDER_SUFFIX: &str = "-du-lieu-mau";

/// Whether `enterprise` is one of the demo data's (its note says so).
pub fn is_demo(enterprise: &crate::enterprise::Enterprise) -> bool {
    enterprise.notes.starts_with(DEMO_NOTE)
}

/// The last day demo activity may fall on (keeps the data independent of today's date).
const DEMO_TODAY: Date = date(2025, 11, 30);

/// `count` enterprises answering `questionnaire`, deterministic for `seed`;
/// tax codes in `taken` are not reused.
pub fn generate(
    program: &ProgramSettings,
    questionnaire: &Questionnaire,
    count: usize,
    seed: u64,
    taken: &HashSet<String>,
) -> Vec<Enterprise> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut tax_codes = taken.clone();
    let mut names: HashSet<String> = HashSet::new();
    let start = program.start.max(date(2021, 1, 1));
    let span_days = (DEMO_TODAY - start).get_days().max(1);
    (0..count)
        .map(|_| {
            // Registrations speed up over the years: the square root skews them late.
            let offset = (f64::from(span_days - 60) * rng.f64().sqrt()) as i32;
            let registered = start.saturating_add(jiff::Span::new().days(offset));
            enterprise(
                &mut rng,
                program,
                questionnaire,
                registered,
                &mut tax_codes,
                &mut names,
            )
        })
        .collect()
}

fn pick<'a, T>(rng: &mut fastrand::Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

/// 09:00 Vietnam time (UTC+7) on `day`, plus some minutes.
fn moment(rng: &mut fastrand::Rng, day: Date) -> Timestamp {
    let time = DateTime::from_parts(
        day,
        jiff::civil::time(8 + rng.i8(0..9), rng.i8(0..60), 0, 0),
    );
    jiff::tz::offset(7)
        .to_timestamp(time)
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

fn ulid_at(rng: &mut fastrand::Rng, at: Timestamp) -> Ulid {
    Ulid::from_parts(at.as_millisecond().max(0) as u64, rng.u128(..))
}

/// A unit's name as written inside an address: its type in lower case
/// ("Xã Phú Túc" → "xã Phú Túc"); a name with no known type is kept.
fn mid_address(name: &str) -> String {
    UNIT_TYPES
        .iter()
        .find_map(|kind| {
            name.strip_prefix(kind)
                .map(|rest| format!("{}{rest}", kind.to_lowercase()))
        })
        .unwrap_or_else(|| name.to_owned())
}

fn person(rng: &mut fastrand::Rng) -> String {
    format!(
        "{} {} {}",
        pick(rng, SURNAMES),
        pick(rng, MIDDLE),
        pick(rng, GIVEN)
    )
}

fn new_tax_code(rng: &mut fastrand::Rng, used: &mut HashSet<String>) -> String {
    loop {
        // Bến Tre codes start with 13.
        let mut first = [1, 3, 0, 0, 0, 0, 0, 0, 0];
        for digit in first.iter_mut().skip(2) {
            *digit = rng.u32(0..10);
        }
        let Some(check) = tax_code::check_digit(&first) else {
            continue;
        };
        let code: String = first
            .iter()
            .chain([&check])
            .map(|d| char::from(b'0' + *d as u8))
            .collect();
        if used.insert(code.clone()) {
            return code;
        }
    }
}

fn enterprise(
    rng: &mut fastrand::Rng,
    program: &ProgramSettings,
    q: &Questionnaire,
    registered: Date,
    tax_codes: &mut HashSet<String>,
    names: &mut HashSet<String>,
) -> Enterprise {
    let (trade, section) = *pick(rng, TRADES);
    let (prefix, form) = match rng.u8(0..100) {
        0..=39 => ("Công ty TNHH", LegalForm::LimitedOneMember),
        40..=54 => ("Công ty TNHH", LegalForm::LimitedMultiMember),
        55..=69 => ("Công ty Cổ phần", LegalForm::JointStock),
        70..=84 => ("Doanh nghiệp tư nhân", LegalForm::PrivateEnterprise),
        _ => ("Hợp tác xã", LegalForm::Cooperative),
    };
    let base = format!("{prefix} {trade} {}", pick(rng, BRANDS));
    let mut name = base.clone();
    let mut n = 2;
    while !names.insert(name.clone()) {
        name = format!("{base} {n}");
        n += 1;
    }
    let created = moment(rng, registered);
    let mut e = Enterprise::new(&name, created);
    e.id = ulid_at(rng, created);
    e.tax_code = Some(new_tax_code(rng, tax_codes));
    e.legal_form = Some(form);
    e.sector = Some(Sector {
        section: section.into(),
        vsic_version: "2018".into(),
    });
    let (staff, revenue) = match rng.u8(0..100) {
        0..=64 => (rng.u32(1..=10), rng.f64() * 3.0),
        65..=89 => (rng.u32(11..=50), 3.0 + rng.f64() * 45.0),
        90..=97 => (rng.u32(51..=100), 50.0 + rng.f64() * 150.0),
        _ => (rng.u32(101..=400), 200.0 + rng.f64() * 600.0),
    };
    e.size = SizeFigures {
        staff: Some(staff),
        revenue_billion: Some((revenue * 10.0).round() / 10.0),
        capital_billion: rng.bool().then(|| ((revenue * 0.4) * 10.0).round() / 10.0),
        year: Some(registered.year() - 1),
    };
    // The units that existed on the day the enterprise was registered.
    let units: Vec<&crate::program::AdminUnit> = program
        .admin_units
        .iter()
        .filter(|u| u.valid_on(registered))
        .collect();
    if !units.is_empty() {
        let unit = units[rng.usize(..units.len())];
        e.admin_unit = Some(unit.id.clone());
        // Most addresses under a former district name its commune too; some do
        // not, as on real forms (those are left for review after a merger).
        let communes: Vec<&String> = program
            .admin_units
            .iter()
            .flat_map(|u| &u.formed_from)
            .filter(|part| part.unit == unit.id)
            .flat_map(|part| &part.communes)
            .collect();
        let commune = match communes.len() {
            0 => String::new(),
            n if rng.u8(0..10) < 8 => format!("{}, ", mid_address(communes[rng.usize(..n)])),
            _ => String::new(),
        };
        // "12 đường Đồng Khởi, xã Phú Túc, huyện Châu Thành".
        e.address = format!(
            "{} {}, {commune}{}",
            rng.u16(1..400),
            pick(rng, STREETS),
            mid_address(&unit.name)
        );
    }
    e.contact = Contact {
        person: person(rng),
        phone: format!("09{:08}", rng.u32(0..100_000_000)),
        email: if rng.u8(0..10) < 6 {
            format!("lienhe{}@example.vn", rng.u32(1000..99999))
        } else {
            String::new()
        },
    };
    e.partner = match (rng.u8(0..100), program.partners.as_slice()) {
        (_, []) | (95.., _) => None,
        (n, partners) => Some(partners[usize::from(n) % partners.len()].clone()),
    };
    e.consultant = Some(pick(rng, CONSULTANTS).to_string());
    e.notes = DEMO_NOTE.to_owned();
    // Maturity from 0 to 1, most firms in the lower half.
    let maturity = (rng.f64() + rng.f64()) / 2.0 * 0.7;
    let mut last = created;
    if rng.u8(0..100) < 88 {
        let day = registered
            .saturating_add(jiff::Span::new().days(rng.i32(0..60)))
            .min(DEMO_TODAY);
        let started = moment(rng, day).max(created);
        let draft = rng.u8(0..100) < 3;
        let assessor = e.consultant.clone().unwrap_or_default();
        e.assessments.push(assessment(
            rng,
            q,
            Stage::Baseline,
            started,
            !draft,
            maturity,
            &assessor,
        ));
        last = started;
        if !draft {
            let activities = [0, 1, 1, 2, 2, 3, 4][rng.usize(..7)];
            for _ in 0..activities {
                let day = day
                    .saturating_add(jiff::Span::new().days(rng.i32(7..300)))
                    .min(DEMO_TODAY);
                let (kind, platform) = *pick(rng, PLATFORMS);
                let at = moment(rng, day);
                e.activities.push(SupportActivity {
                    id: ulid_at(rng, at),
                    date: day,
                    kind,
                    partner: e.partner.clone(),
                    platform: Some(platform.into()),
                    note: String::new(),
                    modified: None,
                });
                last = last.max(at);
            }
            e.canonical_order();
            let follow_up = day.saturating_add(jiff::Span::new().days(rng.i32(300..500)));
            if !e.activities.is_empty() && follow_up <= DEMO_TODAY && rng.u8(0..100) < 60 {
                let improved = (maturity + 0.05 + rng.f64() * 0.2).min(1.0);
                let at = moment(rng, follow_up);
                e.assessments.push(assessment(
                    rng,
                    q,
                    Stage::FollowUp(1),
                    at,
                    true,
                    improved,
                    &assessor,
                ));
                last = last.max(at);
            }
        }
    }
    e.modified = last;
    e
}

fn assessment(
    rng: &mut fastrand::Rng,
    q: &Questionnaire,
    stage: Stage,
    started: Timestamp,
    completed: bool,
    maturity: f64,
    assessor: &str,
) -> Assessment {
    let id = ulid_at(rng, started);
    let mode = if rng.u8(0..100) < 5 {
        Mode::SelfAssessment
    } else {
        Mode::ConsultantLed
    };
    let mut assessment = Assessment::new(q, stage, mode, assessor, started);
    assessment.id = id;
    assessment.completed = completed.then(|| {
        started
            .saturating_add(jiff::SignedDuration::from_mins(rng.i64(40..120)))
            .unwrap_or(started)
    });
    assessment.answers = answers(rng, q, maturity);
    if !completed {
        // A draft stopped part-way through the questionnaire.
        let stopped_at = rng.usize(3..q.question_count().max(4));
        assessment
            .answers
            .retain(|id, _| q.position(id).is_some_and(|p| p < stopped_at));
    }
    assessment
}

/// A graded index from 0 to `n - 1` near `maturity`, with some spread.
fn graded(rng: &mut fastrand::Rng, n: usize, maturity: f64) -> usize {
    let spread = (rng.f64() - 0.5) * 0.6;
    (((maturity + spread).clamp(0.0, 1.0) * (n as f64 - 1.0)).round() as usize)
        .min(n.saturating_sub(1))
}

fn answers(rng: &mut fastrand::Rng, q: &Questionnaire, maturity: f64) -> Answers {
    let mut answers = Answers::new();
    for (_, question) in q.questions() {
        if let Some(rule) = &question.show_if {
            let shown = answers
                .get(&rule.question)
                .is_some_and(|a| rule.any_of.iter().any(|o| a.picks(o)));
            if !shown {
                continue;
            }
        }
        if question.not_applicable && rng.u8(0..100) < 5 {
            answers.insert(&question.id, Answer::NotApplicable);
            continue;
        }
        let answer = match &question.kind {
            QuestionKind::SingleChoice { .. } => {
                // The gate's "Không" is the lowest answer of a gated question.
                let mut sorted = question.option_points();
                sorted.sort_by_key(|(_, points)| *points);
                Answer::Choice(sorted[graded(rng, sorted.len(), maturity)].0.into())
            }
            QuestionKind::MultipleChoice { options } => Answer::Choices(
                options
                    .iter()
                    .filter(|_| rng.f64() < maturity + 0.1)
                    .map(|o| o.id.as_str().into())
                    .collect::<Vec<_>>()
                    .into(),
            ),
            QuestionKind::YesNo { .. } => Answer::Choice(
                if rng.f64() < maturity + 0.25 {
                    "yes"
                } else {
                    "no"
                }
                .into(),
            ),
            QuestionKind::Number { bands, .. } | QuestionKind::Percent { bands } => {
                let mut sorted: Vec<_> = bands.iter().collect();
                sorted.sort_by_key(|b| b.points);
                let band = sorted[graded(rng, sorted.len(), maturity)];
                let min = band.min.to_f64();
                let upper = band.max.map_or(
                    match question.kind {
                        QuestionKind::Percent { .. } => 100.0,
                        _ => min * 1.5 + 10.0,
                    },
                    Decimal::to_f64,
                );
                let value = min + (upper - min) * rng.f64() * 0.99;
                // Counts of people are whole; other figures have one decimal.
                let value = if question.kind.takes_whole_numbers() {
                    value.floor()
                } else {
                    (value * 10.0).floor() / 10.0
                };
                Answer::Number(figure(value))
            }
            QuestionKind::FreeText => continue,
            QuestionKind::Figure { .. } => Answer::Number(figure(f64::from(rng.u32(5..400)))),
            QuestionKind::Ratio { whole, .. } => {
                let share =
                    ((maturity + (rng.f64() - 0.5) * 0.6).clamp(0.0, 1.0) * 20.0).round() / 20.0;
                let total = match whole {
                    Whole::Figure(figure) => match answers.get(figure) {
                        Some(Answer::Number(total)) => total.to_f64(),
                        _ => continue,
                    },
                    Whole::Asked(_) => f64::from(rng.u32(10..500)),
                };
                let part = (share * total).floor();
                let whole = matches!(whole, Whole::Asked(_)).then_some(figure(total));
                Answer::Ratio(RatioFigures::new(figure(part), whole))
            }
        };
        answers.insert(&question.id, answer);
    }
    answers
}

/// A demo figure made as a float with at most one decimal: exact as a decimal.
fn figure(value: f64) -> Decimal {
    Decimal::from_f64(value).unwrap_or(Decimal::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mini() -> Questionnaire {
        Questionnaire::from_ron_str(include_str!("../../../tests/fixtures/mini.ron"), "mini.ron")
            .unwrap()
    }

    #[test]
    fn demo_enterprises_have_valid_unique_tax_codes_and_profiles() {
        let program = ProgramSettings::preset().unwrap();
        let all = generate(&program, &mini(), 500, 1, &HashSet::new());
        let codes: HashSet<_> = all.iter().filter_map(|e| e.tax_code.clone()).collect();
        assert_eq!(codes.len(), 500);
        for e in &all {
            assert_eq!(e.validate(), vec![], "{}", e.name);
            assert!(e.size_class().is_some());
        }
    }

    #[test]
    fn demo_addresses_write_street_and_unit_types_as_vietnamese_does() {
        assert_eq!(mid_address("Xã Phú Túc"), "xã Phú Túc");
        assert_eq!(mid_address("Thành phố Bến Tre"), "thành phố Bến Tre");
        assert_eq!(mid_address("Thị trấn Châu Thành"), "thị trấn Châu Thành");
        assert_eq!(mid_address("Bến Tre"), "Bến Tre");
        let program = ProgramSettings::preset().unwrap();
        let all = generate(&program, &mini(), 300, 2, &HashSet::new());
        for e in all.iter().filter(|e| !e.address.is_empty()) {
            let (number, rest) = e.address.split_once(' ').unwrap();
            assert!(number.parse::<u16>().is_ok(), "{}", e.address);
            assert!(
                rest.starts_with("đường ") || rest.starts_with("Quốc lộ "),
                "{}",
                e.address
            );
            for kind in UNIT_TYPES {
                assert!(!e.address.contains(&format!(", {kind}")), "{}", e.address);
            }
        }
        assert!(all.iter().any(|e| e.address.contains(", xã ")));
    }

    #[test]
    fn every_demo_answer_fits_its_question() {
        let q = mini();
        let program = ProgramSettings::preset().unwrap();
        for e in generate(&program, &q, 200, 3, &HashSet::new()) {
            for a in &e.assessments {
                let report = crate::questionnaire::score(&q, &a.answers);
                assert!(report.invalid.is_empty(), "{:?}", report.invalid);
                assert!(report.unknown.is_empty());
            }
        }
    }

    #[test]
    fn most_demo_enterprises_are_assessed_and_some_followed_up() {
        let program = ProgramSettings::preset().unwrap();
        let all = generate(&program, &mini(), 1000, 5, &HashSet::new());
        let assessed = all
            .iter()
            .filter(|e| e.latest_completed().is_some())
            .count();
        let followed = all
            .iter()
            .filter(|e| e.assessments.iter().any(|a| a.stage == Stage::FollowUp(1)))
            .count();
        assert!((800..950).contains(&assessed), "{assessed}");
        assert!((150..600).contains(&followed), "{followed}");
        assert!(all.iter().all(|e| e.modified >= e.created));
    }
}
