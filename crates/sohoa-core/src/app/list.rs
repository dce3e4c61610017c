//! The enterprise list's state: what it is filtered and sorted by, which row is
//! selected, and its rows, recomputed only when the data or a filter changed.
//!
//! Key types: [`ListState`], [`ListIndex`]; [`ListState::refresh`] (run by the
//! frame's refresh step, never while drawing).
//!
//! Policy: the sorted order and the search index are kept per data generation,
//! so a keystroke searches one buffer and walks the sorted order once, even
//! with 100,000 records.

use ulid::Ulid;

use super::action::ListEdit;
pub use super::drafts::{SortColumn, StatusFilter};
use crate::program::dashboard::Dimension;
use crate::workspace::Workspace;
use crate::workspace::search::SearchIndex;

/// What the list's rows were computed for: data generation, query, filters,
/// status, sort column and direction.
pub type ListKey = (
    u64,
    String,
    Vec<(Dimension, String)>,
    StatusFilter,
    SortColumn,
    bool,
);

/// The enterprise list's filters and its cached rows.
#[derive(Debug, Clone, Default)]
pub struct ListState {
    pub query: String,
    pub filters: Vec<(Dimension, String)>,
    pub status: StatusFilter,
    pub sort: SortColumn,
    pub descending: bool,
    /// Indexes into the workspace's enterprises, filtered and sorted.
    pub rows: Vec<usize>,
    /// What `rows` was computed for; when it differs, the rows are recomputed.
    pub computed_for: Option<ListKey>,
    /// All enterprises sorted by a column, for one data generation.
    pub sorted: Option<(u64, SortColumn, Vec<usize>)>,
    /// What filtering needs of every enterprise, for one data generation.
    pub index: Option<ListIndex>,
    /// Give the filter box keyboard focus on the next frame.
    pub focus_query: bool,
    /// Show the table from its first row on the next frame (a new list was
    /// opened from the dashboard, not the one scrolled before).
    pub scroll_to_top: bool,
    pub selected: Option<Ulid>,
}

/// What the list filters on, gathered once per data generation in flat arrays
/// (workspace order), so that filtering does not visit every record.
#[derive(Debug, Clone, Default)]
pub struct ListIndex {
    pub generation: u64,
    pub search: SearchIndex,
    pub archived: Vec<bool>,
    pub supported: Vec<bool>,
}

impl ListIndex {
    pub fn build(ws: &Workspace) -> ListIndex {
        let summaries = ws.summaries();
        ListIndex {
            generation: ws.generation(),
            search: SearchIndex::from_keys(summaries.iter().map(|s| s.search_key.as_str())),
            archived: summaries.iter().map(|s| s.archived).collect(),
            supported: summaries.iter().map(|s| s.is_supported()).collect(),
        }
    }
}

impl ListState {
    /// Takes in a change of the search text, a filter, the sort or the selection.
    pub(super) fn take_edit(&mut self, edit: ListEdit) {
        match edit {
            ListEdit::Query(query) => self.query = crate::text::nfc(&query),
            ListEdit::Filters(filters) => self.filters = filters,
            ListEdit::Status(status) => self.status = status,
            ListEdit::Sort(column, descending) => {
                self.sort = column;
                self.descending = descending;
            }
            ListEdit::Select(selected) => self.selected = selected,
            ListEdit::QueryFocused => self.focus_query = false,
            ListEdit::ScrolledToTop => self.scroll_to_top = false,
        }
    }

    /// The id of the row `step` rows away from the selection (the first row when
    /// nothing is selected), stopping at either end; `None` for an empty list.
    pub fn step_selection(&self, ws: &Workspace, step: isize) -> Option<Ulid> {
        let last = self.rows.len().checked_sub(1)?;
        let current = self
            .selected
            .and_then(|id| self.rows.iter().position(|i| ws.summaries()[*i].id == id));
        let next = match current {
            None => 0,
            Some(at) => at.saturating_add_signed(step).min(last),
        };
        Some(ws.summaries()[self.rows[next]].id)
    }

    /// Recomputes the visible rows when the data or the filters changed.
    pub fn refresh(&mut self, ws: &Workspace) {
        let key = (
            ws.generation(),
            self.query.clone(),
            self.filters.clone(),
            self.status,
            self.sort,
            self.descending,
        );
        if self.computed_for.as_ref() == Some(&key) {
            return;
        }
        if self.sorted.as_ref().is_none_or(|(generation, column, _)| {
            *generation != ws.generation() || *column != self.sort
        }) {
            self.sorted = Some((ws.generation(), self.sort, sorted_order(ws, self.sort)));
        }
        if self
            .index
            .as_ref()
            .is_none_or(|index| index.generation != ws.generation())
        {
            self.index = Some(ListIndex::build(ws));
        }
        let (Some((_, _, order)), Some(index)) = (&self.sorted, &self.index) else {
            return;
        };
        let matched = index.search.matching(&self.query);
        let summaries = ws.summaries();
        let keep = |i: &usize| {
            let i = *i;
            let (archived, supported) = (index.archived[i], index.supported[i]);
            let status_ok = match self.status {
                StatusFilter::All => !archived,
                StatusFilter::Supported => !archived && supported,
                StatusFilter::NotSupported => !archived && !supported,
                StatusFilter::Archived => archived,
            };
            status_ok
                && matched[i]
                && self
                    .filters
                    .iter()
                    .all(|(dimension, key)| dimension.key(&summaries[i]) == key.as_str())
        };
        self.rows = if self.descending {
            order.iter().rev().copied().filter(keep).collect()
        } else {
            order.iter().copied().filter(keep).collect()
        };
        self.computed_for = Some(key);
    }
}

/// Every enterprise's index, sorted by a column (Vietnamese collation for text).
fn sorted_order(ws: &Workspace, column: SortColumn) -> Vec<usize> {
    let summaries = ws.summaries();
    let mut order: Vec<usize> = (0..summaries.len()).collect();
    match column {
        SortColumn::Name => {
            order.sort_by(|a, b| summaries[*a].sort_key.cmp(&summaries[*b].sort_key))
        }
        SortColumn::TaxCode => {
            order.sort_by(|a, b| summaries[*a].tax_code.cmp(&summaries[*b].tax_code))
        }
        // By the place the column shows (the commune a record's unit became,
        // when its unit was reorganised), not the unit it was entered with.
        SortColumn::Place => order.sort_by_cached_key(|i| {
            let place = &summaries[*i].place;
            if place.is_empty() {
                String::new()
            } else {
                crate::text::natural_collation_key(
                    &crate::program::dashboard::Dimension::Place.label(
                        place,
                        &ws.program,
                        None,
                        crate::text::Lang::Vi,
                    ),
                )
            }
        }),
        SortColumn::Level => order.sort_by_key(|i| summaries[*i].latest.as_ref().map(|a| a.level)),
        SortColumn::LastActivity => order.sort_by_key(|i| summaries[*i].last_activity),
    }
    order
}
