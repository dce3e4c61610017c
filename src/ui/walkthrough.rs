//! The assessment walkthrough: one question at a time, pillar by pillar, answered
//! with one key; every change is saved at once. A review page lists what is left
//! and completes (freezes) the assessment.
//!
//! Keys (when no text box has focus): the digit shown beside an answer picks it,
//! `N` picks "not applicable", Enter / → / ↓ / Tab go to the next question,
//! ← / ↑ / Shift+Tab to the previous one.

use sohoa_core::questionnaire::answer_map::SharedId;

use eframe::egui;

use sohoa_core::app::state::WalkState;
use sohoa_core::app::{Action, AppCore, Edit};
use sohoa_core::decimal::Decimal;
use sohoa_core::questionnaire::{
    Answer, AnswerProblem, GATE_NO, Question, QuestionKind, Questionnaire, RatioFigures, Whole,
    check_change,
};
use sohoa_core::text::Lang;

/// The answers of a question in the order they are shown, with the key that picks each.
fn choices(question: &Question, lang: Lang) -> Vec<(String, String, u32)> {
    // A gate's "Không" comes first, on key 0, and scores 0.
    let gate = question
        .gate
        .as_ref()
        .map(|gate| (GATE_NO.to_owned(), gate.no.get(lang).to_owned(), 0));
    let options = match &question.kind {
        QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
            options
                .iter()
                .map(|o| (o.id.clone(), o.label.get(lang).to_owned(), o.points))
                .collect()
        }
        QuestionKind::YesNo { yes, no } => vec![
            ("no".into(), lang.pick("Không", "No").into(), *no),
            ("yes".into(), lang.pick("Có", "Yes").into(), *yes),
        ],
        _ => Vec::new(),
    };
    gate.into_iter().chain(options).collect()
}

const DIGITS: [egui::Key; 10] = [
    egui::Key::Num0,
    egui::Key::Num1,
    egui::Key::Num2,
    egui::Key::Num3,
    egui::Key::Num4,
    egui::Key::Num5,
    egui::Key::Num6,
    egui::Key::Num7,
    egui::Key::Num8,
    egui::Key::Num9,
];

/// The walkthrough page, scrolling when the window is short or the text large.
/// The question shown (or the review page). What is typed is kept in a copy of
/// the walk's buffers and sent back as one edit when it changed.
pub fn walkthrough_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) {
    let Some(shown) = core.view.walk() else {
        ui.label(
            core.prefs
                .lang
                .pick("Chưa chọn đánh giá nào.", "No assessment is open."),
        );
        return;
    };
    let mut walk = shown.clone();
    egui::ScrollArea::both()
        .id_salt((
            "walkthrough",
            shown.assessment,
            shown.position,
            shown.review,
        ))
        .auto_shrink(false)
        .show(ui, |ui| walkthrough_page_ui(ui, core, &mut walk, actions));
    if walk != *shown {
        actions.push(Action::Edit(Edit::Walk(Box::new(walk))));
    }
}

/// On the first visit, a reminder to ask for consent to hold the contacts' data,
/// with the answer recorded in one click.
fn consent_reminder_ui(
    ui: &mut egui::Ui,
    enterprise: ulid::Ulid,
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    use sohoa_core::app::KeyAction;
    ui.horizontal_wrapped(|ui| {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            lang.pick(
                "Lần gặp đầu: hãy hỏi người liên hệ có đồng ý cho chương trình giữ tên, điện thoại, thư điện tử của họ không (Luật 91/2025/QH15).",
                "First visit: ask the contact whether they agree to the program keeping their name, phone and e-mail (Law 91/2025/QH15).",
            ),
        );
        if ui.small_button(lang.pick("Đồng ý", "Consent given")).clicked() {
            actions.push(Action::Keys(KeyAction::RecordConsent { enterprise, given: true }));
        }
        if ui.small_button(lang.pick("Không đồng ý", "Refused")).clicked() {
            actions.push(Action::Keys(KeyAction::RecordConsent { enterprise, given: false }));
        }
    });
}

/// Below this height, in points, the walkthrough's header takes one line and the
/// overall progress bar goes (each pillar still shows its count): 768 pixels at
/// text size 2.0 are 384 points, and the first answer sat below the fold.
const SHORT_WINDOW: f32 = 560.0;

