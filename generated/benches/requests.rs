//! Runtime overhead of the generated crate: building each kind of request
//! and parsing each kind of response, next to a hand-written baseline that
//! uses `http` and `serde_json` directly. `cargo bench -p graph-photos`;
//! `cargo xtask bench` puts the figures into BENCHMARKS.md.
//!
//! Divan's allocation profiler counts allocations: the 4 MiB upload must
//! allocate only the request's own bookkeeping, never a copy of the image.

use bytes::Bytes;
use divan::{black_box, AllocProfiler, Bencher};
use graph_photos::models::{ODataError, ProfilePhoto};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

const BASE: &str = "https://graph.microsoft.com/v1.0";
const USER: &str = "alice@contoso.com";
const PHOTO_JSON: &[u8] =
    br##"{"@odata.type":"#microsoft.graph.profilePhoto","id":"240x240","height":240,"width":240}"##;
const ERROR_JSON: &[u8] = br#"{"error":{"code":"ImageNotFound","message":"No photo.","innerError":{"date":"2026-11-22T10:00:00Z","request-id":"9e3b7c1a","client-request-id":"9e3b7c1a"}}}"#;

fn main() {
    divan::main();
}

fn photo() -> ProfilePhoto {
    let mut photo = ProfilePhoto::default();
    (photo.height, photo.width) = (Some(Some(240)), Some(Some(240)));
    photo
}

/// The largest photo the spec allows: one byte under 4 MiB, starting as a
/// JPEG does.
fn image() -> Bytes {
    let mut data = vec![0xFF; 4 * 1024 * 1024 - 1];
    data[1] = 0xD8;
    Bytes::from(data)
}

fn response(status: u16, content_type: &str, body: &'static [u8]) -> http::Response<Bytes> {
    http::Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(Bytes::from_static(body))
        .expect("response")
}

mod generated {
    use super::*;
    use graph_photos::operations::{
        GetUserPhoto, GetUserPhotoContent, SetUserPhotoContent, UpdateUserPhoto,
    };
    use graph_photos::Operation;

    #[divan::bench]
    fn build_get() -> http::Request<Bytes> {
        GetUserPhoto::new(black_box(USER)).to_http_request(BASE).expect("request")
    }

    #[divan::bench]
    fn build_json_patch(bencher: Bencher) {
        bencher.with_inputs(photo).bench_values(|photo| {
            UpdateUserPhoto::new(black_box(USER), photo).to_http_request(BASE).expect("request")
        });
    }

    #[divan::bench]
    fn build_binary_put_4mib(bencher: Bencher) {
        let image = image();
        bencher.bench(|| {
            SetUserPhotoContent::new(black_box(USER), image.clone())
                .to_http_request(BASE)
                .expect("request")
        });
    }

    #[divan::bench]
    fn parse_json_200(bencher: Bencher) {
        bencher
            .with_inputs(|| response(200, "application/json", PHOTO_JSON))
            .bench_values(|r| UpdateUserPhoto::parse_response(r).expect("200"));
    }

    #[divan::bench]
    fn parse_204(bencher: Bencher) {
        bencher
            .with_inputs(|| response(204, "application/json", b""))
            .bench_values(|r| UpdateUserPhoto::parse_response(r).expect("204"));
    }

    #[divan::bench]
    fn parse_binary_200(bencher: Bencher) {
        bencher
            .with_inputs(|| response(200, "image/jpeg", b"\xFF\xD8\xFF\xD9"))
            .bench_values(|r| GetUserPhotoContent::parse_response(r).expect("200"));
    }

    #[divan::bench]
    fn parse_error_404(bencher: Bencher) {
        bencher
            .with_inputs(|| response(404, "application/json", ERROR_JSON))
            .bench_values(|r| GetUserPhotoContent::parse_response(r).expect_err("404"));
    }
}

/// JSON batching (beyond the pages: Microsoft's JSON batching guide):
/// twenty photo reads built and their answers parsed, as one `$batch`
/// round trip and as twenty single requests.
mod batching {
    use super::*;
    use graph_photos::batch::Batch;
    use graph_photos::operations::GetUserPhoto;
    use graph_photos::Operation;

    const STEPS: usize = 20;

    fn users() -> Vec<String> {
        (0..STEPS).map(|n| format!("user{n}@contoso.com")).collect()
    }

