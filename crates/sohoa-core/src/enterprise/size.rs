//! SME size class (Decree 80/2021), derived from the figures entered.
//!
//! Key types: [`SizeFigures`], [`SizeClass`]; function [`derive_size_class`].
//!
//! Policy: the figures and the year they refer to are stored; the class is always
//! derived, never stored. A class that cannot be decided (no staff figure, no
//! sector, neither revenue nor capital) is `None`.

use serde::{Deserialize, Serialize};

use super::reference::Reference;
pub use super::reference::SizeClass;

/// What the enterprise reported about its size.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SizeFigures {
    /// Average number of staff with social insurance.
    pub staff: Option<u32>,
    /// Revenue in billion VND.
    pub revenue_billion: Option<f64>,
    /// Total capital in billion VND.
    pub capital_billion: Option<f64>,
    /// The year the figures refer to.
    pub year: Option<i16>,
}

/// The size class of an enterprise in VSIC `section` with these figures.
pub fn derive_size_class(section: Option<&str>, figures: &SizeFigures) -> Option<SizeClass> {
    let group = Reference::get().size_group(section?)?;
    let staff = figures.staff?;
    if figures.revenue_billion.is_none() && figures.capital_billion.is_none() {
        return None;
    }
    let within = |value: Option<f64>, limit: f64| value.is_some_and(|v| v <= limit);
    group
        .tiers
        .iter()
        .find(|tier| {
            staff <= tier.max_staff
                && (within(figures.revenue_billion, tier.max_revenue)
                    || within(figures.capital_billion, tier.max_capital))
        })
        .map_or(Some(SizeClass::Large), |tier| Some(tier.class))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(staff: u32, revenue: Option<f64>, capital: Option<f64>) -> SizeFigures {
        SizeFigures {
            staff: Some(staff),
            revenue_billion: revenue,
            capital_billion: capital,
            year: Some(2024),
        }
    }

    #[test]
    fn a_ten_person_workshop_with_three_billion_revenue_is_micro() {
        assert_eq!(
            derive_size_class(Some("C"), &figures(10, Some(3.0), None)),
            Some(SizeClass::Micro)
        );
        assert_eq!(
            derive_size_class(Some("C"), &figures(11, Some(3.0), None)),
            Some(SizeClass::Small)
        );
    }

    #[test]
    fn capital_within_the_limit_is_enough_when_revenue_is_above() {
        // Manufacturing, 8 staff, revenue 40 (above micro's 3) but capital 2 (within micro's 3).
        assert_eq!(
            derive_size_class(Some("C"), &figures(8, Some(40.0), Some(2.0))),
            Some(SizeClass::Micro)
        );
    }

    #[test]
    fn trade_and_services_have_their_own_thresholds() {
        // A shop with 60 staff: above small's 50 for trade, within small's 100 for industry.
        assert_eq!(
            derive_size_class(Some("G"), &figures(60, Some(80.0), None)),
            Some(SizeClass::Medium)
        );
        assert_eq!(
            derive_size_class(Some("C"), &figures(60, Some(40.0), None)),
            Some(SizeClass::Small)
        );
        assert_eq!(
            derive_size_class(Some("G"), &figures(9, Some(10.0), None)),
            Some(SizeClass::Micro)
        );
    }

    #[test]
    fn above_medium_is_large() {
        assert_eq!(
            derive_size_class(Some("G"), &figures(101, Some(10.0), None)),
            Some(SizeClass::Large)
        );
        assert_eq!(
            derive_size_class(Some("F"), &figures(150, Some(500.0), Some(300.0))),
            Some(SizeClass::Large)
        );
    }

    #[test]
    fn missing_figures_leave_the_class_undecided() {
        assert_eq!(derive_size_class(None, &figures(5, Some(1.0), None)), None);
        assert_eq!(derive_size_class(Some("A"), &figures(5, None, None)), None);
        assert_eq!(derive_size_class(Some("A"), &SizeFigures::default()), None);
        assert_eq!(
            derive_size_class(Some("Z"), &figures(5, Some(1.0), None)),
            None
        );
    }
}
