//! Named attacks, one test per class, against `markdown::render` and
//! `sanitize::sanitize_html`, plus the markup that must survive.
//!
//! The sanitiser escapes every `<` of text, so each `<` of its output opens
//! a tag that it wrote itself. The checks therefore read the output's tags
//! strictly and inspect their names, attribute names and attribute values.
//! A payload that is still visible as escaped text, such as
//! `&lt;script&gt;`, is inert and allowed.

use backlog_core::markdown::render;
use backlog_core::sanitize::{escape, sanitize_html, UrlBase};
use proptest::prelude::*;

/// Elements that run script, load other documents or resources, submit
/// data, or change how the rest of the page is parsed.
const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "form",
    "input",
    "button",
    "select",
    "option",
    "textarea",
    "meta",
    "base",
    "link",
    "noscript",
    "noembed",
    "noframes",
    "title",
    "template",
    "xmp",
    "plaintext",
    "isindex",
    "head",
    "body",
    "html",
    "video",
    "audio",
    "source",
    "marquee",
];

/// Attributes the sanitiser writes. A new safe attribute in the sanitiser
/// must be added here too, so a dangerous one cannot slip in unnoticed.
const KNOWN_ATTRIBUTES: &[&str] = &[
    "href", "src", "alt", "title", "class", "target", "rel", "width", "height", "loading",
    "decoding", "start", "colspan", "rowspan",
];

/// URL schemes that run script or embed a document.
const FORBIDDEN_SCHEMES: &[&str] = &["javascript:", "vbscript:", "data:"];

/// A tag of sanitised output.
#[derive(Debug)]
struct OutputTag {
    name: String,
    attributes: Vec<(String, String)>,
}

/// Reads every tag of sanitised output, which must have the form
/// `<name attribute="value" …>` or `</name>` with values escaped. Returns
/// the first piece of markup that has another form.
fn output_tags(html: &str) -> Result<Vec<OutputTag>, String> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after
            .find('>')
            .ok_or_else(|| format!("unclosed tag at {:?}", &rest[start..]))?;
        let inside = &after[..end];
        rest = &after[end + 1..];
        let is_name = |text: &str| {
            !text.is_empty()
                && text
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        };
        if let Some(name) = inside.strip_prefix('/') {
            if !is_name(name) {
                return Err(format!("malformed end tag <{inside}>"));
            }
            tags.push(OutputTag {
                name: name.to_string(),
                attributes: Vec::new(),
            });
            continue;
        }
        let mut parts = inside.splitn(2, ' ');
        let name = parts.next().unwrap_or_default();
        if !is_name(name) {
            return Err(format!("malformed tag name in <{inside}>"));
        }
        let attributes = output_attributes(parts.next().unwrap_or_default())
            .ok_or_else(|| format!("malformed attributes in <{inside}>"))?;
        tags.push(OutputTag {
            name: name.to_string(),
            attributes,
        });
    }
    Ok(tags)
}

/// Reads `a="x" b="y"`; returns `None` for anything else.
fn output_attributes(text: &str) -> Option<Vec<(String, String)>> {
    let mut attributes = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (name, after) = rest.split_once("=\"")?;
        let (value, after) = after.split_once('"')?;
        let is_name = !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
        if !is_name || value.contains(['<', '>']) || !has_only_own_escapes(value) {
            return None;
        }
        attributes.push((name.to_string(), unescape(value)));
        rest = after.strip_prefix(' ').unwrap_or(after);
        if !after.is_empty() && rest.len() == after.len() {
            return None;
        }
    }
    Some(attributes)
}

/// The character references the sanitiser writes into attribute values.
const OWN_ESCAPES: &[&str] = &["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"];

/// Returns true when every `&` of `value` starts one of `OWN_ESCAPES`, so
/// `unescape` decodes the value exactly as a browser would.
fn has_only_own_escapes(value: &str) -> bool {
    value.match_indices('&').all(|(index, _)| {
        OWN_ESCAPES
            .iter()
            .any(|escape| value[index..].starts_with(escape))
    })
}

