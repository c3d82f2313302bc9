//! Conformance against Prism, a validating mock server we did not write,
//! running the project's own spec on 127.0.0.1.
//!
//! For every operation of the spec: the request this crate builds passes
//! Prism's request validation (path, method, content type, body schema,
//! auth header), for every documented status Prism's response parses into
//! the typed success or the typed Graph error, and the client's own headers
//! pass too. Prism must also reject deliberately wrong requests, which proves
//! it is validating. (Prism checks neither JPEG bytes nor OAuth scopes; the
//! behaviour tests and the spec rules cover those.)
//!
//! Prism comes from the project's npm lock file; `cargo xtask test` installs
//! it. Run alone: `npm ci && cargo test -p graph-photos --features client --test prism_conformance`.

#![cfg(feature = "client")]

use std::collections::BTreeSet;
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bytes::Bytes;
use graph_photos::client::{Client, RetryPolicy, StaticToken};
use graph_photos::models::ProfilePhoto;
use graph_photos::operations::*;
use graph_photos::{Operation, ResponseError};

/// Path parameter values with everything that must stay inside one segment:
/// `@`, `/`, `?`, `#`, `%`, a space and non-ASCII.
const USER: &str = "zoë o'hara/@contoso.com?#%";
const GROUP: &str = "group /?#% ü";
const TEAM: &str = "team /?#% ü";
const CONTACT: &str = "AAMk/AGI+2=?#% ü";
const FOLDER: &str = "folder one/two?#% ü";
const INVITATION: &str = "invite /?#% ü";
const SIZE: &str = "240x240";

struct Prism {
    child: Child,
    base_url: String,
    log: PathBuf,
    spec: serde_json::Value,
    http: reqwest::Client,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

impl Prism {
    fn start() -> Self {
        let root = workspace_root();
        let prism = root.join("node_modules/.bin/prism");
        assert!(
            prism.exists(),
            "Prism is not installed at {}: run `npm ci` in {} (`cargo xtask test` does it)",
            prism.display(),
            root.display()
        );
        // One start at a time: a port is free only until some Prism binds
        // it, so two tests choosing at once could both pick it and the
        // loser would wait on the winner's server.
        static STARTING: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _starting = STARTING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let log = std::env::temp_dir().join(format!("prism-{port}.log"));
        let log_file = std::fs::File::create(&log).expect("log file");
        let child = Command::new(&prism)
            .args([
                "mock",
                "spec/graph-photos.yaml",
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
            ])
            .current_dir(&root)
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("log"))
            .stderr(log_file)
            .spawn()
            .expect("prism starts");
        let text = std::fs::read_to_string(root.join("spec/graph-photos.yaml")).expect("spec");
        let yaml: serde_yaml::Value = serde_yaml::from_str(&text).expect("spec YAML");
        let mut prism = Prism {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
            log,
            spec: serde_json::to_value(yaml).expect("spec JSON"),
            http: reqwest::Client::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(90);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "Prism did not start in 90 s:\n{}",
                prism.log_text()
            );
            if let Ok(Some(status)) = prism.child.try_wait() {
                panic!(
                    "Prism exited before serving on port {port} ({status}):\n{}",
                    prism.log_text()
                );
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        prism
    }

    fn log_text(&self) -> String {
        let mut text = String::new();
        let _ = std::fs::File::open(&self.log).and_then(|mut f| f.read_to_string(&mut text));
        text
    }

    /// The statuses the spec documents for an operation.
    fn documented_statuses(&self, operation_id: &str) -> Vec<String> {
        for item in self.spec["paths"].as_object().expect("paths").values() {
            for operation in item.as_object().expect("path item").values() {
                if operation["operationId"] == operation_id {
                    return operation["responses"]
                        .as_object()
                        .expect("responses")
                        .keys()
                        .cloned()
                        .collect();
                }
            }
        }
        panic!("{operation_id} is not in the spec");
    }

    fn operation_ids(&self) -> BTreeSet<String> {
        self.spec["paths"]
            .as_object()
            .expect("paths")
            .values()
            .flat_map(|item| item.as_object().expect("path item").values())
            .filter_map(|operation| operation["operationId"].as_str().map(str::to_owned))
            .collect()
    }

    /// Sends a request as built by the crate, with a bearer token, optionally
    /// asking Prism for a status.
    async fn send(
        &self,
        request: http::Request<Bytes>,
        prefer: Option<u16>,
    ) -> http::Response<Bytes> {
        let (parts, body) = request.into_parts();
        let mut builder = self
            .http
            .request(parts.method, parts.uri.to_string())
            .headers(parts.headers)
            .bearer_auth("conformance-token")
            .body(body);
        if let Some(code) = prefer {
            builder = builder.header("prefer", format!("code={code}"));
        }
        let response = builder.send().await.expect("Prism answers");
        let mut typed = http::Response::builder().status(response.status());
        for (name, value) in response.headers() {
            typed = typed.header(name, value);
        }
        let body = response.bytes().await.expect("body");
        typed.body(body).expect("response")
    }

