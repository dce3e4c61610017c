//! Why an answer does not fit: every refusal of an answer, named, in both languages.
//!
//! Key types: [`AnswerProblem`] (what is wrong) and [`AnswerError`] (a problem
//! with the question it belongs to).
//!
//! Policy: the problem carries what a person needs to put it right (the figure,
//! the total it was compared with, the question that holds that total, the
//! options there are). [`AnswerProblem::in_language`] words it for a person;
//! `Display` is the English wording, for logs. Pure.
//!
//! ```
//! use sohoa_core::questionnaire::AnswerProblem;
//! use sohoa_core::text::Lang;
//! let problem = AnswerProblem::PartAboveTotal {
//!     part: "7".parse().unwrap(),
//!     total: "5".parse().unwrap(),
//!     shared: Some("figure.total_staff".into()),
//! };
//! assert_eq!(
//!     problem.in_language(Lang::En),
//!     "the part (7) is larger than its total, 5, the answer to figure.total_staff"
//! );
//! ```

use std::fmt;

use crate::decimal::{Decimal, DecimalError};
use crate::text::{Lang, format_figure};

/// What is wrong with one answer.
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerProblem {
    /// The answer file is not an object of question id → answer (with where and why).
    FileSyntax(String),
    /// The answer is to a question the questionnaire does not have.
    NoSuchQuestion { questionnaire: String },
    /// An answer file gives the same question twice.
    GivenTwice,
    /// "Not applicable" where the question does not allow it.
    NotApplicableNotAllowed,
    /// An option id the question does not have.
    UnknownOption { option: String, known: Vec<String> },
    /// The same option ticked twice.
    TickedTwice { option: String },
    /// An answer of the wrong form for the question (a number for a choice,
    /// `null`, `true`, a list where two figures are asked…).
    WrongForm {
        /// What the question takes.
        expected: Expected,
        /// What was given, in words (`null`, `true`, `a list`, `a text`…).
        given: Given,
    },
    /// A figure that could not be read (not a number, too many digits…).
    Figure(DecimalError),
    /// A figure with decimals where people or things are counted.
    NotWhole { value: Decimal },
    /// A number below the question's smallest allowed value.
    BelowMinimum { value: Decimal, min: Decimal },
    /// A number above the question's largest allowed value.
    AboveMaximum { value: Decimal, max: Decimal },
    /// A share or percentage outside 0 to 100.
    NotAPercentage { value: Decimal },
    /// A figure below 0.
    Negative { value: Decimal },
    /// A number in no scoring band of the question.
    NoBand { value: Decimal },
    /// A ratio's part, whose total is a shared figure nobody has answered yet.
    TotalNotAnswered { shared: String },
    /// A ratio that asks for its own total, answered with the part only.
    BothFiguresNeeded,
    /// A total given with a ratio whose total is the shared figure `shared`.
    TotalIsShared { shared: String },
    /// A total given with a ratio whose total is the shared figure `shared`,
    /// different from the answer to that figure.
    TotalDiffers {
        shared: String,
        given: Decimal,
        answered: Decimal,
    },
    /// A part larger than its total (`shared`: the figure that holds the total).
    PartAboveTotal {
        part: Decimal,
        total: Decimal,
        shared: Option<String>,
    },
    /// A shared figure set below the part already given for `criterion`.
    TotalBelowPart {
        criterion: String,
        part: Decimal,
        total: Decimal,
    },
    /// A ratio written with both figures and a share, or with a key that is not
    /// `part`, `whole` or `share`.
    RatioForm { key: Option<String> },
}

/// What a question takes, by its kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    /// One option id (single choice, and yes/no questions with their two ids).
    OneOption(Vec<String>),
    /// A list of option ids.
    Options(Vec<String>),
    /// A number.
    Number,
    /// A text.
    Text,
    /// A ratio's figures or its share.
    Ratio,
}