    /// Graph's answer to the batch: every step 200, in reverse order.
    fn batch_answer() -> Bytes {
        let photo = std::str::from_utf8(PHOTO_JSON).expect("UTF-8");
        let headers = r#"{"Content-Type":"application/json"}"#;
        let responses: Vec<String> = (1..=STEPS)
            .rev()
            .map(|id| format!(r#"{{"id":"{id}","status":200,"headers":{headers},"body":{photo}}}"#))
            .collect();
        Bytes::from(format!(r#"{{"responses":[{}]}}"#, responses.join(",")))
    }

    #[divan::bench]
    fn twenty_in_one_batch(bencher: Bencher) {
        let (users, answer) = (users(), batch_answer());
        bencher.bench(|| {
            let mut batch = Batch::new(BASE);
            let steps: Vec<_> = users
                .iter()
                .map(|user| batch.add(&GetUserPhoto::new(black_box(user.as_str()))).expect("step"))
                .collect();
            let request = batch.to_http_request().expect("request");
            let response = http::Response::builder()
                .status(200)
                .header("content-type", "application/json")
                .body(answer.clone())
                .expect("response");
            let answer = Batch::parse_response(response).expect("answer");
            let parsed = steps.iter().filter(|step| answer.parse(step).is_ok()).count();
            assert_eq!(parsed, STEPS);
            request
        });
    }

    #[divan::bench]
    fn twenty_single_requests(bencher: Bencher) {
        let users = users();
        bencher.bench(|| {
            let requests: Vec<_> = users
                .iter()
                .map(|user| {
                    let request = GetUserPhoto::new(black_box(user.as_str()))
                        .to_http_request(BASE)
                        .expect("request");
                    let answer = response(200, "application/json", PHOTO_JSON);
                    GetUserPhoto::parse_response(answer).expect("200");
                    request
                })
                .collect();
            assert_eq!(requests.len(), STEPS);
            requests
        });
    }
}

/// What a careful hand-written client would do with `http` and `serde_json`.
mod baseline {
    use super::*;
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

    const SEGMENT: &AsciiSet =
        &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

    fn uri(user: &str, rest: &str) -> http::Uri {
        format!("{BASE}/users/{}{rest}", utf8_percent_encode(user, SEGMENT)).parse().expect("uri")
    }

    #[divan::bench]
    fn build_get() -> http::Request<Bytes> {
        http::Request::get(uri(black_box(USER), "/photo")).body(Bytes::new()).expect("request")
    }

    #[divan::bench]
    fn build_json_patch(bencher: Bencher) {
        bencher.with_inputs(photo).bench_values(|photo| {
            http::Request::patch(uri(black_box(USER), "/photo"))
                .header("content-type", "application/json")
                .body(Bytes::from(serde_json::to_vec(&photo).expect("json")))
                .expect("request")
        });
    }

    #[divan::bench]
    fn build_binary_put_4mib(bencher: Bencher) {
        let image = image();
        bencher.bench(|| {
            assert!(image.len() < 4 * 1024 * 1024);
            http::Request::put(uri(black_box(USER), "/photo/$value"))
                .header("content-type", "image/jpeg")
                .body(image.clone())
                .expect("request")
        });
    }

    #[divan::bench]
    fn parse_json_200(bencher: Bencher) {
        bencher.with_inputs(|| response(200, "application/json", PHOTO_JSON)).bench_values(|r| {
            assert_eq!(r.status(), 200);
            serde_json::from_slice::<ProfilePhoto>(r.body()).expect("200")
        });
    }

    #[divan::bench]
    fn parse_204(bencher: Bencher) {
        bencher
            .with_inputs(|| response(204, "application/json", b""))
            .bench_values(|r| r.status() == 204);
    }

    #[divan::bench]
    fn parse_binary_200(bencher: Bencher) {
        bencher.with_inputs(|| response(200, "image/jpeg", b"\xFF\xD8\xFF\xD9")).bench_values(
            |r| {
                let (parts, body) = r.into_parts();
                let content_type = parts
                    .headers
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                (content_type, body)
            },
        );
    }

    #[divan::bench]
    fn parse_error_404(bencher: Bencher) {
        bencher.with_inputs(|| response(404, "application/json", ERROR_JSON)).bench_values(|r| {
            let (parts, body) = r.into_parts();
            (parts.status, parts.headers, serde_json::from_slice::<ODataError>(&body).ok(), body)
        });
    }
}