    /// Checks one operation end to end; returns its operationId.
    async fn check<O>(&self, operation: O) -> &'static str
    where
        O: Operation<ErrorBody = graph_photos::models::ODataError> + std::fmt::Debug,
        O::Response: std::fmt::Debug,
    {
        let id = O::OPERATION_ID;
        let request =
            || operation.to_http_request(&self.base_url).unwrap_or_else(|e| panic!("{id}: {e}"));

        // Prism validates the request and answers its default success.
        let response = self.send(request(), None).await;
        let violations = response.headers().get("sl-violations").cloned();
        assert!(
            response.status().is_success() && violations.is_none(),
            "{id}: Prism rejected {operation:?} with {}: {violations:?}\n{}",
            response.status(),
            String::from_utf8_lossy(response.body())
        );
        O::parse_response(response)
            .unwrap_or_else(|e| panic!("{id}: Prism's success did not parse: {e}"));

        // Every documented status parses as documented.
        for status in self.documented_statuses(id) {
            let code: u16 = match status.as_str() {
                "4XX" => 404,
                "5XX" => 500,
                other => other.parse().unwrap_or_else(|_| panic!("{id}: status {other}")),
            };
            let response = self.send(request(), Some(code)).await;
            assert_eq!(
                response.status().as_u16(),
                code,
                "{id}: Prism did not answer Prefer: code={code}"
            );
            assert!(response.headers().get("sl-violations").is_none(), "{id} {code}: violations");
            match O::parse_response(response) {
                Ok(_) if (200..300).contains(&code) => {}
                Err(ResponseError::Service(error)) if code >= 400 => {
                    let body = error.body.as_ref().unwrap_or_else(|| {
                        panic!("{id} {code}: error body did not parse: {:?}", error.raw)
                    });
                    assert!(!body.error.code.is_empty(), "{id} {code}: empty error code");
                    if code == 429 {
                        assert!(
                            error.retry_after_seconds().is_some(),
                            "{id}: 429 without Retry-After"
                        );
                    }
                }
                other => panic!("{id} {code}: unexpected parse result {other:?}"),
            }
        }
        id
    }
}

fn photo() -> ProfilePhoto {
    let mut photo = ProfilePhoto::default();
    photo.odata_type = Some("#microsoft.graph.profilePhoto".into());
    (photo.height, photo.width) = (Some(Some(6)), Some(Some(5)));
    photo
}

fn jpeg() -> Bytes {
    let mut data = vec![0xFF, 0xD8, 0xFF, 0xE0];
    data.resize(64 * 1024, 0x42);
    data.extend_from_slice(&[0xFF, 0xD9]);
    Bytes::from(data)
}

#[tokio::test]
async fn every_operation_conforms_to_the_spec_as_prism_validates_it() {
    let prism = Prism::start();
    let mut covered = BTreeSet::new();
    macro_rules! check {
        ($($operation:expr),* $(,)?) => {
            $( covered.insert(prism.check($operation).await.to_owned()); )*
        };
    }
    check!(
        // The signed-in user.
        GetMyPhoto::new(),
        UpdateMyPhoto::new(photo()),
        GetMyPhotoContent::new(),
        SetMyPhotoContent::new(jpeg()),
        UpdateMyPhotoContent::new(jpeg()),
        DeleteMyPhotoContent::new().if_match("W/\"1\""),
        ListMyPhotos::new(),
        GetMyPhotoSize::new(SIZE),
        UpdateMyPhotoSize::new(SIZE, photo()),
        GetMyPhotoSizeContent::new(SIZE),
        GetMyContactPhoto::new(CONTACT),
        UpdateMyContactPhoto::new(CONTACT, photo()),
        GetMyContactPhotoContent::new(CONTACT),
        SetMyContactPhotoContent::new(CONTACT, jpeg()),
        UpdateMyContactPhotoContent::new(CONTACT, jpeg()),
        GetMyContactFolderContactPhoto::new(FOLDER, CONTACT),
        GetMyContactFolderContactPhotoContent::new(FOLDER, CONTACT),
        SetMyContactFolderContactPhotoContent::new(FOLDER, CONTACT, jpeg()),
        UpdateMyContactFolderContactPhotoContent::new(FOLDER, CONTACT, jpeg()),
        UpdateMyJoinedGroupPhoto::new(GROUP, photo()),
        UpdateMyJoinedGroupTeamPhoto::new(GROUP, photo()),
        UpdateMyJoinedGroupPhotoSize::new(GROUP, SIZE, photo()),
        // Users.
        GetUserPhoto::new(USER),
        UpdateUserPhoto::new(USER, photo()),
        GetUserPhotoContent::new(USER),
        SetUserPhotoContent::new(USER, jpeg()),
        UpdateUserPhotoContent::new(USER, jpeg()),
        DeleteUserPhotoContent::new(USER),
        ListUserPhotos::new(USER),
        GetUserPhotoSize::new(USER, SIZE),
        UpdateUserPhotoSize::new(USER, SIZE, photo()),
        GetUserPhotoSizeContent::new(USER, SIZE),
        GetUserContactPhoto::new(USER, CONTACT),
        GetUserContactPhotoContent::new(USER, CONTACT),
        SetUserContactPhotoContent::new(USER, CONTACT, jpeg()),
        UpdateUserContactPhotoContent::new(USER, CONTACT, jpeg()),
        GetUserContactFolderContactPhoto::new(USER, FOLDER, CONTACT),
        GetUserContactFolderContactPhotoContent::new(USER, FOLDER, CONTACT),
        SetUserContactFolderContactPhotoContent::new(USER, FOLDER, CONTACT, jpeg()),
        UpdateUserContactFolderContactPhotoContent::new(USER, FOLDER, CONTACT, jpeg()),
        // Groups.
        GetGroupPhoto::new(GROUP),
        UpdateGroupPhoto::new(GROUP, photo()),
        GetGroupPhotoContent::new(GROUP),
        SetGroupPhotoContent::new(GROUP, jpeg()),
        UpdateGroupPhotoContent::new(GROUP, jpeg()),
        DeleteGroupPhotoContent::new(GROUP),
        ListGroupPhotos::new(GROUP),
        GetGroupPhotoSize::new(GROUP, SIZE),
        UpdateGroupPhotoSize::new(GROUP, SIZE, photo()),
        GetGroupPhotoSizeContent::new(GROUP, SIZE),
        // Teams, drives, invitations.
        GetTeamPhoto::new(TEAM),
        UpdateTeamPhoto::new(TEAM, photo()),
        GetTeamPhotoContent::new(TEAM),
        UpdateDriveRootCreatorPhoto::new(photo()),
        UpdateInvitedUserContactPhoto::new(INVITATION, CONTACT, photo()),
    );
    let expected = prism.operation_ids();
    let missing: Vec<_> = expected.difference(&covered).collect();
    assert!(missing.is_empty(), "operations of the spec not checked against Prism: {missing:?}");
    let catalog: BTreeSet<String> = ALL.iter().map(|info| info.operation_id.to_owned()).collect();
    assert_eq!(catalog, expected, "operations::ALL must list exactly the spec's operations");
}

#[tokio::test]
async fn the_client_headers_pass_prism_validation() {
    let prism = Prism::start();
    let client = Client::builder(StaticToken::new("conformance-token"))
        .base_url(&prism.base_url)
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    client.send(&SetUserPhotoContent::new(USER, jpeg())).await.expect("upload through the client");
    client.send(&UpdateUserPhoto::new(USER, photo())).await.expect("update through the client");
    let GetUserPhotoContentResponse::Ok(content) =
        client.send(&GetUserPhotoContent::new(USER)).await.expect("download");
    assert_eq!(content.content_type.as_deref(), Some("image/jpeg"));
}

#[tokio::test]
async fn prism_rejects_wrong_requests() {
    let prism = Prism::start();
    let base = &prism.base_url;

    // A correct upload, then the same request made wrong in one way at a time.
    let upload = SetMyPhotoContent::new(jpeg()).to_http_request(base).expect("request");
    assert!(prism.send(upload.clone(), None).await.status().is_success());

    let mut octet_stream = upload.clone();
    octet_stream
        .headers_mut()
        .insert("content-type", "application/octet-stream".parse().expect("value"));
    assert_eq!(prism.send(octet_stream, None).await.status(), 415, "wrong media type");

    let (parts, _) = upload.clone().into_parts();
    let too_large = http::Request::from_parts(parts, Bytes::from(vec![0u8; 4 * 1024 * 1024 + 1]));
    assert_eq!(prism.send(too_large, None).await.status(), 422, "body over maxLength");

    let mut wrong_method = upload.clone();
    *wrong_method.method_mut() = http::Method::POST;
    assert!(prism.send(wrong_method, None).await.status().is_client_error(), "undocumented method");

    let mut wrong_path = upload;
    *wrong_path.uri_mut() = format!("{base}/me/photo/value").parse().expect("uri");
    assert_eq!(prism.send(wrong_path, None).await.status(), 404, "undocumented path");

    let update = UpdateMyPhoto::new(photo()).to_http_request(base).expect("request");
    let (parts, _) = update.into_parts();
    let bad_body = http::Request::from_parts(parts, Bytes::from_static(br#"{"height":"six"}"#));
    let response = prism.send(bad_body, None).await;
    assert_eq!(response.status(), 422, "body against its schema");
    assert!(response.headers().get("sl-violations").is_some());

    // No bearer token at all.
    let request = GetMyPhoto::new().to_http_request(base).expect("request");
    let response =
        reqwest::Client::new().get(request.uri().to_string()).send().await.expect("answer");
    assert_eq!(response.status(), 401, "missing auth header");
}
