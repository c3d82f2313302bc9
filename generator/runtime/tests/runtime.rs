//! The runtime every generated crate builds on: parameter styles write
//! exactly what OpenAPI's style table says (the `color` examples, 3.0.4's
//! corrected table), empty lists, reserved characters and non-ASCII
//! included; bodies and responses.

use apicrate_runtime as runtime;
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
fn path_templates_are_filled_in_order_one_encoded_segment_each() {
    let filled = runtime::expand_path("/users/{user-id}/photos/{size}/$value", &["a b/c", "48x48"]);
    assert_eq!(filled.unwrap(), "/users/a%20b%2Fc/photos/48x48/$value");
    assert_eq!(runtime::expand_path("/me/photo", &[]).unwrap(), "/me/photo");
    let refused = |template, values: &[&str]| match runtime::expand_path(template, values) {
        Err(RequestError::InvalidPathParameter { name, reason }) => (name, reason),
        other => panic!("{template} with {values:?} gave {other:?}"),
    };
    assert_eq!(refused("/users/{user-id}", &[".."]).0, "user-id");
    assert_eq!(refused("/users/{user-id}", &[""]).0, "user-id");
    let (name, reason) = refused("/users/{user-id}/photos/{size}", &["me"]);
    assert_eq!((name, reason), ("size", "the operation gives no value for it"));
    assert_eq!(refused("/me/photo", &["extra"]).0, "/me/photo");
    assert_eq!(refused("/users/{user-id", &["me"]).0, "user-id");
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
fn optional_text_parameters_are_written_only_when_set() {
    let mut query = Query::default();
    query.optional_text("$select", Some(&"id,name".to_owned()), false);
    query.optional_text::<i32>("$top", None, false);
    query.optional_text("$skip", Some(&20), false);
    query.optional_text("flag", Some(&true), true);
    query.optional_text("ratio", Some(&0.5), false);
    assert_eq!(query.as_str(), "%24select=id%2Cname&%24skip=20&flag=true&ratio=0.5");
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

// ----- bodies ---------------------------------------------------------

/// A part as `multer` reads it: name, file name, content type and bytes.
type ParsedPart = (String, Option<String>, Option<String>, Vec<u8>);

/// The parts of a multipart body, as `multer` (an independent parser) reads them.
fn parse_multipart(content: &runtime::Content) -> Vec<ParsedPart> {
    let content_type = content.content_type.to_str().expect("ASCII");
    // multer reads `multipart/form-data` only; the parts are the same for `mixed`.
    let boundary = content_type.split_once("boundary=").expect("a boundary").1.to_owned();
    let bytes = content.bytes.clone();
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(bytes) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("a runtime");
    runtime.block_on(async move {
        let mut parts = Vec::new();
        while let Some(field) = multipart.next_field().await.expect("a well-formed part") {
            let name = field.name().map(str::to_owned).expect("a name");
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(|mime| mime.to_string());
            let data = field.bytes().await.expect("the part's bytes").to_vec();
            parts.push((name, file_name, content_type, data));
        }
        parts
    })
}

struct Upload {
    avatar: runtime::FilePart,
    caption: Option<String>,
    count: i32,
    meta: serde_json::Value,
}

impl runtime::MultipartBody for Upload {
    fn write_parts(&self, parts: &mut runtime::Multipart) -> Result<(), RequestError> {
        parts.file("avatar", &self.avatar, "image/png")?;
        if let Some(value) = &self.caption {
            parts.text("caption", value)?;
        }
        parts.text("count", &self.count)?;
        parts.json("meta", &self.meta, "application/json")?;
        Ok(())
    }
}

#[test]
fn multipart_bodies_are_exact_and_parse_back() {
    let upload = Upload {
        avatar: runtime::FilePart::new(&b"\x89PNG\r\n--bytes"[..]).file_name("me \"x\" é.png"),
        caption: Some("a\r\nb".into()),
        count: 3,
        meta: json!({"k": [1]}),
    };
    let content = runtime::multipart_body("multipart/form-data", &upload).unwrap();
    assert_eq!(content.content_type, "multipart/form-data; boundary=boundary-0000000000000000");
    let expected = concat!(
        "--boundary-0000000000000000\r\n",
        "Content-Disposition: form-data; name=\"avatar\"; filename=\"me %22x%22 é.png\"\r\n",
        "Content-Type: image/png\r\n\r\n",
        "\u{89}PNG\r\n--bytes\r\n",
        "--boundary-0000000000000000\r\n",
        "Content-Disposition: form-data; name=\"caption\"\r\n\r\n",
        "a\r\nb\r\n",
        "--boundary-0000000000000000\r\n",
        "Content-Disposition: form-data; name=\"count\"\r\n\r\n",
        "3\r\n",
        "--boundary-0000000000000000\r\n",
        "Content-Disposition: form-data; name=\"meta\"\r\n",
        "Content-Type: application/json\r\n\r\n",
        "{\"k\":[1]}\r\n",
        "--boundary-0000000000000000--\r\n",
    );
    // The file's first byte is 0x89, not the UTF-8 of U+0089.
    let expected = expected.replacen("\u{89}", "\u{1}", 1).into_bytes();
    let mut actual = content.bytes.to_vec();
    let at = actual.iter().position(|&b| b == 0x89).expect("the file's first byte");
    actual[at] = 1;
    assert_eq!(String::from_utf8_lossy(&actual), String::from_utf8_lossy(&expected));

    let parts = parse_multipart(&content);
    assert_eq!(parts.len(), 4);
    assert_eq!(parts[0].0, "avatar");
    assert_eq!(parts[0].1.as_deref(), Some("me %22x%22 é.png"));
    assert_eq!(parts[0].2.as_deref(), Some("image/png"));
    assert_eq!(parts[0].3, b"\x89PNG\r\n--bytes");
    assert_eq!((parts[1].0.as_str(), parts[1].3.as_slice()), ("caption", &b"a\r\nb"[..]));
    assert_eq!((parts[2].0.as_str(), parts[2].3.as_slice()), ("count", &b"3"[..]));
    assert_eq!(parts[3].2.as_deref(), Some("application/json"));
}

#[test]
fn the_boundary_never_occurs_in_a_part() {
    let upload = Upload {
        avatar: runtime::FilePart::new(
            &b"--boundary-0000000000000000 and --boundary-0000000000000001"[..],
        )
        .content_type("application/octet-stream"),
        caption: None,
        count: 1,
        meta: json!(null),
    };
    let content = runtime::multipart_body("multipart/mixed", &upload).unwrap();
    assert_eq!(content.content_type, "multipart/mixed; boundary=boundary-0000000000000002");
    let parts = parse_multipart(&content);
    assert_eq!(parts.len(), 3, "the optional caption is left out");
    assert_eq!(parts[0].3, b"--boundary-0000000000000000 and --boundary-0000000000000001");
    assert_eq!(parts[0].2.as_deref(), Some("application/octet-stream"));
}

#[test]
fn a_part_content_type_cannot_inject_headers() {
    let upload = Upload {
        avatar: runtime::FilePart::new(&b"x"[..]).content_type("image/png\r\nX-Evil: 1"),
        caption: None,
        count: 1,
        meta: json!(1),
    };
    assert!(runtime::multipart_body("multipart/form-data", &upload).is_err());
}

#[test]
fn form_bodies_write_each_property_by_its_encoding() {
    let customer = json!({
        "name": "Zoë & co",
        "email": "a@b.c",
        "metadata": {"order": "7", "note": "x y"},
        "tags": ["a", "b"],
        "items": [{"price": "p_1", "quantity": 2}],
        "nothing": null,
    });
    let encodings: &[runtime::FieldEncoding] = &[
        ("metadata", Style::DeepObject, true, false),
        ("items", Style::DeepObject, true, false),
        ("tags", Style::Form, false, false),
    ];
    let content =
        runtime::form_body("application/x-www-form-urlencoded", &customer, encodings).unwrap();
    assert_eq!(content.content_type, "application/x-www-form-urlencoded");
    assert_eq!(
        std::str::from_utf8(&content.bytes).unwrap(),
        "email=a%40b.c&items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bquantity%5D=2&metadata%5Bnote%5D=x%20y&metadata%5Border%5D=7&name=Zo%C3%AB%20%26%20co&nothing=&tags=a,b"
    );
}

#[test]
fn a_binary_body_names_its_type_or_is_octet_stream() {
    let image = runtime::Binary {
        content_type: Some("image/webp".into()),
        data: bytes::Bytes::from_static(b"RIFF"),
    };
    assert_eq!(runtime::binary_body(&image).unwrap().content_type, "image/webp");
    let unnamed = runtime::Binary { content_type: None, data: bytes::Bytes::new() };
    assert_eq!(runtime::binary_body(&unnamed).unwrap().content_type, "application/octet-stream");
    let injected = runtime::Binary { content_type: Some("a\nb".into()), data: bytes::Bytes::new() };
    assert!(runtime::binary_body(&injected).is_err());
}

// ----- responses ------------------------------------------------------

fn headers(pairs: &[(&str, &str)]) -> http::HeaderMap {
    let mut map = http::HeaderMap::new();
    for (name, value) in pairs {
        map.append(
            http::header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            value.parse().unwrap(),
        );
    }
    map
}

#[test]
fn documented_headers_are_typed_and_never_fail() {
    use runtime::HeaderField;
    let map = headers(&[
        ("x-rate-limit", "42"),
        ("x-flag", "true"),
        ("etag", "\"abc\""),
        ("x-bad", "soon"),
    ]);
    assert_eq!(runtime::header_field::<i64>(&map, "x-rate-limit"), Some(HeaderField::Value(42)));
    assert_eq!(runtime::header_field::<bool>(&map, "x-flag"), Some(HeaderField::Value(true)));
    // A quoted ETag reads as JSON first: the quotes are part of its text.
    assert_eq!(
        runtime::header_field::<String>(&map, "etag"),
        Some(HeaderField::Value("abc".into()))
    );
    assert_eq!(
        runtime::header_field::<i64>(&map, "x-bad"),
        Some(HeaderField::Malformed("soon".into()))
    );
    assert_eq!(runtime::header_field::<i64>(&map, "x-missing"), None);
    let map = headers(&[("x-ids", "1, 2"), ("x-ids", "3"), ("x-mixed", "1, two")]);
    assert_eq!(runtime::header_list::<u32>(&map, "x-ids"), Some(HeaderField::Value(vec![1, 2, 3])));
    assert_eq!(
        runtime::header_list::<u32>(&map, "x-mixed"),
        Some(HeaderField::Malformed("1, two".into()))
    );
}

#[test]
fn the_media_type_of_a_response_picks_its_variant() {
    let documented = ["application/json", "text/plain", "image/*"];
    let index = |content_type: &str| {
        runtime::media_index(&headers(&[("content-type", content_type)]), &documented)
    };
    assert_eq!(index("application/json; charset=utf-8"), 0);
    assert_eq!(index("Text/Plain"), 1);
    assert_eq!(index("image/png"), 2);
    assert_eq!(index("application/xml"), 0, "anything else reads as the preferred type");
    assert_eq!(runtime::media_index(&http::HeaderMap::new(), &documented), 0);
    assert_eq!(
        runtime::media_index(
            &headers(&[("content-type", "video/mp4")]),
            &["application/json", "*/*"]
        ),
        1
    );
}

// ----- API versions and sizes -----------------------------------------

#[test]
fn a_base_url_naming_an_undocumented_version_is_refused() {
    const ALL: &[&str] = &["beta", "v1.0"];
    const BETA_ONLY: &[&str] = &["beta"];
    let check = |base: &str| runtime::check_api_version(base, "updateMyPhoto", BETA_ONLY, ALL);
    assert!(check("https://graph.microsoft.com/beta").is_ok());
    assert!(check("https://graph.microsoft.com/beta/").is_ok());
    let error = check("https://graph.microsoft.com/v1.0").unwrap_err();
    assert_eq!(
        error.to_string(),
        "`updateMyPhoto` is not documented for API version v1.0 (only [\"beta\"]); use a base URL \
         of a documented version, or the crate's `AnyApiVersion::to_http_request_for_any_version` \
         to send it anyway"
    );
    // A base URL that names no version (a proxy, a mock) is not checked.
    assert!(check("http://127.0.0.1:4010").is_ok());
    assert!(check("https://proxy.example.com/graph").is_ok());
    // Nor is an operation of a spec without versions.
    assert!(runtime::check_api_version("https://x/v1.0", "op", &[], &[]).is_ok());
}

#[test]
fn a_request_too_large_says_by_how_much() {
    let error = RequestError::RequestTooLarge { limit: 4_194_304, actual: 4_194_700 };
    assert_eq!(
        error.to_string(),
        "the request is 4194700 bytes with its headers, 397 over the limit of 4194304 bytes it must stay under"
    );
}
