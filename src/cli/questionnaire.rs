//! `sohoa questionnaire check|show` and `sohoa score`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use serde_json::{Value, json};
use sohoa_core::explain::Explain;

use super::{Failure, Out};
use sohoa_core::questionnaire::answer_file::parse_answer_file;
use sohoa_core::questionnaire::{
    Answers, Question, QuestionKind, Questionnaire, QuestionnaireError, Registry, score,
};
use sohoa_core::text::{Lang, Text};
use sohoa_core::workspace::Workspace;

/// Largest answer file read (60 answers take a few kilobytes).
const MAX_ANSWER_FILE_BYTES: u64 = 4 * 1024 * 1024;
pub fn check(files: &[PathBuf], lang: Lang, out: &mut Out) -> Result<ExitCode, Failure> {
    let mut failed = 0;
    for file in files {
        match Questionnaire::load_file(file) {
            Ok(q) => {
                let (pillars, groups, criteria, questions, points) = (
                    q.pillars.len(),
                    q.group_count(),
                    q.criterion_count(),
                    q.question_count(),
                    q.max_points,
                );
                out.line(format!(
                    "{}: {} — {} {} · {}",
                    file.display(),
                    lang.pick("đạt", "ok"),
                    q.id,
                    q.version,
                    lang.pick(
                        format!(
                            "{pillars} trụ cột, {groups} chỉ số thành phần, {criteria} tiêu chí, {questions} câu hỏi, {points} điểm"
                        ),
                        format!(
                            "{pillars} pillars, {groups} groups, {criteria} criteria, {questions} questions, {points} points"
                        ),
                    )
                ));
            }
            Err(e) => {
                failed += 1;
                eprintln!("{}", e.explain(lang));
            }
        }
    }
    if failed > 0 {
        let total = files.len();
        eprintln!(
            "{}",
            lang.pick(
                format!("{failed} trong {total} tệp có lỗi"),
                format!("{failed} of {total} file(s) have problems"),
            )
        );
        Ok(ExitCode::from(1))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

/// A questionnaire named by file path, or by id among the built-in ones and those
/// installed in the data folder (if one is given or exists).
fn resolve(
    id_or_file: &str,
    data_dir: Option<PathBuf>,
    lang: Lang,
) -> Result<Arc<Questionnaire>, Failure> {
    let path = Path::new(id_or_file);
    if path.is_file() {
        return Questionnaire::load_file(path)
            .map(Arc::new)
            .map_err(|e| Failure::BadInput(e.into()));
    }
    let mut registry =
        Registry::builtin().map_err(|e: QuestionnaireError| Failure::Internal(e.into()))?;
    // Only read: showing or scoring never makes a data folder, nor takes its lock.
    if let Some(root) = data_dir.or_else(sohoa_core::store::DataFolder::default_root) {
        for problem in sohoa_core::store::DataFolder::load_questionnaires_in(&root, &mut registry) {
            eprintln!(
                "{}: {}",
                super::warning(lang),
                sohoa_core::explain::load_problem(&problem, lang)
            );
        }
    }
    pick_questionnaire(&registry, id_or_file, lang)
}

pub fn show(
    id: &str,
    data_dir: Option<PathBuf>,
    lang: Lang,
    json: bool,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let q = resolve(id, data_dir, lang)?;
    if json {
        out.json(&questionnaire_json(&q))?;
    } else {
        print_questionnaire(&q, lang, out);
    }
    Ok(ExitCode::SUCCESS)
}

/// `sohoa questionnaire export ID --xlsform FILE.xlsx`.
pub fn export_xlsform(
    id: &str,
    path: &Path,
    data_dir: Option<PathBuf>,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let q = resolve(id, data_dir, lang)?;
    let [survey, choices, settings] = sohoa_core::exchange::xlsform::xlsform_tables(&q);
    sohoa_core::exchange::write_xlsx(path, &[&survey, &choices, &settings]).map_err(|e| {
        Failure::Internal(anyhow::anyhow!(sohoa_core::explain::Explain::explain(
            &e, lang
        )))
    })?;
    out.line(lang.pick(
        format!(
            "Đã ghi {}: biểu mẫu XLSForm của bộ câu hỏi {} phiên bản {} ({} câu hỏi), tải lên KoboToolbox hoặc ODK Central được. Kết quả thu về: sohoa import-table TỆP --assessments",
            path.display(),
            q.id,
            q.version,
            q.question_count()
        ),
        format!(
            "Wrote {}: the XLSForm of questionnaire {} version {} ({} questions), for KoboToolbox or ODK Central. Bring the submissions back with: sohoa import-table FILE --assessments",
            path.display(),
            q.id,
            q.version,
            q.question_count()
        ),
    ));
    Ok(ExitCode::SUCCESS)
}

fn questionnaire_json(q: &Questionnaire) -> Value {
    let pillars: Vec<Value> = q
        .pillars
        .iter()
        .map(|pillar| {
            let questions: Vec<Value> = pillar.all_questions().map(question_json).collect();
            json!({
                "id": pillar.id,
                "name_vi": pillar.name.vi,
                "name_en": pillar.name.en,
                "max_points": pillar.max_points,
                "groups": pillar.groups.iter().map(|g| json!({
                    "id": g.id, "name_vi": g.name.vi, "name_en": g.name.en,
                    "questions": g.questions.iter().map(|q| q.id.as_str()).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "questions": questions,
            })
        })
        .collect();
    json!({
        "id": q.id,
        "version": q.version,
        "title_vi": q.title.vi,
        "title_en": q.title.en,
        "max_points": q.max_points,
        "question_count": q.question_count(),
        "levels": q.levels.iter().map(|l| json!({"level": l.level, "name_vi": l.name.vi, "name_en": l.name.en})).collect::<Vec<_>>(),
        "pillars": pillars,
    })
}

fn question_json(question: &Question) -> Value {
    let mut value = json!({
        "id": question.id,
        "number": question.number,
        "provisional": question.provisional.as_ref().map(|p| json!({"vi": p.vi, "en": p.en})),
        "gate": question.gate.as_ref().map(|g| json!({"question_vi": g.question.vi, "question_en": g.question.en})),
        "kind": question.kind.name(),
        "max_points": question.max_points,
        "text_vi": question.text.vi,
        "text_en": question.text.en,
        "not_applicable": question.not_applicable,
    });
    let options = question.option_points();
    if !options.is_empty() {
        value["options"] = options
            .iter()
            .map(|(id, points)| json!({"id": id, "points": points}))
            .collect();
    }
    let bands = question.kind.bands();
    if !bands.is_empty() {
        value["bands"] = bands
            .iter()
            .map(|b| json!({"min": b.min, "max": b.max, "points": b.points}))
            .collect();
    }
    if let QuestionKind::Ratio { whole, steps, .. } = &question.kind {
        value["whole"] = match whole {
            sohoa_core::questionnaire::Whole::Asked(_) => json!("asked"),
            sohoa_core::questionnaire::Whole::Figure(figure) => json!({"figure": figure}),
        };
        value["steps"] = steps
            .iter()
            .map(|s| json!({"above_percent": s.above, "points": s.points}))
            .collect();
    }
    if let Some(rule) = &question.show_if {
        value["show_if"] = json!({"question": rule.question, "any_of": rule.any_of});
    }
    value
}

fn print_questionnaire(q: &Questionnaire, lang: Lang, out: &mut Out) {
    let vi = lang == Lang::Vi;
    let t = |text: &Text| text.get(lang).to_owned();
    out.line(format!("{} ({} {})", t(&q.title), q.id, q.version));
    out.line(t(&q.description));
    out.line(format!(
        "{}: {}",
        if vi { "Căn cứ" } else { "Source" },
        t(&q.source)
    ));
    for note in &q.notes {
        out.line(format!("• {}", t(note)));
    }
    out.line(format!(
        "{} {} · {} {} · {} {} · {} {}",
        q.pillars.len(),
        if vi { "trụ cột" } else { "pillars" },
        q.group_count(),
        if vi {
            "chỉ số thành phần"
        } else {
            "component indices"
        },
        q.criterion_count(),
        if vi { "tiêu chí" } else { "criteria" },
        q.max_points,
        if vi { "điểm" } else { "points" },
    ));
    out.line("");
    out.line(if vi { "Các mức:" } else { "Levels:" });
    for level in &q.levels {
        let band = q.pillar_bands.iter().find(|b| b.level == level.level);
        let rule = q.overall_rules.iter().find(|r| r.level == level.level);
        let mut line = format!("  {} – {}", level.level, t(&level.name));
        if let Some(b) = band {
            let (from, to) = (b.from_percent, b.to_percent);
            let from = match (b.includes_from, vi) {
                (true, true) => format!("từ {from}%"),
                (false, true) => format!("trên {from}%"),
                (true, false) => format!("from {from}%"),
                (false, false) => format!("above {from}%"),
            };
            let to = match (b.includes_to, vi) {
                (true, true) => format!("đến {to}%"),
                (false, true) => format!("đến dưới {to}%"),
                (true, false) => format!("to {to}%"),
                (false, false) => format!("to under {to}%"),
            };
            line.push_str(&format!(
                "; {}: {from} {to}",
                if vi {
                    "mỗi trụ cột"
                } else {
                    "each pillar"
                },
            ));
        }
        if let Some(r) = rule {
            line.push_str(&format!(
                "; {} > {} {} {} {} ≥ {}",
                if vi { "tổng điểm" } else { "total" },
                r.total_above,
                if vi { "và ít nhất" } else { "and at least" },
                r.min_pillars,
                if vi {
                    "trụ cột đạt mức"
                } else {
                    "pillars at level"
                },
                r.pillar_level,
            ));
        }
        out.line(line.trim_end());
    }
    let mut number = 0;
    for (pi, pillar) in q.pillars.iter().enumerate() {
        out.line("");
        out.line(format!(
            "{} {}. {} ({} {})",
            if vi { "TRỤ CỘT" } else { "PILLAR" },
            pi + 1,
            t(&pillar.name).to_uppercase(),
            pillar.max_points,
            if vi { "điểm" } else { "points" }
        ));
        let groups: Vec<(Option<&Text>, &[Question])> = if pillar.groups.is_empty() {
            vec![(None, pillar.questions.as_slice())]
        } else {
            pillar
                .groups
                .iter()
                .map(|g| (Some(&g.name), g.questions.as_slice()))
                .collect()
        };
        for (name, questions) in groups {
            if let Some(name) = name {
                out.line(format!("  ▸ {}", t(name)));
            }
            for question in questions {
                number += 1;
                print_question(q, question, number, lang, out);
            }
        }
    }
    out.line("");
    out.line(if vi {
        "KHUYẾN NGHỊ"
    } else {
        "RECOMMENDATIONS"
    });
    for pillar in &q.pillars {
        out.line(format!("  {}", t(&pillar.name)));
        for level in &q.levels {
            if let Some(text) = q.recommendation(&pillar.id, level.level) {
                out.line(format!(
                    "    {} {}: {}",
                    if vi { "Mức" } else { "Level" },
                    level.level,
                    t(text)
                ));
            }
        }
    }
}

fn print_question(
    q: &Questionnaire,
    question: &Question,
    number: usize,
    lang: Lang,
    out: &mut Out,
) {
    let vi = lang == Lang::Vi;
    let t = |text: &Text| text.get(lang).to_owned();
    let pts = |n: u32| match (vi, n) {
        (true, _) => format!("{n} điểm"),
        (false, 1) => "1 point".to_owned(),
        (false, _) => format!("{n} points"),
    };
    // Annex criteria carry their annex number; other questions their place.
    let label = question
        .number
        .clone()
        .unwrap_or_else(|| format!("{number}."));
    let scored = if question.is_scored() {
        format!(
            " · {} {}",
            if vi { "tối đa" } else { "max" },
            pts(question.max_points)
        )
    } else if vi {
        " · không tính điểm, dùng cho các câu sau".to_owned()
    } else {
        " · not scored, used by later questions".to_owned()
    };
    let mark = if question.provisional.is_some() {
        " ◇"
    } else {
        ""
    };
    out.line(format!(
        "    {label}{mark} {} [{}{scored}]",
        t(&question.text),
        question.id,
    ));
    if let Some(help) = &question.help {
        out.line(format!("       ⓘ {}", t(help)));
    }
    if let Some(provisional) = &question.provisional {
        out.line(format!(
            "       ◇ {}: {}",
            if vi {
                "Điểm tạm tính"
            } else {
                "Provisional points"
            },
            t(provisional)
        ));
    }
    if let Some(gate) = &question.gate {
        out.line(format!("       {}", t(&gate.question)));
        out.line(format!(
            "       [{}] {} ({})",
            sohoa_core::questionnaire::GATE_NO,
            t(&gate.no),
            pts(0)
        ));
        out.line(format!("       {}", if vi { "Nếu có:" } else { "If so:" }));
    }
    if let Some(rule) = &question.show_if {
        let number_of = q.position(&rule.question).map_or(0, |p| p + 1);
        let labels: Vec<String> = rule
            .any_of
            .iter()
            .map(|id| {
                q.question(&rule.question)
                    .and_then(|c| option_label(c, id, lang))
                    .unwrap_or_else(|| id.clone())
            })
            .collect();
        out.line(format!(
            "       ↳ {} {number_of} {}: {}",
            if vi {
                "chỉ hỏi khi câu"
            } else {
                "asked only when question"
            },
            if vi {
                "được trả lời"
            } else {
                "is answered"
            },
            labels.join(if vi { " hoặc " } else { " or " })
        ));
    }
    match &question.kind {
        QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
            if matches!(question.kind, QuestionKind::MultipleChoice { .. }) {
                out.line(format!(
                    "       ({})",
                    if vi {
                        "chọn tất cả những gì đúng; cộng điểm, tối đa bằng điểm câu hỏi"
                    } else {
                        "tick all that apply; points add up to the question maximum"
                    }
                ));
            }
            for option in options {
                out.line(format!(
                    "       [{}] {} ({})",
                    option.id,
                    t(&option.label),
                    pts(option.points)
                ));
                if let Some(help) = &option.help {
                    out.line(format!("           ⓘ {}", t(help)));
                }
            }
        }
        QuestionKind::YesNo { yes, no } => {
            out.line(format!(
                "       [yes] {} ({})",
                if vi { "Có" } else { "Yes" },
                pts(*yes)
            ));
            out.line(format!(
                "       [no] {} ({})",
                if vi { "Không" } else { "No" },
                pts(*no)
            ));
        }
        QuestionKind::Number { bands, .. } | QuestionKind::Percent { bands } => {
            let unit = match &question.kind {
                QuestionKind::Percent { .. } => " %".to_owned(),
                QuestionKind::Number {
                    unit: Some(unit), ..
                } => format!(" {}", t(unit)),
                _ => String::new(),
            };
            let counts = matches!(question.kind, QuestionKind::Number { .. });
            // "1 người", not "1 người đến dưới 2 người"; "1 person", not "1 people".
            let amount = |n: &dyn std::fmt::Display| {
                let n = n.to_string();
                match (n.as_str(), unit.as_str()) {
                    ("1", " people") => "1 person".to_owned(),
                    _ => format!("{n}{unit}"),
                }
            };
            for band in bands {
                // A band of counts holding one whole number is named by it.
                let one_value = counts
                    && band.min.is_integer()
                    && band
                        .max
                        .is_some_and(|max| (max.to_f64() - band.min.to_f64() - 1.0).abs() < 1e-9);
                let range = match band.max {
                    Some(_) if one_value => amount(&band.min),
                    Some(max) => format!(
                        "{} {} {}",
                        amount(&band.min),
                        if vi { "đến dưới" } else { "to under" },
                        amount(&max)
                    ),
                    None => format!(
                        "{} {}",
                        amount(&band.min),
                        if vi { "trở lên" } else { "or more" }
                    ),
                };
                out.line(format!("       {range}: {}", pts(band.points)));
            }
        }
        QuestionKind::Ratio {
            part,
            whole,
            unit,
            steps,
            ..
        } => {
            let unit = unit
                .as_ref()
                .map(|u| format!(" ({})", t(u)))
                .unwrap_or_default();
            out.line(format!(
                "       ({}) {}{unit}",
                if vi { "tử số" } else { "part" },
                t(part)
            ));
            let whole = match whole {
                sohoa_core::questionnaire::Whole::Asked(label) => t(label),
                sohoa_core::questionnaire::Whole::Figure(figure) => {
                    let asked = q
                        .question(figure)
                        .map_or_else(|| figure.clone(), |f| t(&f.text));
                    format!(
                        "{asked} ({})",
                        if vi {
                            "đã hỏi ở câu trước"
                        } else {
                            "asked earlier"
                        }
                    )
                }
            };
            out.line(format!(
                "       ({}) {whole}",
                if vi { "mẫu số" } else { "total" }
            ));
            let mut rule = vec![format!("0% → {}", pts(0))];
            for (i, step) in steps.iter().enumerate() {
                let upper = steps.get(i + 1).map(|next| next.above);
                let range = match (upper, vi) {
                    (Some(to), true) => format!("trên {}% đến {to}%", step.above),
                    (Some(to), false) => format!("above {}% to {to}%", step.above),
                    (None, true) => format!("trên {}%", step.above),
                    (None, false) => format!("above {}%", step.above),
                };
                rule.push(format!("{range} → {}", pts(step.points)));
            }
            out.line(format!("       {}", rule.join(" · ")));
        }
        QuestionKind::Figure {
            unit: Some(unit), ..
        } => {
            out.line(format!("       ({})", t(unit)));
        }
        _ => {}
    }
    if question.not_applicable {
        out.line(format!(
            "       [na] {}",
            if vi {
                "Không áp dụng (0 điểm)"
            } else {
                "Not applicable (0 points)"
            }
        ));
    }
}

/// The label of an option (or of `yes`/`no`) in `lang`, in quotes.
fn option_label(question: &Question, id: &str, lang: Lang) -> Option<String> {
    let label = match &question.kind {
        QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
            options
                .iter()
                .find(|o| o.id == id)?
                .label
                .get(lang)
                .to_owned()
        }
        QuestionKind::YesNo { .. } => match (id, lang) {
            ("yes", Lang::Vi) => "Có".into(),
            ("yes", Lang::En) => "Yes".into(),
            ("no", Lang::Vi) => "Không".into(),
            ("no", Lang::En) => "No".into(),
            _ => return None,
        },
        _ => return None,
    };
    Some(format!("“{label}”"))
}

/// Reads and checks an answer file against `q`; every problem is listed at once.
fn read_answer_file(q: &Questionnaire, answers: &Path, lang: Lang) -> Result<Answers, Failure> {
    let text = sohoa_core::bounded_read::read_regular_file(answers, MAX_ANSWER_FILE_BYTES)
        .map_err(|e| e.explain(lang))
        .and_then(|bytes| {
            String::from_utf8(bytes).map_err(|e| {
                lang.pick(
                    format!(
                        "không phải văn bản UTF-8 (byte thứ {})",
                        e.utf8_error().valid_up_to()
                    ),
                    format!("not UTF-8 text ({e})"),
                )
            })
        })
        .map_err(|e| {
            let path = answers.display();
            Failure::bad(lang.pick(
                format!("không đọc được tệp câu trả lời {path}: {e}"),
                format!("cannot read the answer file {path}: {e}"),
            ))
        })?;
    parse_answer_file(q, &text, answers).map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| format!("  {}", e.in_language(lang)))
            .collect();
        Failure::bad(format!(
            "{} {}:\n{}",
            answers.display(),
            lang.pick(
                format!("có {} lỗi", errors.len()),
                format!("has {} problem(s)", errors.len())
            ),
            lines.join("\n")
        ))
    })
}