fn walkthrough_page_ui(
    ui: &mut egui::Ui,
    core: &AppCore,
    walk: &mut WalkState,
    actions: &mut Vec<Action>,
) {
    let lang = core.prefs.lang;
    let (Some(q), Some(assessment)) = (
        core.walk_questionnaire().cloned(),
        core.current_assessment().cloned(),
    ) else {
        ui.label(lang.pick("Chưa chọn đánh giá nào.", "No assessment is open."));
        return;
    };
    let Some(enterprise) = core.workspace.get(walk.enterprise) else {
        return;
    };
    let shown = sohoa_core::questionnaire::scoring::visibility(&q, &assessment.answers);
    let about = format!(
        "· {} · {} · {}",
        assessment.stage.name().get(lang),
        q.title.get(lang),
        lang.pick(
            format!("phiên bản {}", q.version),
            format!("edition {}", q.version)
        )
    );
    let short = ui.ctx().content_rect().height() < SHORT_WINDOW;
    if short {
        // One line, cut at the window's edge (the whole of it on hover), so that
        // the question's answers are in view as the page opens.
        let line = format!("{} {about}", enterprise.name);
        ui.add(egui::Label::new(egui::RichText::new(line).strong()).truncate());
    } else {
        // Wrapped: one long line would widen the page past the window.
        ui.horizontal_wrapped(|ui| {
            ui.heading(&enterprise.name);
            ui.label(about);
        });
    }
    // A consultant's first visit (an owner assessing itself records it on its profile).
    if assessment.stage == sohoa_core::enterprise::Stage::Baseline
        && enterprise.consent.is_none()
        && !core.view.self_assessment
    {
        consent_reminder_ui(ui, enterprise.id, lang, actions);
    }
    pillar_progress_ui(ui, &q, &assessment.answers, &shown, walk, lang, actions);
    if !short {
        overall_progress_ui(ui, &q, &assessment.answers, &shown, lang);
    }
    ui.separator();
    if walk.review {
        review_ui(ui, &q, &assessment.answers, &shown, lang, actions);
        return;
    }
    let Some(question) = q.question_by_position(walk.position) else {
        return;
    };
    let visible = shown.get(walk.position).copied().unwrap_or(true);
    let pillar_index = q.questions().nth(walk.position).map_or(0, |(p, _)| p);
    let pillar = &q.pillars[pillar_index];
    let in_pillar: Vec<usize> = q
        .questions()
        .enumerate()
        .filter(|(_, (p, _))| *p == pillar_index)
        .map(|(i, _)| i)
        .collect();
    let number_in_pillar = in_pillar
        .iter()
        .position(|p| *p == walk.position)
        .map_or(0, |i| i + 1);
    let group = pillar
        .groups
        .iter()
        .find(|g| g.questions.iter().any(|x| x.id == question.id));
    ui.label(format!(
        "{} {number_in_pillar}/{} · {}",
        lang.pick("Câu", "Question"),
        in_pillar.len(),
        group.map_or_else(
            || pillar.name.get(lang).to_owned(),
            |g| g.name.get(lang).to_owned()
        )
    ));
    ui.add_space(4.0);
    ui.label(
        egui::RichText::new(question.numbered_text(lang))
            .size(if short { 17.0 } else { 20.0 })
            .strong(),
    );
    if let Some(provisional) = &question.provisional {
        ui.label(
            egui::RichText::new(format!(
                "◇ {}",
                lang.pick("Điểm tạm tính", "Provisional points")
            ))
            .color(ui.visuals().warn_fg_color),
        )
        .on_hover_text(provisional.get(lang));
        // The size of the help text below: a rule that changes the points is read,
        // not squinted at.
        ui.add(egui::Label::new(egui::RichText::new(provisional.get(lang)).weak()).wrap());
    }
    if let Some(help) = &question.help {
        ui.add(
            egui::Label::new(egui::RichText::new(format!("ℹ {}", help.get(lang))).weak()).wrap(),
        );
    }
    ui.add_space(8.0);
    let current = assessment.answers.get(&question.id);
    if !visible {
        let reason = question.show_if.as_ref().map(|rule| {
            let number = q.position(&rule.question).map_or(0, |p| p + 1);
            lang.pick(format!("Câu này được bỏ qua (0 điểm) vì câu {number} không được trả lời bằng đáp án dẫn tới nó."), format!("This question is skipped (0 points) because question {number} was not answered with an answer that leads to it."))
        });
        ui.add_enabled_ui(false, |ui| {
            for (_, label, _) in choices(question, lang) {
                ui.label(format!("   {label}"));
            }
        });
        ui.colored_label(ui.visuals().warn_fg_color, reason.unwrap_or_default());
    } else {
        answer_ui(ui, core, walk, question, current, lang, actions);
    }
    ui.add_space(10.0);
    {
        ui.horizontal(|ui| {
            let label = ui.label(lang.pick("Ghi chú:", "Note:"));
            let note = ui
                .add(
                    egui::TextEdit::singleline(&mut walk.note_text)
                        .desired_width(ui.available_width().min(480.0)),
                )
                .labelled_by(label.id);
            if note.changed() {
                walk.note_text = sohoa_core::text::nfc(&walk.note_text);
            }
            if note.lost_focus() {
                actions.push(Action::SaveNote);
            }
        });
    }
    ui.add_space(12.0);
    ui.horizontal_wrapped(|ui| {
        // A click moves between questions; the keyboard goes with it to the
        // question shown (its figure box, or the shortcuts), not to the button.
        let previous = ui.button(lang.pick("← Trước", "← Previous"));
        if previous.clicked() {
            previous.surrender_focus();
            actions.push(Action::PreviousQuestion);
        }
        let saved = match core.view.last_saved {
            Some(at) => format!(
                "{}  {}",
                lang.pick("Đã lưu", "Saved"),
                sohoa_core::text::format_moment(at)
            ),
            None => String::new(),
        };
        ui.label(saved);
        let next = ui.button(lang.pick("Tiếp →", "Next →"));
        if next.clicked() {
            next.surrender_focus();
            actions.push(Action::NextQuestion);
        }
        if ui
            .button(lang.pick("Xem lại và hoàn thành", "Review and complete"))
            .clicked()
        {
            actions.push(Action::Review);
        }
    });
    ui.label(
        egui::RichText::new(lang.pick(
            "Phím tắt: số để chọn đáp án · N: không áp dụng · Enter/→: câu tiếp · ←: câu trước",
            "Keys: a digit picks an answer · N: not applicable · Enter/→: next · ←: previous",
        ))
        .weak()
        .small(),
    );
    if let Some(hint) = &walk.hint {
        ui.colored_label(ui.visuals().warn_fg_color, hint);
    }
    let pressed = keyboard(ui, question, current, visible, lang, actions);
    {
        match pressed {
            KeyOutcome::NoNotApplicable => {
                walk.hint = Some(
                    lang.pick(
                        "Câu này không có lựa chọn “không áp dụng” (phím N).",
                        "This question has no “not applicable” answer (key N).",
                    )
                    .to_owned(),
                )
            }
            KeyOutcome::Answered => {
                walk.hint = None;
                // A choice may open figures (a gate answered "Có"): their box
                // takes the keyboard, so what is typed next lands in it.
                walk.number_focus_for = None;
            }
            KeyOutcome::Nothing => {}
        }
    }
}