/// Undoes the sanitiser's escaping of an attribute value, as a browser's
/// single decoding pass does.
fn unescape(value: &str) -> String {
    value
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Returns a URL as a browser reads its scheme: tabs and newlines removed,
/// control characters and spaces at the ends trimmed, lowercased.
fn url_as_browser_reads(value: &str) -> String {
    let without_breaks: String = value
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    without_breaks
        .trim_matches(|c: char| c <= ' ')
        .to_ascii_lowercase()
}

/// Returns every way in which sanitised output could run script, load a
/// document or hold markup this file cannot read, one message each.
fn unsafe_parts(output: &str) -> Vec<String> {
    let mut found = Vec::new();
    if output.to_ascii_lowercase().contains("<script") {
        found.push("<script".to_string());
    }
    let tags = match output_tags(output) {
        Ok(tags) => tags,
        Err(message) => {
            found.push(message);
            return found;
        }
    };
    for tag in &tags {
        let name = tag.name.as_str();
        if FORBIDDEN_ELEMENTS.contains(&name) {
            found.push(format!("forbidden element <{name}>"));
        }
        for (attribute, value) in &tag.attributes {
            if attribute.starts_with("on") {
                found.push(format!("event attribute {attribute}"));
            } else if !KNOWN_ATTRIBUTES.contains(&attribute.as_str()) {
                found.push(format!("unexpected attribute {attribute}"));
            }
            let url = url_as_browser_reads(value);
            for scheme in FORBIDDEN_SCHEMES
                .iter()
                .filter(|scheme| url.starts_with(*scheme))
            {
                found.push(format!("{scheme} in {attribute}"));
            }
        }
    }
    found
}

fn assert_safe(case: &str, output: &str) {
    let found = unsafe_parts(output);
    assert!(
        found.is_empty(),
        "{case}: {} in {output:?}",
        found.join(", ")
    );
}

/// Runs each payload through `render` as markdown and through
/// `sanitize_html` as HTML, because markdown turns some payloads into
/// escaped text before they reach the sanitiser.
fn assert_all_safe(payloads: &[&str]) {
    let base = UrlBase::default();
    for payload in payloads {
        assert_safe(&format!("render({payload:?})"), &render(payload, &base));
        assert_safe(
            &format!("sanitize_html({payload:?})"),
            &sanitize_html(payload, &base),
        );
    }
}

#[test]
fn script_tags_removed() {
    assert_all_safe(&[
        "<script>alert(1)</script>",
        "<ScRiPt>alert(1)</sCrIpT>",
        "<SCRIPT SRC=https://example.org/x.js></SCRIPT>",
        "<script\n>alert(1)</script\n>",
        "<script>\nalert(1)\n</script>",
        "<script\nsrc=x.js>\n</script>",
        "<div>\n<script>alert(1)</script>\n</div>",
        "<div>\n\n<script>alert(1)</script>\n\n</div>",
        "text <script>alert(1)</script> text",
        "*em* <script type=\"module\">alert(1)</script> **b**",
        "<script>alert(1)",
        "<script/src=x.js></script>",
        "<<script>script>alert(1)<</script>/script>",
        "<scr<script>ipt>alert(1)</script>",
        "<script>alert('</script><script>alert(1)</script>')</script>",
        "> <script>alert(1)</script>",
        "* <script>alert(1)</script>",
        "| a |\n|---|\n| <script>alert(1)</script> |",
    ]);
}

#[test]
fn event_attributes_removed() {
    assert_all_safe(&[
        "<img src=x onerror=alert(1)>",
        "<img src=x ONERROR=alert(1)>",
        "<body onload=alert(1)>",
        "<a href=\"#\" ONCLICK=\"alert(1)\">x</a>",
        "<img/src=x/onerror=alert(1)>",
        "<img/src=\"x\"/onerror=alert(1)>",
        "<img src=\"x\"/onerror=\"alert(1)\">",
        "<p onmouseover=\"alert(1)\">x</p>",
        "<div\nonclick=alert(1)>x</div>",
        "<img src=\"x\" onerror\t=alert(1)>",
        "<b onclick=alert(1)//>x</b>",
        "<img src=x onerror=&#97;lert(1)>",
        "<a href=x onfocus=alert(1) autofocus>x</a>",
        "<details open ontoggle=alert(1)>",
        "<img src=x onerror=alert(1) onerror=alert(2)>",
        "text <span onpointerenter=alert(1)>hover</span> text",
    ]);
}

#[test]
fn script_schemes_in_links_removed() {
    assert_all_safe(&[
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](<javascript:alert(1)>)",
        "[x](javascript:alert(1) \"title\")",
        "<javascript:alert(1)>",
        "<vbscript:msgbox(1)>",
        "<data:text/html;base64,PHNjcmlwdD4=>",
        "[x][a]\n\n[a]: javascript:alert(1)",
        "[x]\n\n[x]: vbscript:msgbox(1)",
        "[x][]\n\n[x]: data:text/html,alert(1)",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href='vbscript:msgbox(1)'>x</a>",
        "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
        "<a href=\"https://example.org\" href=\"javascript:alert(1)\">x</a>",
        "![x](javascript:alert(1))",
        "![x](data:image/svg+xml;base64,PHN2Zz4=)",
        "<img src=\"data:image/png;base64,AAAA\">",
        "<img src=\"javascript:alert(1)\">",
    ]);
}

