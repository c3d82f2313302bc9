//! The requests the crate generated from `fixtures/params.yaml` builds:
//! exact URIs and headers for every style. (Copied into the fixture crate's
//! `tests/` by `compile_fixtures.rs`.)

use fixture_params::models::{Color, Filter, FilterRange, Point};
use fixture_params::operations::*;
use fixture_params::runtime::Operation;

const BASE: &str = "https://api.example.com/v1";

fn point() -> Point {
    Point::new(1, -2)
}

#[test]
fn path_styles() {
    let simple = PathSimple::new("a/b".to_owned(), vec![1, 2], point());
    assert_eq!(
        simple.to_http_request(BASE).unwrap().uri(),
        "https://api.example.com/v1/simple/a%2Fb/1,2/x=1,y=-2"
    );
    let label = PathLabel::new("blue", vec!["a".into(), "b c".into()], point());
    assert_eq!(
        label.to_http_request(BASE).unwrap().uri(),
        "https://api.example.com/v1/label/.blue/.a.b%20c/.x,1,y,-2"
    );
    let matrix = PathMatrix::new(7, vec![Color::Blue, Color::Brown], point());
    assert_eq!(
        matrix.to_http_request(BASE).unwrap().uri(),
        "https://api.example.com/v1/matrix;id=7/;ids=blue;ids=brown/;x=1;y=-2"
    );
}

#[test]
fn a_dot_segment_is_refused() {
    let error =
        PathSimple::new("..".to_owned(), vec![1], point()).to_http_request(BASE).unwrap_err();
    assert!(error.to_string().contains("dot segment"), "{error}");
}

#[test]
fn query_styles() {
    let request = QueryStyles::new(5)
        .colors(vec![Color::Blue, Color::Black])
        .csv(vec!["a,b".into(), "c".into()])
        .point(point())
        .packed(point())
        .spaced(vec!["x".into(), "y".into()])
        .piped(vec!["x".into(), "y".into()])
        .filter({
            let mut range = FilterRange::default();
            range.min = Some(1);
            let mut filter = Filter::default();
            filter.name = Some("n&m".into());
            filter.range = Some(range);
            filter.tags = Some(vec!["t1".into(), "t2".into()]);
            filter
        })
        .redirect("https://example.com/a?b")
        .r#where(point())
        .page_size(10)
        .ids(vec!["1".into(), "2".into()])
        .either(fixture_params::models::QueryStylesEither::Integer(3))
        .wrapped(Color::Brown)
        .maybe("m")
        .grosse("ö")
        .r#type(9)
        .since("2024-01-02T03:04:05Z".parse().unwrap());
    let uri = request.to_http_request(BASE).unwrap().uri().to_string();
    let query: Vec<&str> = uri.split_once('?').unwrap().1.split('&').collect();
    assert_eq!(
        query,
        [
            "limit=5",
            "colors=blue",
            "colors=black",
            "csv=a%2Cb,c",
            "x=1",
            "y=-2",
            "packed=x,1,y,-2",
            "spaced=x%20y",
            "piped=x%7Cy",
            "filter%5Bname%5D=n%26m",
            "filter%5Brange%5D%5Bmin%5D=1",
            "filter%5Btags%5D%5B0%5D=t1",
            "filter%5Btags%5D%5B1%5D=t2",
            "redirect=https://example.com/a?b",
            "where=%7B%22x%22%3A1%2C%22y%22%3A-2%7D",
            "page%5Bsize%5D=10",
            "ids%5B%5D=1",
            "ids%5B%5D=2",
            "either=3",
            "wrapped=brown",
            "maybe=m",
            "gr%C3%B6%C3%9Fe=%C3%B6",
            "type=9",
            "since=2024-01-02T03%3A04%3A05Z",
        ]
    );
}

#[test]
fn only_what_is_set_is_sent() {
    let uri = QueryStyles::new(1).to_http_request(BASE).unwrap().uri().to_string();
    assert_eq!(uri, "https://api.example.com/v1/query?limit=1");
}

#[test]
fn headers_and_cookies() {
    let request = HeaderAndCookie::new("s 1")
        .x_colors(vec![Color::Blue, Color::Black])
        .x_point(point())
        .x_filter({
            let mut filter = Filter::default();
            filter.name = Some("n".into());
            filter
        })
        .prefs(vec!["a".into(), "b".into()])
        .to_http_request(BASE)
        .unwrap();
    let headers = request.headers();
    assert_eq!(headers["x-colors"], "blue,black");
    assert_eq!(headers["x-point"], "x=1,y=-2");
    assert_eq!(headers["x-filter"], r#"{"name":"n"}"#);
    assert_eq!(headers["cookie"], "session=s%201; prefs=a,b");
    assert!(!headers.contains_key("accept"), "an Accept parameter is ignored, as OpenAPI says");
}