/// What the keys of one frame did, for the hint under the question.
enum KeyOutcome {
    Nothing,
    Answered,
    /// N was pressed on a question that has no "not applicable".
    NoNotApplicable,
}

/// Digits, N and arrows, when no text box has the keyboard.
fn keyboard(
    ui: &mut egui::Ui,
    question: &Question,
    current: Option<&Answer>,
    visible: bool,
    lang: Lang,
    actions: &mut Vec<Action>,
) -> KeyOutcome {
    if super::widgets::text_box_has_focus(ui.ctx()) {
        return KeyOutcome::Nothing;
    }
    let mut outcome = KeyOutcome::Nothing;
    let (next, previous, digit, na) = ui.input_mut(|i| {
        let next = i.consume_key(egui::Modifiers::NONE, egui::Key::Enter)
            || i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowRight)
            || i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown)
            || i.consume_key(egui::Modifiers::NONE, egui::Key::Tab);
        let previous = i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowLeft)
            || i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp)
            || i.consume_key(egui::Modifiers::SHIFT, egui::Key::Tab);
        let digit = DIGITS
            .iter()
            .position(|k| i.consume_key(egui::Modifiers::NONE, *k));
        let na = i.consume_key(egui::Modifiers::NONE, egui::Key::N);
        (next, previous, digit, na)
    });
    if let (Some(k), true) = (digit, visible) {
        let options = choices(question, lang);
        if let Some((id, _, _)) = options.get(k) {
            let answer = match &question.kind {
                QuestionKind::MultipleChoice { .. } => {
                    Some(Answer::Choices(toggle(current, id).into()))
                }
                _ => Some(Answer::Choice(id.as_str().into())),
            };
            actions.push(Action::Answer {
                question: question.id.clone(),
                answer,
            });
            outcome = KeyOutcome::Answered;
        }
    }
    if na && visible && question.not_applicable {
        actions.push(Action::Answer {
            question: question.id.clone(),
            answer: Some(Answer::NotApplicable),
        });
        outcome = KeyOutcome::Answered;
    } else if na && visible {
        outcome = KeyOutcome::NoNotApplicable;
    }
    if next {
        actions.push(Action::NextQuestion);
    }
    if previous {
        actions.push(Action::PreviousQuestion);
    }
    if next || previous {
        outcome = KeyOutcome::Answered;
    }
    outcome
}