#[test]
fn obfuscated_schemes_removed() {
    assert_all_safe(&[
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
        "<a href=\"&#X6a;avascript:alert(1)\">x</a>",
        "<a href=\"&#106avascript:alert(1)\">x</a>",
        "<a href=\"&#0000106&#0000097vascript:alert(1)\">x</a>",
        "<a href=\"&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)\">x</a>",
        "<a href=\"java&#58;script:alert(1)\">x</a>",
        "<a href=\"javascript&#58;alert(1)\">x</a>",
        "<a href=\"javascript&#x3A;alert(1)\">x</a>",
        "<a href=\"javascript&colon;alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"java\tscript:alert(1)\">x</a>",
        "<a href=\"java&#9;script:alert(1)\">x</a>",
        "<a href=\"java&Tab;script:alert(1)\">x</a>",
        "<a href=\"java\nscript:alert(1)\">x</a>",
        "<a href=\"java&#10;script:alert(1)\">x</a>",
        "<a href=\"java&NewLine;script:alert(1)\">x</a>",
        "<a href=\"java\rscript:alert(1)\">x</a>",
        "<a href=\"java\0script:alert(1)\">x</a>",
        "<a href=\"java&#0;script:alert(1)\">x</a>",
        "<a href=\"java\u{1}script:alert(1)\">x</a>",
        "<a href=\" javascript:alert(1)\">x</a>",
        "<a href=\"&#32;javascript:alert(1)\">x</a>",
        "<a href=\"\u{1}javascript:alert(1)\">x</a>",
        "<a href=\"&#x01;javascript:alert(1)\">x</a>",
        "<a href=\"javascript :alert(1)\">x</a>",
        "<a href=\"javascript&#x3a\">x</a>",
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;avascript:alert(1))",
        "[x](java&#58;script:alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x]( javascript:alert(1))",
        "[x](%6Aavascript:alert(1))",
        "[x](java%09script:alert(1))",
        "[x][a]\n\n[a]: &#106;avascript:alert(1)",
    ]);
}