/// The form of what was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Given {
    Null,
    TrueOrFalse,
    Number,
    Text,
    List,
    /// `{…}`: a ratio's figures, or some other object.
    Figures,
    /// A list of numbers.
    ListOfNumbers,
    /// Anything else the file format allows (a RON unit, a name…).
    Other,
}

impl Given {
    fn words(self, lang: Lang) -> &'static str {
        match self {
            Given::Null => lang.pick("null (giá trị rỗng)", "null"),
            Given::TrueOrFalse => lang.pick("true/false", "true/false"),
            Given::Number => lang.pick("một con số", "a number"),
            Given::Text => lang.pick("một chuỗi chữ", "a text"),
            Given::List => lang.pick("một danh sách", "a list"),
            Given::Figures => lang.pick("một nhóm số liệu {…}", "an object {…}"),
            Given::ListOfNumbers => lang.pick("một danh sách số", "a list of numbers"),
            Given::Other => lang.pick("một giá trị không đọc được", "a value that cannot be read"),
        }
    }
}

impl Expected {
    fn words(&self, lang: Lang) -> String {
        match self {
            Expected::OneOption(ids) => lang.pick(
                format!("một mã phương án ({})", ids.join(", ")),
                format!("one option id ({})", ids.join(", ")),
            ),
            Expected::Options(ids) => lang.pick(
                format!("danh sách mã phương án ({})", ids.join(", ")),
                format!("a list of option ids ({})", ids.join(", ")),
            ),
            Expected::Number => lang.pick("một con số", "a number").to_owned(),
            Expected::Text => lang.pick("một chuỗi chữ", "a text").to_owned(),
            Expected::Ratio => lang
                .pick(
                    "{\"part\": …, \"whole\": …}, {\"part\": …} khi tổng là số liệu dùng chung, hoặc tỷ lệ {\"share\": …} (một con số là tỷ lệ %)",
                    "{\"part\": …, \"whole\": …}, {\"part\": …} where the total is a shared figure, or the share {\"share\": …} (a plain number is the share in %)",
                )
                .to_owned(),
        }
    }
}