/// The ticked items after toggling `id`.
fn toggle(current: Option<&Answer>, id: &str) -> Vec<SharedId> {
    let mut ticked = match current {
        Some(Answer::Choices(ids)) => ids.to_vec(),
        _ => Vec::new(),
    };
    match ticked.iter().position(|t| &**t == id) {
        Some(i) => {
            ticked.remove(i);
        }
        None => ticked.push(id.into()),
    }
    ticked
}

fn answer_ui(
    ui: &mut egui::Ui,
    core: &AppCore,
    walk: &mut WalkState,
    question: &Question,
    current: Option<&Answer>,
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    let big = |text: String| egui::RichText::new(text).size(16.0);
    if let Some(gate) = &question.gate {
        ui.label(big(gate.question.get(lang).to_owned()).strong());
        ui.label(
            egui::RichText::new(lang.pick(
                "Chọn [0] nếu không; nếu có, chọn mức đúng với doanh nghiệp:",
                "Pick [0] if not; if so, pick the level that fits the business:",
            ))
            .weak(),
        );
    }
    match &question.kind {
        QuestionKind::Ratio { .. } => {
            let shared_total = shared_total(core, question, lang);
            ratio_ui(
                ui,
                core,
                walk,
                question,
                current,
                shared_total,
                lang,
                actions,
            );
        }
        QuestionKind::SingleChoice { .. }
        | QuestionKind::YesNo { .. }
        | QuestionKind::MultipleChoice { .. } => {
            let multiple = matches!(question.kind, QuestionKind::MultipleChoice { .. });
            for (k, (id, label, points)) in choices(question, lang).into_iter().enumerate() {
                let selected = current.is_some_and(|a| a.picks(&id));
                let marker = match (multiple, selected) {
                    (true, true) => "■",
                    (true, false) => "□",
                    (false, true) => "▶",
                    (false, false) => " ",
                };
                let key = if k < 10 {
                    format!("[{k}]")
                } else {
                    "   ".into()
                };
                let text = format!("{marker} {key} {label}");
                let button = egui::Button::selectable(selected, big(text))
                    .min_size(egui::vec2(ui.available_width().min(760.0), 34.0));
                let response = ui
                    .add(button)
                    .on_hover_text(format!("{points} {}", lang.pick("điểm", "points")));
                if response.clicked() {
                    let answer = if multiple {
                        Answer::Choices(toggle(current, &id).into())
                    } else {
                        Answer::Choice(id.as_str().into())
                    };
                    actions.push(Action::Answer {
                        question: question.id.clone(),
                        answer: Some(answer),
                    });
                }
            }
        }
        QuestionKind::Number { .. }
        | QuestionKind::Percent { .. }
        | QuestionKind::Figure { .. } => {
            let unit = match &question.kind {
                QuestionKind::Number {
                    unit: Some(unit), ..
                }
                | QuestionKind::Figure {
                    unit: Some(unit), ..
                } => unit.get(lang).to_owned(),
                QuestionKind::Percent { .. } => "%".to_owned(),
                _ => String::new(),
            };
            ui.horizontal(|ui| {
                let edit = ui.add(
                    egui::TextEdit::singleline(&mut walk.number_text)
                        .desired_width(140.0)
                        .font(egui::TextStyle::Heading)
                        .hint_text("0"),
                );
                // The figure box takes the keyboard once, when the question opens.
                if walk.number_focus_for != Some(walk.position) {
                    edit.request_focus();
                    walk.number_focus_for = Some(walk.position);
                }
                super::widgets::select_all_when_focused(ui, &edit, &walk.number_text);
                ui.label(big(unit));
                let empty = walk.number_text.trim().is_empty();
                let parsed = sohoa_core::text::parse_figure(&walk.number_text, lang);
                let answer = parsed.clone().ok().map(Answer::Number);
                let problem = match (&answer, parsed) {
                    _ if empty => None,
                    (Some(answer), _) => problem_with(core, question, answer, lang),
                    (None, Err(error)) => Some(AnswerProblem::Figure(error).in_language(lang)),
                    (None, Ok(_)) => None,
                };
                if edit.changed() {
                    // What is stored is what the box says, or nothing: each valid figure
                    // is saved as it is typed, and an empty or refused box clears the
                    // answer, so a figure refused at its last key never leaves the
                    // figure typed before it ("2" of "2,5") behind.
                    let answer = answer.filter(|_| !empty && problem.is_none());
                    if answer.as_ref() != current {
                        actions.push(Action::Answer {
                            question: question.id.clone(),
                            answer,
                        });
                    }
                }
                if let Some(problem) = problem {
                    ui.colored_label(ui.visuals().error_fg_color, problem);
                }
                if edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    // Handled here: the shortcut handler must not move on a second time.
                    ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter));
                    actions.push(Action::NextQuestion);
                }
            });
            if let Some(current @ Answer::Number(_)) = current
                && question.is_scored()
                && let Ok(points) = current.points(question)
            {
                ui.label(format!("→ {points} {}", lang.pick("điểm", "points")));
            }
        }
        QuestionKind::FreeText => {
            let mut text = match current {
                Some(Answer::Text(t)) => t.to_string(),
                _ => String::new(),
            };
            if ui
                .add(egui::TextEdit::multiline(&mut text).desired_rows(3))
                .changed()
            {
                let answer = Some(text.clone())
                    .filter(|t| !t.trim().is_empty())
                    .map(|t| Answer::Text(t.into()));
                actions.push(Action::Answer {
                    question: question.id.clone(),
                    answer,
                });
            }
        }
    }
    if question.not_applicable {
        let selected = current == Some(&Answer::NotApplicable);
        let label = format!(
            "{} [N] {}",
            if selected { "▶" } else { " " },
            lang.pick("Không áp dụng", "Not applicable")
        );
        if ui
            .add(egui::Button::selectable(selected, big(label)))
            .clicked()
        {
            actions.push(Action::Answer {
                question: question.id.clone(),
                answer: Some(Answer::NotApplicable),
            });
        }
    }
    if current.is_some()
        && ui
            .small_button(lang.pick("Xóa câu trả lời", "Clear the answer"))
            .clicked()
    {
        actions.push(Action::Answer {
            question: question.id.clone(),
            answer: None,
        });
    }
}