#[test]
fn svg_and_math_removed() {
    assert_all_safe(&[
        "<svg><script>alert(1)</script></svg>",
        "<svg onload=alert(1)>",
        "<svg/onload=alert(1)>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
        "<svg><style><img src=x onerror=alert(1)></style></svg>",
        "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
        "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<math href=\"javascript:alert(1)\">x</math>",
        "<math><maction actiontype=\"statusline\" xlink:href=\"javascript:alert(1)\">x</maction></math>",
        "<math><mi xlink:href=\"data:x,<script>alert(1)</script>\">x</mi></math>",
        "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    ]);
}

#[test]
fn embedding_elements_removed() {
    assert_all_safe(&[
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<iframe srcdoc=\"&lt;img src=x onerror=alert(1)&gt;\"></iframe>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe src=\"https://example.org\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<embed src=\"data:image/svg+xml;base64,PHN2Zz4=\">",
        "<applet code=\"x\"></applet>",
        "<frameset><frame src=\"javascript:alert(1)\"></frameset>",
        "<video><source onerror=\"alert(1)\"></video>",
        "<audio src=x onerror=alert(1)>",
    ]);
}

#[test]
fn forms_and_document_elements_removed() {
    assert_all_safe(&[
        "<form action=\"javascript:alert(1)\"><input type=\"submit\"></form>",
        "<form><button formaction=\"javascript:alert(1)\">x</button></form>",
        "<button formaction=\"javascript:alert(1)\">x</button>",
        "<input onfocus=alert(1) autofocus>",
        "<style>@import 'https://example.org/x.css';</style>",
        "<style>body { background: url(javascript:alert(1)) }</style>",
        "<p style=\"background:url(javascript:alert(1))\">x</p>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<meta http-equiv=refresh content=\"0; url=data:text/html,alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<base href=\"https://example.org/\">",
        "<link rel=\"stylesheet\" href=\"https://example.org/x.css\">",
        "<link rel=import href=\"data:text/html,<script>alert(1)</script>\">",
        "<isindex action=javascript:alert(1) type=image>",
        "<marquee onstart=alert(1)>x</marquee>",
    ]);
}

#[test]
fn comment_tricks_removed() {
    assert_all_safe(&[
        "<!--><script>alert(1)</script>-->",
        "<!---><script>alert(1)</script>-->",
        "<!-- --!><script>alert(1)</script> -->",
        "<!-- --!><img src=x onerror=alert(1)>",
        "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
        "<!-- x --><script>alert(1)</script>",
        "<!-- unclosed <script>alert(1)</script>",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<!DOCTYPE html><script>alert(1)</script>",
        "<?xml version=\"1.0\"?><script>alert(1)</script>",
        "<? ><img src=x onerror=alert(1)> ?>",
        "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
        "<!a><img src=x onerror=alert(1)>",
        "</x <img src=x onerror=alert(1)>",
        "</p x=\">\"<img src=x onerror=alert(1)>",
    ]);
}

#[test]
fn raw_text_elements_do_not_leak_markup() {
    assert_all_safe(&[
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<noscript><style></noscript><img src=x onerror=alert(1)>",
        "<title><img src=x onerror=alert(1)></title>",
        "<title></title><img src=x onerror=alert(1)>",
        "<textarea></textarea><script>alert(1)</script>",
        "<textarea><img src=x onerror=alert(1)></textarea>",
        "<noembed><img title=\"</noembed><img src=x onerror=alert(1)>\"></noembed>",
        "<xmp><p title=\"</xmp><img src=x onerror=alert(1)>\"></xmp>",
        "<template><script>alert(1)</script></template>",
        "<plaintext><script>alert(1)</script>",
        "<select><template><style><img src=x onerror=alert(1)></style></template></select>",
        "<noframes><p title=\"</noframes><img src=x onerror=alert(1)>\"></noframes>",
        "<style><style/><img src=x onerror=alert(1)></style>",
    ]);
}

#[test]
fn unusual_attribute_quoting_removed() {
    assert_all_safe(&[
        "<img src=`x` onerror=`alert(1)`>",
        "<a href=`javascript:alert(1)`>x</a>",
        "<a href=javascript:alert(1)>x</a>",
        "<img src='x' onerror='alert(1)'>",
        "<img src=\"x\"onerror=\"alert(1)\">",
        "<img src=x onerror=\"alert(1)\"'>",
        "<a title=\"x\" href='javascript:alert(1)'>x</a>",
        "<a title='\"><script>alert(1)</script>'>x</a>",
        "<img src=\"x\" alt=\"&quot; onerror=alert(1)\">",
        "<a href=\"https://example.org\" title=\" onmouseover=alert(1)\">x</a>",
        "<img src=x alt=\"a\" onerror=alert(1) \"b\">",
        "<img src = x onerror = alert(1)>",
        "<img src=\"x\" =onerror=alert(1)>",
        "<img \"src=x\" onerror=alert(1)>",
        "<a href=\"x\"href=\"javascript:alert(1)\">x</a>",
    ]);
}

/// Fragments of the attacks above, recombined at random by the property.
const FRAGMENTS: &[&str] = &[
    "<",
    ">",
    "/",
    "</",
    "<!--",
    "-->",
    "--!>",
    "<!",
    "<?",
    "\"",
    "'",
    "`",
    "=",
    " ",
    "\n",
    "\t",
    "\0",
    "&",
    "&#",
    "&#x",
    "106",
    "6A",
    ";",
    "&colon;",
    "&Tab;",
    "script",
    "SCRIPT",
    "img",
    "a",
    "svg",
    "math",
    "style",
    "noscript",
    "title",
    "textarea",
    "iframe",
    "p",
    "div",
    "src",
    "href",
    "title",
    "onerror",
    "ONCLICK",
    "alert(1)",
    "javascript:",
    "java",
    "vbscript:",
    "data:",
    "x",
    "[x](",
    ")",
    "](",
    "*",
    "`",
    "    ",
    "> ",
    "- ",
    "|",
    "\\",
];

fn fragment_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..48).prop_map(|parts| parts.concat())
}

proptest! {
    // Failures are not saved to a file: a failing input goes into the
    // tables above, where it reads as a named case.
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn recombined_fragments_stay_safe(input in fragment_soup()) {
        let base = UrlBase::default();
        assert_safe(&format!("render({input:?})"), &render(&input, &base));
        assert_safe(&format!("sanitize_html({input:?})"), &sanitize_html(&input, &base));
    }
}

