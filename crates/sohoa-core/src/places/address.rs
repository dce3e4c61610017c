//! Reading an address into the commune of 2025 it is in, whether it was written
//! the old way ("xã Vĩnh Hòa, huyện Ba Tri, tỉnh Bến Tre", "P.5, TP Vĩnh Long")
//! or the new way ("12 đường Đồng Khởi, xã Phú Túc, tỉnh Vĩnh Long").
//!
//! Key function: [`read_address`], giving the candidate communes.
//!
//! Policy: the address is cut at commas (and semicolons and " - "); each part is
//! read from the right, as the largest unit comes last: a part that starts with
//! a type word (tỉnh, thành phố/TP, huyện/quận/thị xã/H./Q./TX, xã/phường/thị
//! trấn/P./X./TT, đặc khu) is a unit of that level, a part without one may name
//! a province or a district (never a commune: "12 đường Đồng Khởi" is a street,
//! though Xã Đồng Khởi exists). A commune is looked for among the former
//! communes and those of 2025 that fit the province and district named. Nothing
//! is guessed: when the district named does not hold the commune named, or a
//! former commune was split, every commune that could be meant is returned and
//! a person chooses. Pure; no I/O.
//!
//! ```
//! use sohoa_core::places::{Gazetteer, address::read_address};
//! let places = Gazetteer::get();
//! let found = read_address(places, "ấp 3, xã Vĩnh Hòa, huyện Ba Tri, tỉnh Bến Tre", &[]);
//! assert_eq!(found, ["29110"]); // Xã Ba Tri
//! let found = read_address(places, "P.5, TP Vĩnh Long", &[]);
//! assert_eq!(places.commune(&found[0]).unwrap().name, "Phường Thanh Đức");
//! ```

use std::collections::BTreeSet;

use super::{FormerCommune, Gazetteer, key, short_name};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Province,
    /// "Thành phố"/"TP": a province-level city or a city under a province.
    ProvinceOrDistrict,
    District,
    Commune,
    /// No type word: a province or a district, if the name fits one.
    Untyped,
}

/// Type words as [`key`] writes them, longest first, with the level they name.
const TYPE_WORDS: [(&str, Level); 17] = [
    ("thanh pho", Level::ProvinceOrDistrict),
    ("thi tran", Level::Commune),
    ("dac khu", Level::Commune),
    ("thi xa", Level::District),
    ("phuong", Level::Commune),
    ("huyen", Level::District),
    ("quan", Level::District),
    ("tinh", Level::Province),
    ("t p", Level::ProvinceOrDistrict),
    ("tp", Level::ProvinceOrDistrict),
    ("tx", Level::District),
    ("tt", Level::Commune),
    ("xa", Level::Commune),
    ("h", Level::District),
    ("q", Level::District),
    ("p", Level::Commune),
    ("x", Level::Commune),
];

/// Names people write for a province instead of its own.
const PROVINCE_ALIASES: [(&str, &str); 6] = [
    ("hcm", "ho chi minh"),
    ("tphcm", "ho chi minh"),
    ("sai gon", "ho chi minh"),
    ("hn", "ha noi"),
    ("thua thien hue", "hue"),
    ("brvt", "ba ria vung tau"),
];

/// The type of commune a type word names, as [`key`] writes the full name's
/// start ("x." is a xã, "tt" a thị trấn).
fn commune_kind(word: &str) -> Option<&'static str> {
    match word {
        "xa" | "x" => Some("xa "),
        "phuong" | "p" => Some("phuong "),
        "thi tran" | "tt" => Some("thi tran "),
        "dac khu" => Some("dac khu "),
        _ => None,
    }
}

/// One part of an address: its level, the kind of commune its type word
/// names, and its name as [`key`] writes it.
fn part(text: &str) -> Option<(Level, Option<&'static str>, String)> {
    let k = key(text);
    if k.is_empty() {
        return None;
    }
    // "p5", "q10": a type letter glued to a number.
    if let Some(first) = k.chars().next().filter(|c| matches!(c, 'p' | 'q'))
        && k.len() > 1
        && k[1..].bytes().all(|b| b.is_ascii_digit())
    {
        let (level, kind) = if first == 'p' {
            (Level::Commune, Some("phuong "))
        } else {
            (Level::District, None)
        };
        return Some((level, kind, key(&k[1..])));
    }
    for (word, level) in TYPE_WORDS {
        if let Some(rest) = k.strip_prefix(word).and_then(|r| r.strip_prefix(' ')) {
            return Some((level, commune_kind(word), rest.to_owned()));
        }
    }
    Some((Level::Untyped, None, k))
}