/// What is wrong with giving `answer` here, in the reader's language: checked
/// against the question and the other answers of the assessment (a part above
/// its shared total, a shared total below a part already given).
fn problem_with(
    core: &AppCore,
    question: &Question,
    answer: &Answer,
    lang: Lang,
) -> Option<String> {
    let checked = match (core.walk_questionnaire(), core.current_assessment()) {
        (Some(q), Some(a)) => check_change(q, &a.answers, &question.id, answer),
        _ => answer.check(question),
    };
    checked.err().map(|problem| problem.in_language(lang))
}

/// The answer to the shared figure a ratio divides by, with that figure's question text.
fn shared_total(
    core: &AppCore,
    question: &Question,
    lang: Lang,
) -> Option<(String, Option<Decimal>)> {
    let QuestionKind::Ratio {
        whole: Whole::Figure(figure),
        ..
    } = &question.kind
    else {
        return None;
    };
    let q = core.walk_questionnaire()?;
    let figure_question = q.question(figure)?;
    let value = match core.current_assessment()?.answers.get(figure) {
        Some(Answer::Number(v)) => Some(*v),
        _ => None,
    };
    Some((figure_question.text.get(lang).to_owned(), value))
}

/// Two figure boxes (or one, when the total is shared), or a share box in share
/// mode; each valid entry is saved as it is typed.
#[allow(clippy::too_many_arguments)]
fn ratio_ui(
    ui: &mut egui::Ui,
    core: &AppCore,
    walk: &mut WalkState,
    question: &Question,
    current: Option<&Answer>,
    shared_total: Option<(String, Option<Decimal>)>,
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    let QuestionKind::Ratio {
        part, whole, unit, ..
    } = &question.kind
    else {
        return;
    };
    let unit = unit.as_ref().map_or("", |u| u.get(lang)).to_owned();
    let parse = |text: &str| sohoa_core::text::parse_figure(text, lang).ok();
    let mut changed = false;
    let first_box =
        |ui: &mut egui::Ui, text: &mut String, walk_focus: &mut Option<usize>, position: usize| {
            let edit = ui.add(
                egui::TextEdit::singleline(text)
                    .desired_width(140.0)
                    .font(egui::TextStyle::Heading)
                    .hint_text("0"),
            );
            if *walk_focus != Some(position) {
                edit.request_focus();
                *walk_focus = Some(position);
            }
            super::widgets::select_all_when_focused(ui, &edit, text);
            edit
        };
    let mut enter = false;
    let whole_id = ui.make_persistent_id(("ratio-total", walk.position));
    if walk.share_mode {
        ui.horizontal(|ui| {
            let label = ui.label(lang.pick("Tỷ lệ:", "Share:"));
            let edit = first_box(
                ui,
                &mut walk.number_text,
                &mut walk.number_focus_for,
                walk.position,
            )
            .labelled_by(label.id);
            ui.label("%");
            changed |= edit.changed();
            enter |= edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        });
    } else {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(part.get(lang));
            let edit = first_box(
                ui,
                &mut walk.number_text,
                &mut walk.number_focus_for,
                walk.position,
            )
            .labelled_by(label.id);
            ui.add(egui::Label::new(&unit).extend());
            changed |= edit.changed();
            let part_enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if part_enter && matches!(whole, Whole::Asked(_)) {
                // Enter after the part goes on to the total, not to the next question.
                ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter));
                ui.memory_mut(|m| m.request_focus(whole_id));
            } else {
                enter |= part_enter;
            }
        });
        match (whole, &shared_total) {
            (Whole::Asked(label), _) => {
                ui.horizontal_wrapped(|ui| {
                    let label = ui.label(label.get(lang));
                    let edit = ui
                        .add(
                            egui::TextEdit::singleline(&mut walk.whole_text)
                                .id(whole_id)
                                .desired_width(140.0)
                                .font(egui::TextStyle::Heading)
                                .hint_text("0"),
                        )
                        .labelled_by(label.id);
                    super::widgets::select_all_when_focused(ui, &edit, &walk.whole_text);
                    ui.add(egui::Label::new(&unit).extend());
                    changed |= edit.changed();
                    enter |= edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                });
            }
            (Whole::Figure(_), Some((figure, value))) => {
                let value = *value;
                let total = match value {
                    Some(v) => format!("{} {unit}", sohoa_core::text::format_figure(v, lang)),
                    None => lang.pick("chưa trả lời", "not answered yet").to_owned(),
                };
                ui.label(
                    egui::RichText::new(lang.pick(
                        format!("÷ {total} (tổng đã hỏi ở câu trước: “{figure}”)"),
                        format!("÷ {total} (the total asked earlier: “{figure}”)"),
                    ))
                    .weak(),
                );
            }
            (Whole::Figure(figure), None) => {
                ui.label(egui::RichText::new(format!("÷ {figure}")).weak());
            }
        }
    }
    let answer = if walk.share_mode {
        parse(&walk.number_text).map(Answer::Number)
    } else {
        let whole = match whole {
            Whole::Asked(_) => parse(&walk.whole_text),
            Whole::Figure(_) => None,
        };
        let complete = whole.is_some()
            || matches!(
                question.kind,
                QuestionKind::Ratio {
                    whole: Whole::Figure(_),
                    ..
                }
            );
        parse(&walk.number_text)
            .filter(|_| complete)
            .map(|part| Answer::Ratio(RatioFigures::new(part, whole)))
    };
    let total_for_points = shared_total.and_then(|(_, v)| v);
    let typing_problem = |text: &str| match sohoa_core::text::parse_figure(text, lang) {
        Err(error) if !text.trim().is_empty() => {
            Some(AnswerProblem::Figure(error).in_language(lang))
        }
        _ => None,
    };
    let problem = match &answer {
        _ if walk.number_text.trim().is_empty() => None,
        None => typing_problem(&walk.number_text).or_else(|| typing_problem(&walk.whole_text)),
        Some(answer) => problem_with(core, question, answer, lang),
    };
    if changed {
        // As with one figure: the boxes' answer when it fits, otherwise (empty,
        // refused, or a total still to type) no answer at all.
        let fitting = answer.clone().filter(|_| problem.is_none());
        if fitting.as_ref() != current {
            actions.push(Action::Answer {
                question: question.id.clone(),
                answer: fitting,
            });
        }
    }
    if let Some(problem) = problem {
        ui.colored_label(ui.visuals().error_fg_color, problem);
    } else if let Some(answer) = current
        && let Ok(points) = answer.points_with(question, total_for_points)
    {
        let share = match answer {
            Answer::Number(share) => Some(share.to_f64()),
            Answer::Ratio(figures) => figures
                .whole
                .or(total_for_points)
                .filter(|total| !total.is_zero())
                .map(|total| figures.part.to_f64() * 100.0 / total.to_f64()),
            _ => None,
        };
        let share = share.map_or_else(
            || lang.pick("tổng bằng 0", "the total is 0").to_owned(),
            |s| {
                sohoa_core::text::format_percent(
                    s / 100.0,
                    if s.fract() == 0.0 { 0 } else { 1 },
                    lang,
                )
            },
        );
        ui.label(format!(
            "→ {share} → {points} {}",
            lang.pick("điểm", "points")
        ));
    }
    let toggle = if walk.share_mode {
        lang.pick(
            "Nhập hai con số thay vì tỷ lệ",
            "Enter the two figures instead",
        )
    } else {
        lang.pick(
            "Chỉ biết tỷ lệ (%)? Nhập tỷ lệ",
            "Only know the share (%)? Enter the share",
        )
    };
    if ui.small_button(toggle).clicked() {
        walk.share_mode = !walk.share_mode;
        walk.number_text.clear();
        walk.whole_text.clear();
        walk.number_focus_for = None;
    }
    if enter {
        ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter));
        actions.push(Action::NextQuestion);
    }
}

