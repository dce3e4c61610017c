//! Where the walkthrough is ([`WalkState`]): the assessment, the question
//! shown, and what is being typed for it before it is an answer.

use ulid::Ulid;

/// Where the walkthrough is.
#[derive(Debug, Clone, PartialEq)]
pub struct WalkState {
    pub enterprise: Ulid,
    pub assessment: Ulid,
    /// Position in questionnaire order.
    pub position: usize,
    /// Showing the review page instead of a question.
    pub review: bool,
    /// The number being typed for a number question (a ratio's part, or its
    /// share in share mode), before it is valid.
    pub number_text: String,
    /// The total being typed for a ratio question that asks for its own total.
    pub whole_text: String,
    /// The ratio question is answered with the share in percent, not two figures.
    pub share_mode: bool,
    /// The note being typed for the current question.
    pub note_text: String,
    /// The question whose figure box last took the keyboard.
    pub number_focus_for: Option<usize>,
    /// A word about the last key pressed (e.g. N where there is no "not applicable").
    pub hint: Option<String>,
}

impl WalkState {
    /// Whether `other` was made for the same assessment and the same page of it
    /// (an edit made for a question since left is dropped).
    pub fn is_at_the_same_place_as(&self, other: &WalkState) -> bool {
        (self.enterprise, self.assessment, self.position, self.review)
            == (
                other.enterprise,
                other.assessment,
                other.position,
                other.review,
            )
    }
}