impl AnswerProblem {
    /// The problem in words for a person reading `lang`.
    pub fn in_language(&self, lang: Lang) -> String {
        let f = |d: &Decimal| format_figure(*d, lang);
        match self {
            AnswerProblem::FileSyntax(message) => lang.pick(
                format!("tệp không phải là một đối tượng mã câu hỏi → câu trả lời ({message})"),
                format!("the file is not an object of question id → answer ({message})"),
            ),
            AnswerProblem::NoSuchQuestion { questionnaire } => lang.pick(
                format!("không phải câu hỏi của {questionnaire}"),
                format!("not a question of {questionnaire}"),
            ),
            AnswerProblem::GivenTwice => lang
                .pick(
                    "câu hỏi có hai câu trả lời trong tệp; hãy giữ một",
                    "the question is answered twice in the file; keep one",
                )
                .to_owned(),
            AnswerProblem::NotApplicableNotAllowed => lang
                .pick(
                    "câu hỏi này không có lựa chọn “không áp dụng”",
                    "\"not applicable\" is not allowed here",
                )
                .to_owned(),
            AnswerProblem::UnknownOption { option, known } => lang.pick(
                format!("“{option}” không phải là phương án (các phương án: {})", known.join(", ")),
                format!("`{option}` is not an option (options: {})", known.join(", ")),
            ),
            AnswerProblem::TickedTwice { option } => lang.pick(
                format!("“{option}” được chọn hai lần"),
                format!("`{option}` is ticked twice"),
            ),
            AnswerProblem::WrongForm { expected, given } => lang.pick(
                format!(
                    "câu hỏi cần {}, không nhận {}",
                    expected.words(lang),
                    given.words(lang)
                ),
                format!(
                    "the question takes {}, not {}",
                    expected.words(lang),
                    given.words(lang)
                ),
            ),
            AnswerProblem::Figure(error) => figure_error(error, lang),
            AnswerProblem::NotWhole { value } => lang.pick(
                format!("{} không phải số nguyên: ở đây đếm người hoặc đồ vật", f(value)),
                format!("{} is not a whole number: this counts people or things", f(value)),
            ),
            AnswerProblem::BelowMinimum { value, min } => lang.pick(
                format!("{} nhỏ hơn giá trị nhỏ nhất cho phép, {}", f(value), f(min)),
                format!("{} is below the smallest allowed value, {}", f(value), f(min)),
            ),
            AnswerProblem::AboveMaximum { value, max } => lang.pick(
                format!("{} lớn hơn giá trị lớn nhất cho phép, {}", f(value), f(max)),
                format!("{} is above the largest allowed value, {}", f(value), f(max)),
            ),
            AnswerProblem::NotAPercentage { value } => lang.pick(
                format!("{} không phải tỷ lệ phần trăm từ 0 đến 100", f(value)),
                format!("{} is not a percentage from 0 to 100", f(value)),
            ),
            AnswerProblem::Negative { value } => lang.pick(
                format!("{} nhỏ hơn 0: số liệu phải từ 0 trở lên", f(value)),
                format!("{} is below 0: figures are 0 or more", f(value)),
            ),
            AnswerProblem::NoBand { value } => lang.pick(
                format!("{} không thuộc khoảng tính điểm nào", f(value)),
                format!("{} falls in no scoring band", f(value)),
            ),
            AnswerProblem::TotalNotAnswered { shared } => lang.pick(
                format!("chưa trả lời tổng mà tỷ lệ này chia cho (câu {shared})"),
                format!("the total it is a share of (`{shared}`) is not answered"),
            ),
            AnswerProblem::BothFiguresNeeded => lang
                .pick(
                    "cần cả hai số: phần và tổng",
                    "both figures are needed: the part and the total",
                )
                .to_owned(),
            AnswerProblem::TotalIsShared { shared } => lang.pick(
                format!(
                    "tổng của tiêu chí này là câu {shared}, hỏi một lần cho mọi tiêu chí dùng nó: trả lời tổng ở đó và ở đây chỉ ghi phần ({{\"part\": …}})"
                ),
                format!(
                    "this criterion's total is the shared figure `{shared}`, asked once for every criterion that uses it: answer the total there and give only the part here ({{\"part\": …}})"
                ),
            ),
            AnswerProblem::TotalDiffers {
                shared,
                given,
                answered,
            } => lang.pick(
                format!(
                    "tổng ghi ở đây ({}) khác câu trả lời của {shared} ({}): một đánh giá chỉ có một tổng",
                    f(given),
                    f(answered)
                ),
                format!(
                    "the total given here ({}) differs from the answer to {shared} ({}): an assessment has one total",
                    f(given),
                    f(answered)
                ),
            ),
            AnswerProblem::PartAboveTotal { part, total, shared } => match shared {
                Some(shared) => lang.pick(
                    format!(
                        "phần ({}) lớn hơn tổng của nó, {}, là câu trả lời của {shared}",
                        f(part),
                        f(total)
                    ),
                    format!(
                        "the part ({}) is larger than its total, {}, the answer to {shared}",
                        f(part),
                        f(total)
                    ),
                ),
                None => lang.pick(
                    format!("phần ({}) lớn hơn tổng ({})", f(part), f(total)),
                    format!("the part ({}) is larger than the total ({})", f(part), f(total)),
                ),
            },
            AnswerProblem::TotalBelowPart {
                criterion,
                part,
                total,
            } => lang.pick(
                format!(
                    "tổng {} nhỏ hơn {} đã ghi ở tiêu chí {criterion}; sửa tiêu chí đó trước",
                    f(total),
                    f(part)
                ),
                format!(
                    "a total of {} is less than the {} already given for {criterion}; change that criterion first",
                    f(total),
                    f(part)
                ),
            ),
            AnswerProblem::RatioForm { key: Some(key) } => lang.pick(
                format!(
                    "“{key}” không dùng trong tỷ lệ: viết {{\"part\": …, \"whole\": …}}, {{\"part\": …}} hoặc {{\"share\": …}}"
                ),
                format!(
                    "`{key}` is not a ratio's key: write {{\"part\": …, \"whole\": …}}, {{\"part\": …}} or {{\"share\": …}}"
                ),
            ),
            AnswerProblem::RatioForm { key: None } => lang
                .pick(
                    "viết tỷ lệ là {\"part\": …, \"whole\": …}, {\"part\": …} hoặc {\"share\": …}, không trộn lẫn",
                    "write a ratio as {\"part\": …, \"whole\": …}, {\"part\": …} or {\"share\": …}, not a mix",
                )
                .to_owned(),
        }
    }
}

