//! The runtime copied into every generated crate, tested here as source:
//! parameter styles write exactly what OpenAPI's style table says (the
//! `color` examples, 3.0.4's corrected table), empty lists, reserved
//! characters and non-ASCII included.

#[allow(dead_code, unused_imports)]
#[path = "../runtime/mod.rs"]
mod runtime;

use std::collections::BTreeMap;

use runtime::{Cookies, Query, RequestError, Style};
use serde_json::json;

/// The table's three values.
fn blue() -> &'static str {
    "blue"
}
fn colors() -> Vec<&'static str> {
    vec!["blue", "black", "brown"]
}
/// The table's object. Members are written in the value's own order, which
/// for generated structs and maps is by name: B, G, R (the table lists R,
/// G, B; the order of an object's members carries no meaning).
fn rgb() -> serde_json::Value {
    json!({"R": 100, "G": 200, "B": 150})
}

fn path<T: serde::Serialize + ?Sized>(
    style: Style,
    explode: bool,
    value: &T,
) -> Result<String, RequestError> {
    let mut path = String::new();
    runtime::push_path_styled(&mut path, "color", style, explode, value)?;
    Ok(path)
}

fn query<T: serde::Serialize + ?Sized>(style: Style, explode: bool, value: &T) -> String {
    let mut query = Query::default();
    query.styled("color", style, explode, false, value).expect("writes");
    query.as_str().to_owned()
}

#[test]
fn matrix_style() {
    assert_eq!(path(Style::Matrix, false, blue()).unwrap(), ";color=blue");
    assert_eq!(path(Style::Matrix, false, &colors()).unwrap(), ";color=blue,black,brown");
    assert_eq!(path(Style::Matrix, false, &rgb()).unwrap(), ";color=B,150,G,200,R,100");
    assert_eq!(path(Style::Matrix, true, blue()).unwrap(), ";color=blue");
    assert_eq!(
        path(Style::Matrix, true, &colors()).unwrap(),
        ";color=blue;color=black;color=brown"
    );
    assert_eq!(path(Style::Matrix, true, &rgb()).unwrap(), ";B=150;G=200;R=100");
    assert_eq!(path(Style::Matrix, false, "").unwrap(), ";color");
    assert_eq!(path(Style::Matrix, true, &Vec::<String>::new()).unwrap(), ";color");
}

#[test]
fn label_style() {
    assert_eq!(path(Style::Label, false, blue()).unwrap(), ".blue");
    assert_eq!(path(Style::Label, false, &colors()).unwrap(), ".blue,black,brown");
    assert_eq!(path(Style::Label, false, &rgb()).unwrap(), ".B,150,G,200,R,100");
    assert_eq!(path(Style::Label, true, &colors()).unwrap(), ".blue.black.brown");
    assert_eq!(path(Style::Label, true, &rgb()).unwrap(), ".B=150.G=200.R=100");
}

#[test]
fn simple_style() {
    assert_eq!(path(Style::Simple, false, blue()).unwrap(), "blue");
    assert_eq!(path(Style::Simple, false, &colors()).unwrap(), "blue,black,brown");
    assert_eq!(path(Style::Simple, false, &rgb()).unwrap(), "B,150,G,200,R,100");
    assert_eq!(path(Style::Simple, true, &colors()).unwrap(), "blue,black,brown");
    assert_eq!(path(Style::Simple, true, &rgb()).unwrap(), "B=150,G=200,R=100");
}

#[test]
fn form_style() {
    assert_eq!(query(Style::Form, false, blue()), "color=blue");
    assert_eq!(query(Style::Form, false, &colors()), "color=blue,black,brown");
    assert_eq!(query(Style::Form, false, &rgb()), "color=B,150,G,200,R,100");
    assert_eq!(query(Style::Form, true, blue()), "color=blue");
    assert_eq!(query(Style::Form, true, &colors()), "color=blue&color=black&color=brown");
    assert_eq!(query(Style::Form, true, &rgb()), "B=150&G=200&R=100");
    assert_eq!(query(Style::Form, true, ""), "color=");
}

#[test]
fn space_and_pipe_delimited_styles() {
    assert_eq!(query(Style::SpaceDelimited, false, &colors()), "color=blue%20black%20brown");
    assert_eq!(query(Style::SpaceDelimited, false, &rgb()), "color=B%20150%20G%20200%20R%20100");
    assert_eq!(query(Style::PipeDelimited, false, &colors()), "color=blue%7Cblack%7Cbrown");
    assert_eq!(query(Style::PipeDelimited, false, &rgb()), "color=B%7C150%7CG%7C200%7CR%7C100");
}

#[test]
fn deep_object_style() {
    assert_eq!(
        query(Style::DeepObject, true, &rgb()),
        "color%5BB%5D=150&color%5BG%5D=200&color%5BR%5D=100"
    );
    // Nesting, as form-encoding APIs read it: `metadata[key]`, `items[0][price]`.
    let nested = json!({"metadata": {"order": "7"}, "items": [{"price": "p_1"}]});
    let mut query = Query::default();
    query.styled("card", Style::DeepObject, true, false, &nested).expect("writes");
    assert_eq!(
        query.as_str(),
        "card%5Bitems%5D%5B0%5D%5Bprice%5D=p_1&card%5Bmetadata%5D%5Border%5D=7"
    );
}