fn pillar_progress_ui(
    ui: &mut egui::Ui,
    q: &Questionnaire,
    answers: &sohoa_core::questionnaire::Answers,
    shown: &[bool],
    walk: &sohoa_core::app::state::WalkState,
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    let positions: Vec<(usize, usize, bool, bool)> = q
        .questions()
        .enumerate()
        .map(|(i, (p, question))| (i, p, shown[i], answers.contains_key(&question.id)))
        .collect();
    ui.columns(q.pillars.len().max(1), |columns| {
        for ((p, pillar), ui) in q.pillars.iter().enumerate().zip(columns.iter_mut()) {
            let mine: Vec<&(usize, usize, bool, bool)> = positions
                .iter()
                .filter(|(_, pp, s, _)| *pp == p && *s)
                .collect();
            let done = mine.iter().filter(|(_, _, _, a)| *a).count();
            let current = !walk.review
                && positions
                    .get(walk.position)
                    .is_some_and(|(_, pp, _, _)| *pp == p);
            // The whole name, wrapped in its column at the normal size (cut to a
            // few words in a small font it read "Hạ tầng và"); a column too narrow
            // for words (large text, small window) shows the number and the count,
            // the name on hover.
            let text = if ui.available_width() >= 120.0 {
                format!("{}. {} {done}/{}", p + 1, pillar.name.get(lang), mine.len())
            } else {
                format!("{}. {done}/{}", p + 1, mine.len())
            };
            let button = egui::Button::selectable(current, egui::RichText::new(text)).wrap();
            if ui
                .add(button)
                .on_hover_text(pillar.name.get(lang))
                .clicked()
                && let Some((first, ..)) = mine.first()
            {
                actions.push(Action::GoToQuestion(*first));
            }
            let fraction = if mine.is_empty() {
                1.0
            } else {
                done as f32 / mine.len() as f32
            };
            // Its own column's width: a progress bar is at least 96 points wide by
            // default, and a wider one would widen the whole page past the window.
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(ui.available_width())
                    .desired_height(6.0),
            );
        }
    });
}