fn figure_error(error: &DecimalError, lang: Lang) -> String {
    match error {
        DecimalError::Empty => lang.pick("chưa nhập số", "no number was given").to_owned(),
        DecimalError::NotANumber(text) => lang.pick(
            format!("“{text}” không phải là số"),
            format!("“{text}” is not a number"),
        ),
        DecimalError::NotFinite => lang
            .pick("số không hữu hạn", "the number is not finite")
            .to_owned(),
        DecimalError::TooManyDigits(text) => lang.pick(
            format!("{text} có quá 15 chữ số có nghĩa"),
            format!("{text} has more than 15 significant digits"),
        ),
        DecimalError::TooManyPlaces(text) => lang.pick(
            format!("{text} có quá 15 chữ số sau dấu thập phân"),
            format!("{text} has more than 15 digits after the decimal point"),
        ),
        DecimalError::TooLarge(text) => lang.pick(
            format!("{text} quá lớn: số liệu phải nhỏ hơn 1.000.000.000.000.000"),
            format!("{text} is too large: a figure is below 1,000,000,000,000,000"),
        ),
    }
}

impl fmt::Display for AnswerProblem {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.in_language(Lang::En))
    }
}

impl std::error::Error for AnswerProblem {}

impl serde::Serialize for AnswerProblem {
    /// As its English wording, for machine-readable reports.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl From<DecimalError> for AnswerProblem {
    fn from(error: DecimalError) -> AnswerProblem {
        AnswerProblem::Figure(error)
    }
}

/// An answer that does not fit, with the question it answers.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{question}: {problem}")]
pub struct AnswerError {
    pub question: String,
    pub problem: AnswerProblem,
}

impl AnswerError {
    /// `question: problem`, for a person reading `lang`.
    pub fn in_language(&self, lang: Lang) -> String {
        format!("{}: {}", self.question, self.problem.in_language(lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn a_range_with_only_a_lower_bound_is_said_whole() {
        let problem = AnswerProblem::BelowMinimum {
            value: d("-1"),
            min: d("0"),
        };
        assert_eq!(
            problem.to_string(),
            "-1 is below the smallest allowed value, 0"
        );
        assert_eq!(
            problem.in_language(Lang::Vi),
            "-1 nhỏ hơn giá trị nhỏ nhất cho phép, 0"
        );
    }

    #[test]
    fn figures_in_messages_keep_every_digit_in_the_readers_notation() {
        let problem = AnswerProblem::PartAboveTotal {
            part: d("24691.3578"),
            total: d("1200.5"),
            shared: None,
        };
        assert_eq!(
            problem.in_language(Lang::Vi),
            "phần (24.691,3578) lớn hơn tổng (1.200,5)"
        );
        assert_eq!(
            problem.in_language(Lang::En),
            "the part (24,691.3578) is larger than the total (1,200.5)"
        );
    }

    #[test]
    fn a_figure_too_large_says_the_limit() {
        let problem = AnswerProblem::Figure(DecimalError::TooLarge("1e39".into()));
        assert_eq!(
            problem.to_string(),
            "1e39 is too large: a figure is below 1,000,000,000,000,000"
        );
    }
}