#[test]
fn empty_lists() {
    let empty: Vec<String> = Vec::new();
    assert_eq!(query(Style::Form, false, &empty), "color=");
    assert_eq!(query(Style::Form, true, &empty), "", "an exploded empty list writes no pair");
    assert_eq!(query(Style::PipeDelimited, false, &empty), "color=");
    let error = path(Style::Simple, false, &empty).expect_err("an empty segment");
    assert!(error.to_string().contains("empty"), "{error}");
}

#[test]
fn values_are_encoded_apart_from_the_delimiters() {
    let awkward = vec!["a,b", "c&d=e", "f#g", "h i", "é"];
    assert_eq!(query(Style::Form, false, &awkward), "color=a%2Cb,c%26d%3De,f%23g,h%20i,%C3%A9");
    assert_eq!(query(Style::Form, true, &awkward[..2]), "color=a%2Cb&color=c%26d%3De");
    assert_eq!(path(Style::Simple, false, &awkward[..1]).unwrap(), "a%2Cb");
    assert_eq!(path(Style::Label, false, "a/b.c").unwrap(), ".a%2Fb.c");
    let mut keys = BTreeMap::new();
    keys.insert("k=1", "v&2");
    assert_eq!(query(Style::Form, true, &keys), "k%3D1=v%262");
    let mut query = Query::default();
    query.text("page[size]", "10", false);
    assert_eq!(query.as_str(), "page%5Bsize%5D=10");
}

#[test]
fn allow_reserved_keeps_reserved_characters_but_not_the_query_delimiters() {
    let mut query = Query::default();
    query.text("q", "a/b:c?d@e!$'()*+,;[]", true);
    query.text("r", "x&y=z#w", true);
    assert_eq!(query.as_str(), "q=a/b:c?d@e!$'()*+,;[]&r=x%26y%3Dz%23w");
    let mut strict = Query::default();
    strict.text("q", "a/b", false);
    assert_eq!(strict.as_str(), "q=a%2Fb");
}

#[test]
fn dot_segments_are_refused_in_every_path_style() {
    for style in [Style::Simple, Style::Label] {
        for value in [".", ".."] {
            let written = path(style, false, value);
            if style == Style::Simple || value == "." {
                assert!(written.is_err(), "{style:?} {value:?} gave {written:?}");
            }
        }
    }
    assert!(path(Style::Label, false, "").is_err(), "`.` alone is a dot segment");
    assert_eq!(path(Style::Matrix, false, "..").unwrap(), ";color=..");
}

#[test]
fn headers_use_the_simple_style() {
    let list = runtime::header_styled("X-Colors", false, &colors()).unwrap();
    assert_eq!(list, "blue,black,brown");
    assert_eq!(runtime::header_styled("X-Rgb", false, &rgb()).unwrap(), "B,150,G,200,R,100");
    assert_eq!(runtime::header_styled("X-Rgb", true, &rgb()).unwrap(), "B=150,G=200,R=100");
    assert_eq!(runtime::header_json("X-Filter", &json!({"a": [1, 2]})).unwrap(), r#"{"a":[1,2]}"#);
    let injected = runtime::header_styled("X-Colors", false, &["a\r\nSet-Cookie: x"]);
    assert!(injected.is_err(), "a newline can never reach a header");
}

#[test]
fn cookies_share_one_header_in_the_form_style() {
    let mut cookies = Cookies::default();
    cookies.text("session", "a b;c");
    cookies.styled("colors", false, &colors()).unwrap();
    cookies.styled("each", true, &["x", "y"]).unwrap();
    let (name, value) = cookies.into_header().unwrap().expect("a header");
    assert_eq!(name, http::header::COOKIE);
    assert_eq!(value, "session=a%20b%3Bc; colors=blue,black,brown; each=x; each=y");
    assert_eq!(Cookies::default().into_header().unwrap(), None);
}

#[test]
fn json_parameters_are_one_encoded_string() {
    let mut query = Query::default();
    query.json("filter", &json!({"name": "a&b"}), false).unwrap();
    assert_eq!(query.as_str(), "filter=%7B%22name%22%3A%22a%26b%22%7D");
    let mut path = String::new();
    runtime::push_path_json(&mut path, "id", &json!([1, 2])).unwrap();
    assert_eq!(path, "%5B1%2C2%5D");
}

#[test]
fn uris_join_base_path_and_query() {
    let uri = runtime::build_uri("https://api.example.com/v1/", "/items", "a=1&b=2").unwrap();
    assert_eq!(uri, "https://api.example.com/v1/items?a=1&b=2");
    // What `allowReserved` keeps is still a valid URI.
    let mut reserved = Query::default();
    reserved.text("q", "a/b:c?d@e!$'()*+,;[]", true);
    let uri = runtime::build_uri("https://api.example.com", "/items", reserved.as_str()).unwrap();
    assert_eq!(uri.query(), Some("q=a/b:c?d@e!$'()*+,;[]"));
    let bare = runtime::build_uri("https://api.example.com", "/items", "").unwrap();
    assert_eq!(bare, "https://api.example.com/items");
}