#[test]
fn checker_finds_unsafe_output() {
    let unsafe_outputs = [
        "<script>alert(1)</script>",
        "<SCRIPT>alert(1)</SCRIPT>",
        "<svg>",
        "<img src=\"x\" onerror=\"alert(1)\">",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"java&#9;script:alert(1)\">x</a>",
        "<a href=\" JAVA\tSCRIPT:alert(1)\">x</a>",
        "<img src=\"data:image/png;base64,AAAA\">",
        "<a href=x>x</a>",
        "<p style=\"color: red\">x</p>",
        "<p title=\"a\"title=\"b\">x</p>",
        "<p",
    ];
    for output in unsafe_outputs {
        assert!(
            !unsafe_parts(output).is_empty(),
            "the checker accepted {output:?}"
        );
    }
    // A browser decodes `&amp;#9;` once, to the text `&#9;`, so this URL
    // is relative and harmless.
    let escaped_reference = "<a href=\"java&amp;#9;script:alert(1)\">x</a>";
    assert_eq!(unsafe_parts(escaped_reference), Vec::<String>::new());
}

const PRIMERO_CAPTION: &str = r#"Photo by <a href="https://www.curiouslearning.org/new-page-1" target="_blank">Tinsley Galyean</a>"#;

#[test]
fn caption_link_survives() {
    let html = render(PRIMERO_CAPTION, &UrlBase::default());
    assert!(html.contains("Photo by <a "), "{html}");
    assert!(
        html.contains(r#"href="https://www.curiouslearning.org/new-page-1""#),
        "{html}"
    );
    assert!(html.contains(r#"rel="noopener noreferrer""#), "{html}");
    assert!(html.contains(r#"target="_blank""#), "{html}");
    assert!(html.contains(">Tinsley Galyean</a>"), "{html}");
}

#[test]
fn nbsp_paragraph_survives() {
    assert_eq!(
        render("<p>&nbsp;</p>", &UrlBase::default()).trim(),
        "<p>&nbsp;</p>"
    );
}

#[test]
fn plain_text_displays_as_typed() {
    assert_eq!(escape("&amp; <b>"), "&amp;amp; &lt;b&gt;");
    let base = UrlBase::default();
    let cases = [
        ("`&amp; <b>`", "<code>&amp;amp; &lt;b&gt;</code>"),
        ("AT&T", "AT&amp;T"),
        (r"\<b>", "&lt;b&gt;"),
        ("1 < 2 > 0", "1 &lt; 2 &gt; 0"),
    ];
    for (markdown, expected) in cases {
        let html = render(markdown, &base);
        assert!(html.contains(expected), "{markdown:?} rendered as {html:?}");
    }
}

#[test]
fn relative_image_resolves_to_base() {
    let cases = [
        ("img/", "![a](x.png)", r#"src="img/x.png""#),
        ("img/", "![a](./x.png)", r#"src="img/x.png""#),
        (
            "img/",
            "<img src=\"x.png\" alt=\"a\">",
            r#"src="img/x.png""#,
        ),
        (
            "/backlog/img/",
            "![a](x.png)",
            r#"src="/backlog/img/x.png""#,
        ),
    ];
    for (images, markdown, expected) in cases {
        let html = render(
            markdown,
            &UrlBase {
                images,
                ..UrlBase::default()
            },
        );
        assert!(
            html.contains(expected),
            "{markdown:?} with base {images:?}: {html}"
        );
    }
}

#[test]
fn https_image_kept() {
    let html = render("![a](https://example.org/a.png)", &UrlBase::default());
    assert!(
        html.contains(r#"src="https://example.org/a.png""#),
        "{html}"
    );
    assert!(html.contains(r#"alt="a""#), "{html}");
}

#[test]
fn safe_links_survive() {
    let base = UrlBase::default();
    let cases = [
        (
            "[m](mailto:dev@example.org)",
            r#"href="mailto:dev@example.org""#,
        ),
        ("[r](other-entry)", r#"href="other-entry""#),
        ("[p](/javascript:)", r#"href="/javascript:""#),
        (
            "[q](https://example.org/?a=1&b=2)",
            r#"href="https://example.org/?a=1&amp;b=2""#,
        ),
    ];
    for (markdown, expected) in cases {
        let html = render(markdown, &base);
        assert!(html.contains(expected), "{markdown:?} rendered as {html:?}");
    }
}

#[test]
fn relative_link_opens_in_same_tab() {
    let html = render("[r](other-entry)", &UrlBase::default());
    assert!(!html.contains("target="), "{html}");
    assert!(html.contains(r#"rel="noopener noreferrer""#), "{html}");
}
