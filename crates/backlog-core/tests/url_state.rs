//! URL state: percent-decoding of hand-edited URLs and round trips of
//! pages and filters through `Route::to_relative_url` and `Route::parse`.

use backlog_core::route::{percent_decode, percent_encode, Filters, Page, Route};
use backlog_core::search::TagMode;
use backlog_core::text::tag_key;
use proptest::prelude::*;

#[test]
fn malformed_percent_sequences_kept() {
    let cases = [
        ("%+1", "% 1"),
        ("%+F", "% F"),
        ("%-1", "%-1"),
        ("%1", "%1"),
        ("%", "%"),
        ("%zz", "%zz"),
        ("100%", "100%"),
        ("%%41", "%A"),
        ("%E0%A4%A", "\u{FFFD}%A"),
        ("a+b%20c", "a b c"),
    ];
    for (encoded, expected) in cases {
        assert_eq!(
            percent_decode(encoded),
            expected,
            "percent_decode({encoded:?})"
        );
    }
}

#[test]
fn index_html_stripped_only_as_segment() {
    let cases = [
        ("index.html", Page::Home),
        ("tags/index.html", Page::Tags),
        ("primero/index.html", Page::Entry("primero".into())),
        ("fooindex.html", Page::Entry("fooindex.html".into())),
    ];
    for (path, expected) in cases {
        assert_eq!(
            Route::parse(path, "").page,
            expected,
            "Route::parse({path:?})"
        );
    }
}

/// Filters as the app builds them: a query that is empty or not blank,
/// tags trimmed, non-empty and distinct after folding, and `All` only with
/// tags, since the URL does not carry the mode otherwise.
fn filters() -> impl Strategy<Value = Filters> {
    let query = "\\PC{0,30}".prop_map(|query| {
        if query.trim().is_empty() {
            String::new()
        } else {
            query
        }
    });
    let tags = prop::collection::vec("\\PC{1,12}", 0..5).prop_map(|tags| {
        let mut distinct: Vec<String> = Vec::new();
        for tag in tags {
            let tag = tag.trim().to_string();
            let is_new = !distinct.iter().any(|known| tag_key(known) == tag_key(&tag));
            if !tag.is_empty() && is_new {
                distinct.push(tag);
            }
        }
        distinct
    });
    (query, tags, any::<bool>()).prop_map(|(query, tags, all)| {
        let mode = if all && !tags.is_empty() {
            TagMode::All
        } else {
            TagMode::Any
        };
        Filters {
            query,
            tags,
            mode,
            sort: None,
        }
    })
}

proptest! {
    // Failures are not saved to a file: a failing input goes into a
    // table test above, where it reads as a named case.
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn percent_decode_inverts_encode(text in any::<String>()) {
        prop_assert_eq!(percent_decode(&percent_encode(&text)), text);
    }

    #[test]
    fn filters_round_trip(filters in filters()) {
        let route = Route { page: Page::Home, filters: filters.clone() };
        let url = route.to_relative_url();
        let query = url.strip_prefix('?').unwrap_or(&url);
        prop_assert_eq!(Route::parse("", query).filters, filters, "url {}", url);
    }

    #[test]
    fn entry_page_round_trips(slug in "[A-Za-z0-9_-][A-Za-z0-9_.-]{0,20}") {
        prop_assume!(slug != "tags");
        let route = Route { page: Page::Entry(slug.clone()), filters: Filters::default() };
        let url = route.to_relative_url();
        prop_assert_eq!(Route::parse(&url, "").page, Page::Entry(slug), "url {}", url);
    }
}