fn province_key(name: &str) -> String {
    let k = key(name);
    PROVINCE_ALIASES
        .iter()
        .find(|(alias, _)| *alias == k)
        .map_or(k, |(_, real)| (*real).to_owned())
}

/// What the address says, level by level, as codes of the gazetteer.
#[derive(Debug, Default)]
struct Named {
    /// Former provinces named, and the provinces of 2025 (named, or the ones
    /// the former ones went into).
    former_provinces: BTreeSet<&'static str>,
    provinces: BTreeSet<&'static str>,
    districts: BTreeSet<&'static str>,
    /// The communes named: the kind its type word gave ("xa "), and the name.
    /// With it, the part as typed, in lower case with its marks, to tell apart
    /// names that differ only by a mark (Xã Minh Quán and Xã Minh Quân of one
    /// district).
    commune_names: Vec<(Option<&'static str>, String, String)>,
}

fn named(places: &Gazetteer, text: &str) -> Named {
    let mut named = Named::default();
    let parts: Vec<(Level, Option<&'static str>, String, String)> = text
        .split([',', ';', '\n'])
        .flat_map(|p| p.split(" - "))
        .filter_map(|p| {
            let (level, kind, name) = part(p)?;
            Some((level, kind, name, crate::text::nfc_line(p).to_lowercase()))
        })
        .collect();
    for (level, kind, name, typed) in parts.into_iter().rev() {
        let as_province = matches!(
            level,
            Level::Province | Level::ProvinceOrDistrict | Level::Untyped
        ) && named.provinces.is_empty()
            && named.former_provinces.is_empty();
        let mut is_province = false;
        if as_province {
            let wanted = province_key(&name);
            for p in places.former_provinces_named(&wanted) {
                named.former_provinces.insert(p.code);
                named.provinces.extend(p.became.iter().copied());
                is_province = true;
            }
            for p in places.provinces_named(&wanted) {
                named.provinces.insert(p.code);
                is_province = true;
            }
        }
        let as_district = matches!(
            level,
            Level::District | Level::ProvinceOrDistrict | Level::Untyped
        ) && named.districts.is_empty()
            && named.commune_names.is_empty();
        // "TP Vĩnh Long" names the province and, within it, the former city.
        if as_district && (!is_province || level == Level::ProvinceOrDistrict) {
            for d in places.former_districts_named(&name) {
                if named.former_provinces.is_empty() || named.former_provinces.contains(&d.province)
                {
                    named.districts.insert(d.code);
                }
            }
        }
        if level == Level::Commune {
            named.commune_names.push((kind, name, typed));
        }
    }
    named
}

/// The communes of 2025 that `text` may be in, by code, sorted: one when the
/// address decides it, several when a person must choose, none when it names no
/// commune or district the gazetteer knows. `scope` (codes of provinces of
/// 2025; all when empty) is preferred when candidates lie both in and out of it.
pub fn read_address(places: &Gazetteer, text: &str, scope: &[String]) -> Vec<String> {
    let named = named(places, text);
    let mut found = BTreeSet::new();
    let district_successors = || -> BTreeSet<String> {
        named
            .districts
            .iter()
            .flat_map(|d| {
                places.successors_on(
                    &super::PlaceId::FormerDistrict((*d).to_owned()),
                    super::REFORM_DAY,
                )
            })
            .collect()
    };
    // Of names equal but for their marks, the one typed with its marks.
    let as_typed = |typed: &str, name: &str| typed.ends_with(&short_name(name).to_lowercase());
    for (kind, name, typed) in &named.commune_names {
        // The former communes of that name, of the kind typed when one of
        // them is ("xã Vĩnh Thuận", not the thị trấn of the same name), in the
        // province named if any is.
        let mut former: Vec<&FormerCommune> = places.former_communes_named(name).collect();
        if let Some(kind) = kind
            && former.iter().any(|c| key(c.name).starts_with(kind))
        {
            former.retain(|c| key(c.name).starts_with(kind));
        }
        if !named.former_provinces.is_empty() || !named.provinces.is_empty() {
            former.retain(|c| {
                let province = places.former_district(c.district).map(|d| &d.province);
                province.is_some_and(|p| named.former_provinces.contains(p))
                    || c.became.iter().any(|new| {
                        places
                            .commune(new)
                            .is_some_and(|n| named.provinces.contains(&n.province))
                    })
            });
        }
        let mut contradicted = false;
        if !named.districts.is_empty() {
            let in_district: Vec<&FormerCommune> = former
                .iter()
                .copied()
                .filter(|c| named.districts.contains(&c.district))
                .collect();
            contradicted = in_district.is_empty();
            if !contradicted {
                former = in_district;
            }
        }
        // Typed with its marks, among those left: the one of those marks.
        let marked = !typed.is_ascii();
        if marked && former.iter().any(|c| as_typed(typed, c.name)) {
            former.retain(|c| as_typed(typed, c.name));
        }
        let from_former: BTreeSet<String> = former
            .iter()
            .flat_map(|c| c.became.iter().map(|&code| code.to_owned()))
            .collect();
        // The communes of 2025 of that name, in the province named if any is,
        // and among the district's successors when an old district is named.
        let mut in_province: Vec<&super::Commune> = places
            .communes_named(name)
            .filter(|c| named.provinces.is_empty() || named.provinces.contains(&c.province))
            .collect();
        if marked && in_province.iter().any(|c| as_typed(typed, c.name)) {
            in_province.retain(|c| as_typed(typed, c.name));
        }
        let mut current: BTreeSet<String> = in_province.iter().map(|c| c.code.to_owned()).collect();
        if !named.districts.is_empty() {
            // Written the old way (a district is named): a former commune found
            // there is the one meant, not a commune of 2025 of the same name.
            let successors = district_successors();
            current.retain(|c| successors.contains(c) && (contradicted || former.is_empty()));
        }
        if contradicted {
            found.extend(district_successors());
        }
        found.extend(from_former);
        found.extend(current);
    }
    if named.commune_names.is_empty() || (found.is_empty() && !named.districts.is_empty()) {
        found.extend(district_successors());
    }
    let in_scope: Vec<String> = found
        .iter()
        .filter(|code| {
            places
                .commune(code)
                .is_some_and(|c| scope.iter().any(|s| s == c.province))
        })
        .cloned()
        .collect();
    if in_scope.is_empty() {
        found.into_iter().collect()
    } else {
        in_scope
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(codes: &[String]) -> Vec<String> {
        let places = Gazetteer::get();
        codes
            .iter()
            .map(|c| places.commune(c).unwrap().name.to_owned())
            .collect()
    }

    fn read(text: &str) -> Vec<String> {
        names(&read_address(Gazetteer::get(), text, &[]))
    }

    #[test]
    fn an_old_address_with_commune_district_and_province_reads_into_one_commune_of_2025() {
        assert_eq!(
            read("ấp 3, xã Vĩnh Hòa, huyện Ba Tri, tỉnh Bến Tre"),
            ["Xã Ba Tri"]
        );
        assert_eq!(read("Xã An Hiệp, H. Ba Tri, Bến Tre"), ["Xã An Hiệp"]);
        assert_eq!(read("TT Châu Thành, Châu Thành, Bến Tre"), ["Xã Phú Túc"]);
    }

    #[test]
    fn a_numbered_ward_is_found_through_the_city_it_was_in() {
        assert_eq!(read("P.5, TP Vĩnh Long"), ["Phường Thanh Đức"]);
        assert_eq!(
            read("Phường 05, Thành phố Vĩnh Long, tỉnh Vĩnh Long"),
            ["Phường Thanh Đức"]
        );
        assert_eq!(read("p5, tp vinh long"), ["Phường Thanh Đức"]);
    }

    #[test]
    fn a_new_address_names_its_commune_of_2025_directly() {
        assert_eq!(
            read("12 đường Đồng Khởi, xã Phú Túc, tỉnh Vĩnh Long"),
            ["Xã Phú Túc"]
        );
        assert_eq!(read("phường Bến Tre, Vĩnh Long"), ["Phường Bến Tre"]);
    }

    #[test]
    fn a_commune_the_named_district_never_held_leaves_the_choice_to_a_person() {
        // Ba Tri, not Châu Thành, had a xã An Hiệp: the district's communes are offered too.
        let found = read("xã An Hiệp, huyện Châu Thành, tỉnh Bến Tre");
        assert!(found.len() > 1, "{found:?}");
        assert!(found.contains(&"Xã An Hiệp".to_owned()));
        assert!(found.contains(&"Xã Phú Túc".to_owned()));
    }

    #[test]
    fn a_common_name_without_its_district_or_province_gives_every_commune_it_may_be() {
        let found = read_address(Gazetteer::get(), "Phường 1", &[]);
        assert!(found.len() > 20, "{}", found.len());
        let in_vinh_long = read_address(Gazetteer::get(), "xã An Hiệp", &["86".to_owned()]);
        assert_eq!(names(&in_vinh_long), ["Xã An Hiệp"]);
    }

    #[test]
    fn names_that_differ_only_by_a_mark_are_told_apart_when_typed_with_marks() {
        // Huyện Trấn Yên had both Xã Minh Quán and Xã Minh Quân.
        let quan = read("Xã Minh Quân, Huyện Trấn Yên, Tỉnh Yên Bái");
        let quan_sac = read("Xã Minh Quán, Huyện Trấn Yên, Tỉnh Yên Bái");
        assert_eq!(quan.len(), 1);
        assert_eq!(quan_sac.len(), 1);
        assert_ne!(quan, quan_sac);
        // Without marks either may be meant: a person chooses.
        assert_eq!(read("xa minh quan, huyen tran yen, tinh yen bai").len(), 2);
    }

    #[test]
    fn a_district_alone_gives_every_commune_it_went_into() {
        assert_eq!(read("huyện Ba Tri, tỉnh Bến Tre").len(), 7);
    }

    #[test]
    fn a_street_is_not_taken_for_a_commune_of_the_same_name() {
        assert!(read("12 Đồng Khởi").is_empty());
        assert!(read("").is_empty());
    }

    #[test]
    fn a_big_city_written_short_is_read() {
        let found = read("Phường Bến Nghé, Quận 1, TP.HCM");
        assert_eq!(found, ["Phường Sài Gòn"]);
        assert_eq!(read("P. Bến Nghé, Q.1, TPHCM"), ["Phường Sài Gòn"]);
    }

    /// An address of a former commune as people wrote them before 2025: in
    /// full, abbreviated ("X. An Hiệp, H. Ba Tri, Bến Tre"), or without marks.
    fn written(places: &Gazetteer, commune: &FormerCommune, style: usize) -> String {
        let district = places.former_district(commune.district).unwrap();
        let province = places.former_province(district.province).unwrap();
        let full = format!(
            "Ấp 1, {}, {}, {}",
            commune.name, district.name, province.name
        );
        match style {
            0 => full,
            1 => {
                let short = |name: &str, abbreviations: &[(&str, &str)]| {
                    abbreviations
                        .iter()
                        .find_map(|(long, abbr)| {
                            name.strip_prefix(long).map(|rest| format!("{abbr}{rest}"))
                        })
                        .unwrap_or_else(|| name.to_owned())
                };
                let c = short(
                    commune.name,
                    &[("Xã ", "X. "), ("Phường ", "P."), ("Thị trấn ", "TT. ")],
                );
                let d = short(
                    district.name,
                    &[
                        ("Huyện ", "H. "),
                        ("Quận ", "Q."),
                        ("Thị xã ", "TX. "),
                        ("Thành phố ", "TP. "),
                    ],
                );
                format!("{c}, {d}, {}", short_name(province.name))
            }
            _ => crate::text::fold(&full),
        }
    }

    #[test]
    fn old_addresses_of_seven_former_provinces_read_into_their_commune_of_2025() {
        let places = Gazetteer::get();
        // Hà Giang, Hải Dương, Quảng Nam, Bình Dương, Hồ Chí Minh, Bến Tre, Kiên Giang.
        let provinces = ["02", "30", "49", "74", "79", "83", "91"];
        let (mut one, mut asked, mut wrong, mut split, mut total) = (0, 0, 0, 0, 0);
        for province in provinces {
            let communes: Vec<&FormerCommune> = places
                .former_communes
                .iter()
                .filter(|c| places.former_district(c.district).unwrap().province == province)
                .collect();
            for commune in communes.iter().step_by(7) {
                for style in 0..3 {
                    total += 1;
                    let text = written(places, commune, style);
                    let found = read_address(places, &text, &[]);
                    let expected = &commune.became;
                    if expected.len() > 1 {
                        // Split between several communes of 2025: a person must choose.
                        split += 1;
                        assert!(
                            expected.iter().all(|c| found.iter().any(|f| f == c)),
                            "{text}: {found:?}"
                        );
                    } else if found == *expected {
                        one += 1;
                    } else if expected.iter().all(|c| found.iter().any(|f| f == c)) {
                        asked += 1;
                        if std::env::var_os("SOHOA_SHOW_ASKED").is_some() {
                            eprintln!("asked: {text}: {} candidates", found.len());
                        }
                    } else {
                        wrong += 1;
                        eprintln!("{text}: {found:?}, expected {expected:?}");
                    }
                }
            }
        }
        let share = |n: usize| n as f64 * 100.0 / total as f64;
        eprintln!(
            "{total} old addresses: {one} ({:.1} %) read into their one commune, {asked} ({:.1} %) asked among several, {split} ({:.1} %) of split communes asked, {wrong} wrong",
            share(one),
            share(asked),
            share(split)
        );
        assert_eq!(wrong, 0);
        assert!(share(one) > 90.0, "{:.1} %", share(one));
    }
}
