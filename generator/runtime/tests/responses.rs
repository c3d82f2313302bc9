//! Reading responses: the runtime's calls that a generated
//! `parse_response` makes, on responses built by hand.

use apicrate_runtime as runtime;
use runtime::ResponseError;

/// What a read gives, with the error body of a generated crate.
type Read<T> = Result<T, ResponseError<serde_json::Value>>;

/// A response with `status` and `body`, declared as a PNG image.
fn response(status: u16, body: &'static str) -> http::Response<bytes::Bytes> {
    let response = http::Response::builder().status(status).header("content-type", "image/png");
    response.body(bytes::Bytes::from_static(body.as_bytes())).unwrap()
}

#[test]
fn undocumented_statuses_are_unexpected_successes_or_service_errors() {
    let answer = |status: u16| runtime::undocumented::<serde_json::Value>(response(status, ""));
    assert!(matches!(answer(201), ResponseError::UnexpectedStatus { .. }));
    for status in [302, 404, 500] {
        assert!(matches!(answer(status), ResponseError::Service(_)), "{status}");
    }
}

#[test]
fn the_one_documented_answer_is_read_and_every_other_status_is_undocumented() {
    let json: Read<Vec<u8>> = runtime::only_json(response(200, "[1, 2]"), 200);
    assert_eq!(json.unwrap(), vec![1, 2]);
    let broken: Read<Vec<u8>> = runtime::only_json(response(200, "[1,"), 200);
    assert!(matches!(broken, Err(ResponseError::Decode { .. })));
    let binary: Read<runtime::Binary> = runtime::only_binary(response(201, "png"), 201);
    let binary = binary.unwrap();
    assert_eq!(
        (binary.content_type.as_deref(), &binary.data[..]),
        (Some("image/png"), &b"png"[..])
    );
    let text: Read<String> = runtime::only_text(response(200, "hello"), 200);
    assert_eq!(text.unwrap(), "hello");
    let empty: Read<&str> = runtime::only_empty(response(204, ""), 204, "gone");
    assert_eq!(empty.unwrap(), "gone");
    // Another success is unexpected; an error status is the service's error.
    let other: Read<Vec<u8>> = runtime::only_json(response(202, "[1]"), 200);
    assert!(matches!(other, Err(ResponseError::UnexpectedStatus { .. })));
    let other: Read<&str> = runtime::only_empty(response(200, ""), 204, "gone");
    assert!(matches!(other, Err(ResponseError::UnexpectedStatus { .. })));
    for status in [404, 500] {
        let error: Read<String> = runtime::only_text(response(status, "{}"), 200);
        assert!(matches!(error, Err(ResponseError::Service(_))), "{status}");
        let error: Read<runtime::Binary> = runtime::only_binary(response(status, "{}"), 200);
        assert!(matches!(error, Err(ResponseError::Service(_))), "{status}");
    }
}

#[test]
fn a_documented_class_of_successes_is_read_with_the_exact_status() {
    let json: Read<(http::StatusCode, Vec<u8>)> =
        runtime::success_json(response(201, "[3]"), |status, value| (status, value));
    assert_eq!(json.unwrap(), (http::StatusCode::CREATED, vec![3]));
    let broken: Read<(http::StatusCode, Vec<u8>)> =
        runtime::success_json(response(200, "{"), |status, value| (status, value));
    assert!(matches!(broken, Err(ResponseError::Decode { .. })));
    let binary: Read<runtime::Binary> =
        runtime::success_binary(response(206, "pn"), |_, body| body);
    assert_eq!(&binary.unwrap().data[..], b"pn");
    let text: Read<String> = runtime::success_text(response(200, "hi"), |_, text| text);
    assert_eq!(text.unwrap(), "hi");
    let empty: Read<http::StatusCode> = runtime::success_empty(response(202, ""), |status| status);
    assert_eq!(empty.unwrap(), http::StatusCode::ACCEPTED);
    // `2XX` claims every success: any other status is the service's error.
    for status in [301, 404, 500] {
        let error: Read<http::StatusCode> = runtime::success_empty(response(status, ""), |s| s);
        assert!(matches!(error, Err(ResponseError::Service(_))), "{status}");
        let error: Read<(http::StatusCode, Vec<u8>)> =
            runtime::success_json(response(status, "[1]"), |status, value| (status, value));
        assert!(matches!(error, Err(ResponseError::Service(_))), "{status}");
    }
}

#[test]
fn the_shared_answers_give_their_body_as_an_operations_own_enum_does() {
    use http::StatusCode;
    use runtime::{AcceptedResponse, CreatedResponse, Status2xxResponse};
    assert_eq!(runtime::OkResponse::Ok(3).into_ok(), Some(3));
    assert_eq!(CreatedResponse::Created("pet").into_created(), Some("pet"));
    assert_eq!(AcceptedResponse::Accepted(()).into_accepted(), Some(()));
    let answer = Status2xxResponse::Status2xx(StatusCode::CREATED, vec![1]);
    assert_eq!(answer.clone().into_status2xx(), Some(vec![1]));
    // An alias names the variant, as generated code and its users do.
    type GetPetResponse = runtime::OkResponse<String>;
    let read: Read<GetPetResponse> =
        runtime::only_json(response(200, "\"rex\""), 200).map(GetPetResponse::Ok);
    assert!(matches!(read, Ok(GetPetResponse::Ok(name)) if name == "rex"));
    let deleted: Read<runtime::NoContentResponse> =
        runtime::only_empty(response(204, ""), 204, runtime::NoContentResponse::NoContent);
    assert_eq!(deleted.unwrap(), runtime::NoContentResponse::NoContent);
    let updated: Read<runtime::Status2xxEmptyResponse> =
        runtime::success_empty(response(202, ""), runtime::Status2xxEmptyResponse::Status2xx);
    let runtime::Status2xxEmptyResponse::Status2xx(status) = updated.unwrap();
    assert_eq!(status, StatusCode::ACCEPTED);
}
