//! Photo work beyond single requests: sizes by their pixels, and a
//! missing photo as `None` rather than an error.
//!
//! ```
//! use graph_photos::models::{PhotoSize, ProfilePhoto};
//! use graph_photos::operations::GetUserPhotoSizeContent;
//! use graph_photos::Operation;
//!
//! // What `ListUserPhotos` answered: the sizes this user's photo has.
//! let listed = ["48x48", "64x64", "96x96", "120x120"].map(|size| {
//!     let mut photo = ProfilePhoto::default();
//!     photo.id = Some(size.to_owned());
//!     photo
//! });
//! let size = PhotoSize::nearest(&listed, 100).expect("a size was listed");
//! assert_eq!(size, PhotoSize::V96x96);
//!
//! // A size is a parameter like any other; a string converts too.
//! let download = GetUserPhotoSizeContent::new("alice@contoso.com", size.clone());
//! let request = download.to_http_request("https://graph.microsoft.com/v1.0")?;
//! assert_eq!(request.uri().path(), "/v1.0/users/alice%40contoso.com/photos/96x96/$value");
//! assert_eq!(GetUserPhotoSizeContent::new("alice", "96x96").profile_photo_id, size);
//! # Ok::<(), graph_photos::RequestError>(())
//! ```

use crate::models;
use crate::runtime::{ResponseError, ServiceError};

/// The Graph error codes of a 404 that means "there is no photo": what
/// the service is seen to send for a user, group or contact without one.
/// Microsoft's photo pages do not list them; they come from reports in the
/// trackers of Microsoft's Graph SDKs. A 404 with another code, such as
/// `Request_ResourceNotFound` for a user that does not exist, is not a
/// missing photo.
pub const NO_PHOTO_CODES: &[&str] = &["ImageNotFound", "ErrorItemNotFound"];

#[cfg(any(feature = "groups", feature = "me", feature = "users"))]
impl models::PhotoSize {
    /// The edge of a square size in pixels (`96x96` is 96), for documented
    /// sizes and for any other `WxW` the service sends; an `i32`, as a
    /// photo's [`width`](models::ProfilePhoto::width) and
    /// [`height`](models::ProfilePhoto::height) are.
    pub fn pixels(&self) -> Option<i32> {
        let (width, height) = self.as_str().split_once('x')?;
        let width: i32 = width.parse().ok().filter(|width| *width > 0)?;
        (height.parse::<i32>().ok()? == width).then_some(width)
    }

    /// Of the sizes a photo has (the `value` of a `ListMyPhotos`,
    /// `ListUserPhotos` or `ListGroupPhotos` answer), the one nearest to
    /// `pixels`; between two equally near, the larger, which scales down
    /// without blur. `None` when no listed photo has a size as its id.
    pub fn nearest(photos: &[models::ProfilePhoto], pixels: i32) -> Option<Self> {
        let sizes = photos.iter().filter_map(|photo| photo.id.as_deref()).map(Self::from);
        let sized = sizes.filter_map(|size| Some((size.pixels()?, size)));
        let nearest = sized.min_by_key(|(edge, _)| (edge.abs_diff(pixels), i32::MAX - edge));
        nearest.map(|(_, size)| size)
    }
}

/// A photo's size read plainly. The fields are `Option<Option<i32>>`
/// because the spec allows both an absent member and `null`, and a value
/// written back must keep which it was; reading, both mean "not known".
impl models::ProfilePhoto {
    /// The width in pixels, when the service said (absent and `null` are `None`).
    pub fn width(&self) -> Option<i32> {
        self.width.flatten()
    }

    /// The height in pixels, when the service said (absent and `null` are `None`).
    pub fn height(&self) -> Option<i32> {
        self.height.flatten()
    }
}

/// An error that may say "there is no photo".
pub trait PhotoError {
    /// Whether the service answered 404 with one of [`NO_PHOTO_CODES`].
    fn is_no_photo(&self) -> bool;
}

impl PhotoError for ResponseError<models::ODataError> {
    fn is_no_photo(&self) -> bool {
        self.service_error().is_some_and(says_no_photo)
    }
}

#[cfg(feature = "client")]
impl PhotoError for crate::client::Error {
    fn is_no_photo(&self) -> bool {
        self.service_error().is_some_and(says_no_photo)
    }
}

#[cfg(feature = "batch")]
impl PhotoError for crate::batch::StepError<models::ODataError> {
    fn is_no_photo(&self) -> bool {
        self.service_error().is_some_and(says_no_photo)
    }
}

fn says_no_photo(error: &ServiceError<models::ODataError>) -> bool {
    error.status == http::StatusCode::NOT_FOUND
        && error.code().is_some_and(|code| NO_PHOTO_CODES.contains(&code))
}

/// A read whose "there is no photo" answer is `Ok(None)`.
///
/// ```
/// use graph_photos::operations::GetUserPhoto;
/// use graph_photos::photos::OrNoPhoto as _;
/// use graph_photos::Operation;
///
/// let missing = http::Response::builder()
///     .status(404)
///     .body(bytes::Bytes::from_static(br#"{"error":{"code":"ImageNotFound","message":"No photo."}}"#))?;
/// let photo = GetUserPhoto::parse_response(missing).photo_or_none()?;
/// assert_eq!(photo, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// With the client: `client.send(&GetUserPhoto::new(id)).await.photo_or_none()?`;
/// a step of a batch: `answer.parse(&step).photo_or_none()?`.
pub trait OrNoPhoto<T, E> {
    /// `Ok(Some(answer))`, `Ok(None)` when the error [is no
    /// photo](PhotoError::is_no_photo), or the error.
    fn photo_or_none(self) -> Result<Option<T>, E>;
}

impl<T, E: PhotoError> OrNoPhoto<T, E> for Result<T, E> {
    fn photo_or_none(self) -> Result<Option<T>, E> {
        match self {
            Ok(answer) => Ok(Some(answer)),
            Err(error) if error.is_no_photo() => Ok(None),
            Err(error) => Err(error),
        }
    }
}