/// What `sohoa assess` was asked to record.
pub struct AssessRequest {
    pub enterprise: String,
    pub answers: PathBuf,
    pub stage: Option<String>,
    pub questionnaire: Option<String>,
    pub complete: bool,
}

/// `sohoa assess`: records an assessment from an answer file, checked exactly as
/// `sohoa score` checks it; nothing is written when any answer is wrong.
pub fn assess(
    ws: &mut Workspace,
    request: AssessRequest,
    lang: Lang,
    json: bool,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let enterprise = ws
        .find(&request.enterprise)
        .ok_or_else(|| Failure::from(ws.missing(&request.enterprise)))?;
    let (enterprise_id, enterprise_name) = (enterprise.id, enterprise.name.clone());
    let stage = match request.stage.as_deref() {
        None => enterprise.default_stage(),
        Some(text) => enterprise.stage_named(text).ok_or_else(|| {
            Failure::bad(lang.pick(
                format!(
                    "“{text}” không phải là giai đoạn đánh giá; hãy dùng baseline, follow-up, hoặc T0, T1, T2, …"
                ),
                format!("`{text}` is not a stage; use baseline, follow-up, or T0, T1, T2, …"),
            ))
        })?,
    };
    let wanted = request
        .questionnaire
        .clone()
        .unwrap_or_else(|| ws.program.default_questionnaire.clone());
    let q = pick_questionnaire(&ws.questionnaires, &wanted, lang)?;
    let answers = read_answer_file(&q, &request.answers, lang)?;
    let report = score(&q, &answers);
    let recorded = sohoa_core::workspace::RecordedAssessment {
        questionnaire: Arc::clone(&q),
        stage,
        mode: sohoa_core::enterprise::Mode::ConsultantLed,
        assessor: ws.actor().to_owned(),
        answers,
        complete: request.complete,
    };
    let id = ws.record_assessment(enterprise_id, recorded, jiff::Timestamp::now())?;
    if json {
        out.json(&json!({
            "enterprise": enterprise_id.to_string(),
            "assessment": id.to_string(),
            "stage": stage.code(),
            "completed": request.complete,
            "questionnaire": q.id,
            "version": q.version,
            "total": report.total,
            "max_points": report.max_points,
            "level": report.level,
            "pillars": report.pillars,
            "unanswered": report.unanswered,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    let vi = lang == Lang::Vi;
    let level_name = q
        .level_name(report.level)
        .map_or(String::new(), |n| n.get(lang).to_owned());
    out.line(format!(
        "{} {enterprise_name}: {} · {} {} · {}",
        if vi {
            "Đã ghi đánh giá cho"
        } else {
            "Recorded an assessment of"
        },
        stage.name().get(lang),
        q.id,
        q.version,
        match (request.complete, vi) {
            (true, true) => "đã hoàn thành",
            (true, false) => "completed",
            (false, true) => "bản nháp",
            (false, false) => "draft",
        }
    ));
    out.line(format!(
        "{}: {}/{} · {} {} – {level_name}",
        if vi { "Tổng điểm" } else { "Total" },
        report.total,
        report.max_points,
        if vi { "Mức chung" } else { "Overall level" },
        report.level,
    ));
    if !report.unanswered.is_empty() {
        out.line(format!(
            "{} ({}): {}",
            if vi {
                "Chưa trả lời"
            } else {
                "Unanswered"
            },
            report.unanswered.len(),
            report.unanswered.join(", ")
        ));
    }
    out.line(format!(
        "{} {id}",
        if vi {
            "Mã đánh giá:"
        } else {
            "Assessment id:"
        }
    ));
    Ok(ExitCode::SUCCESS)
}

/// Baseline until one is completed, then the follow-up after the last one.
/// `sohoa self-assess --form`: writes the offline self-assessment form, blank or
/// for one enterprise, with the program's questionnaire or the one asked for.
pub fn write_form(
    ws: &Workspace,
    enterprise: Option<&str>,
    wanted: Option<&str>,
    output: &Path,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let e = match enterprise {
        Some(query) => Some(
            ws.find(query)
                .ok_or_else(|| Failure::from(ws.missing(query)))?,
        ),
        None => None,
    };
    let wanted = wanted.unwrap_or(&ws.program.default_questionnaire);
    let q = pick_questionnaire(&ws.questionnaires, wanted, lang)?;
    let page = sohoa_core::exchange::form::self_assessment_form(
        &q,
        &ws.program,
        e,
        lang,
        jiff::Timestamp::now(),
    );
    sohoa_core::store::atomic::write_atomic(
        output,
        page.as_bytes(),
        sohoa_core::store::Durability::Durable,
    )
    .map_err(|source| {
        let (path, reason) = (output.display(), sohoa_core::text::io_reason(&source, lang));
        Failure::bad(lang.pick(
            format!("không ghi được {path}: {reason}"),
            format!("cannot write {path}: {reason}"),
        ))
    })?;
    out.line(format!(
        "{} ({} KB)",
        output.display(),
        page.len().div_ceil(1024)
    ));
    Ok(ExitCode::SUCCESS)
}

/// `ID` (newest version) or `ID@VERSION` among the installed questionnaires.
pub(super) fn pick_questionnaire(
    registry: &Registry,
    wanted: &str,
    lang: Lang,
) -> Result<Arc<Questionnaire>, Failure> {
    let found = match wanted.split_once('@') {
        Some((id, version)) => registry.get(id.trim(), version.trim()),
        None => registry.latest(wanted.trim()),
    };
    found.cloned().ok_or_else(|| {
        let known: Vec<String> = registry
            .all()
            .iter()
            .map(|q| format!("{}@{}", q.id, q.version))
            .collect();
        let known = match known.is_empty() {
            true => lang.pick("chưa có", "none").to_owned(),
            false => known.join(", "),
        };
        Failure::bad(lang.pick(
            format!(
                "“{wanted}” không phải là tệp, cũng không phải bộ câu hỏi đã cài đặt (đã cài: {known})"
            ),
            format!("`{wanted}` is neither a file nor an installed questionnaire (installed: {known})"),
        ))
    })
}

pub fn score_file(
    questionnaire: &str,
    answers: &Path,
    data_dir: Option<PathBuf>,
    lang: Lang,
    json: bool,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let q = resolve(questionnaire, data_dir, lang)?;
    let answers_map = read_answer_file(&q, answers, lang)?;
    let report = score(&q, &answers_map);
    if json {
        out.json(&json!({
            "questionnaire": report.questionnaire,
            "version": report.version,
            "total": report.total,
            "max_points": report.max_points,
            "level": report.level,
            "pillars": report.pillars,
            "unanswered": report.unanswered,
            "skipped": report.skipped,
            "not_applicable": report.not_applicable,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    let vi = lang == Lang::Vi;
    let level_name = |level: u8| {
        q.level_name(level)
            .map_or(String::new(), |n| n.get(lang).to_owned())
    };
    out.line(format!("{} {} · {}", q.id, q.version, q.title.get(lang)));
    for (pillar, result) in q.pillars.iter().zip(&report.pillars) {
        out.line(format!(
            "  {:<40} {:>3}/{:<3} {:>6}  {} {} – {}",
            pillar.name.get(lang),
            result.points,
            result.max_points,
            sohoa_core::text::format_percent(result.share, 1, lang),
            if vi { "mức" } else { "level" },
            result.level,
            level_name(result.level)
        ));
    }
    out.line(format!(
        "{}: {}/{} · {} {} – {}",
        if vi { "Tổng điểm" } else { "Total" },
        report.total,
        report.max_points,
        if vi { "Mức chung" } else { "Overall level" },
        report.level,
        level_name(report.level)
    ));
    let lists = [
        (
            if vi {
                "Chưa trả lời"
            } else {
                "Unanswered"
            },
            &report.unanswered,
        ),
        (
            if vi {
                "Bỏ qua theo điều kiện"
            } else {
                "Skipped by skip logic"
            },
            &report.skipped,
        ),
        (
            if vi {
                "Không áp dụng"
            } else {
                "Not applicable"
            },
            &report.not_applicable,
        ),
    ];
    for (label, ids) in lists {
        if !ids.is_empty() {
            out.line(format!("{label} ({}): {}", ids.len(), ids.join(", ")));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `sohoa score-changes`: the completed assessments that score differently under
/// the exact rules for figures, with both results and the criteria behind them.
pub fn score_changes(
    ws: &Workspace,
    json: bool,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let changes = ws.score_changes();
    if json {
        return out.json(&changes).map(|()| ExitCode::SUCCESS);
    }
    if changes.is_empty() {
        out.line(lang.pick(
            "Không có đánh giá đã hoàn thành nào đổi kết quả khi tính số liệu chính xác.",
            "No completed assessment scores differently with exact figures.",
        ));
        return Ok(ExitCode::SUCCESS);
    }
    out.line(lang.pick(
        format!(
            "{} đánh giá đã hoàn thành có kết quả khác khi tính số liệu chính xác (không có gì bị sửa):",
            changes.len()
        ),
        format!(
            "{} completed assessment(s) score differently with exact figures (nothing was changed):",
            changes.len()
        ),
    ));
    let invalid = lang.pick("không hợp lệ", "invalid");
    for change in &changes {
        let (before, now) = (change.formerly, change.now);
        out.line(format!(
            "{} · {} · {} {} · {}",
            change.name,
            change.stage.code(),
            lang.pick("hoàn thành", "completed"),
            sohoa_core::text::format_date(sohoa_core::text::local_date(change.completed)),
            lang.pick(
                format!(
                    "trước: {} điểm, mức {} → nay: {} điểm, mức {}",
                    before.0, before.1, now.0, now.1
                ),
                format!(
                    "before: {} points, level {} → now: {} points, level {}",
                    before.0, before.1, now.0, now.1
                ),
            )
        ));
        for criterion in &change.criteria {
            let formerly = criterion
                .formerly
                .as_ref()
                .map_or_else(|_| invalid.to_owned(), ToString::to_string);
            let now = match &criterion.now {
                Ok(points) => points.to_string(),
                Err(problem) => format!("{invalid} ({})", problem.in_language(lang)),
            };
            out.line(format!(
                "  {} {}: {formerly} → {now}",
                criterion.number.as_deref().unwrap_or(""),
                criterion.question,
            ));
        }
        out.line(format!("  {} {}", change.enterprise, change.assessment));
    }
    Ok(ExitCode::SUCCESS)
}