/// How many of the questions shown are answered, as one bar under the pillars'.
fn overall_progress_ui(
    ui: &mut egui::Ui,
    q: &Questionnaire,
    answers: &sohoa_core::questionnaire::Answers,
    shown: &[bool],
    lang: Lang,
) {
    let (mut total_shown, mut total_done) = (0, 0);
    for (i, (_, question)) in q.questions().enumerate() {
        if shown.get(i).copied().unwrap_or(true) {
            total_shown += 1;
            total_done += usize::from(answers.contains_key(&question.id));
        }
    }
    let fraction = if total_shown == 0 {
        0.0
    } else {
        total_done as f32 / total_shown as f32
    };
    ui.add(egui::ProgressBar::new(fraction).text(format!(
        "{total_done}/{total_shown} {}",
        lang.pick("câu đã trả lời", "answered")
    )));
}

fn review_ui(
    ui: &mut egui::Ui,
    q: &Questionnaire,
    answers: &sohoa_core::questionnaire::Answers,
    shown: &[bool],
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    let report = sohoa_core::questionnaire::score(q, answers);
    ui.heading(lang.pick("Xem lại trước khi hoàn thành", "Review before completing"));
    ui.label(format!(
        "{}: {}/{} · {} {}",
        lang.pick("Điểm tạm tính", "Provisional score"),
        report.total,
        report.max_points,
        lang.pick("mức", "level"),
        report.level
    ));
    if report.unanswered.is_empty() {
        ui.label(lang.pick(
            "Mọi câu hỏi đã được trả lời.",
            "Every question is answered.",
        ));
    } else {
        ui.label(lang.pick(
            format!(
                "{} câu chưa trả lời (sẽ tính 0 điểm nếu hoàn thành ngay):",
                report.unanswered.len()
            ),
            format!(
                "{} unanswered questions (they score 0 if you complete now):",
                report.unanswered.len()
            ),
        ));
        egui::ScrollArea::vertical()
            .max_height(300.0)
            .show(ui, |ui| {
                for id in &report.unanswered {
                    let Some(position) = q.position(id) else {
                        continue;
                    };
                    let Some(question) = q.question_by_position(position) else {
                        continue;
                    };
                    // Named by the criterion's own number (6.1.7), as the
                    // questionnaire and the annex name it; by position otherwise.
                    let number = question
                        .number
                        .clone()
                        .unwrap_or_else(|| format!("{}.", position + 1));
                    if ui
                        .link(format!("{number} {}", question.text.get(lang)))
                        .clicked()
                    {
                        actions.push(Action::GoToQuestion(position));
                    }
                }
            });
    }
    let skipped = shown.iter().filter(|s| !**s).count();
    if skipped > 0 {
        ui.label(
            egui::RichText::new(lang.pick(
                format!("{skipped} câu được bỏ qua theo câu trả lời trước (0 điểm)."),
                format!("{skipped} questions skipped because of earlier answers (0 points)."),
            ))
            .weak(),
        );
    }
    ui.add_space(10.0);
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(lang.pick("← Quay lại câu hỏi", "← Back to the questions"))
            .clicked()
        {
            actions.push(Action::PreviousQuestion);
        }
        let complete = egui::Button::new(
            egui::RichText::new(lang.pick("Hoàn thành đánh giá", "Complete the assessment"))
                .strong(),
        );
        if ui.add(complete).clicked() {
            actions.push(Action::CompleteAssessment);
        }
    });
    ui.label(
        egui::RichText::new(lang.pick(
            "Sau khi hoàn thành, đánh giá được khóa lại và không sửa được nữa.",
            "Once completed, the assessment is frozen and can no longer change.",
        ))
        .weak(),
    );
}
