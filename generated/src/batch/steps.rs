//! A batch's steps of several operations in one collection, in the order
//! the caller chose, each answered by its own operation: [`batch_steps!`](crate::batch_steps).

/// Declares an enum whose variants hold the [`Step`](crate::batch::Step)
/// handles of a few operations, and an enum of their typed answers, so a
/// batch of mixed operations is one `Vec` in the caller's order and comes
/// back typed in that order, without boxed closures:
///
/// ```
/// use bytes::Bytes;
/// use graph_photos::batch::Batch;
/// use graph_photos::operations::{GetMyPhoto, GetMyPhotoContent, GetMyPhotoContentResponse};
///
/// graph_photos::batch_steps! {
///     /// The steps of my batch.
///     enum PhotoStep -> PhotoAnswer {
///         Photo(GetMyPhoto),
///         Content(GetMyPhotoContent),
///     }
/// }
///
/// let mut batch = Batch::new("https://graph.microsoft.com/v1.0");
/// let steps: Vec<PhotoStep> = vec![
///     batch.add(&GetMyPhotoContent::new())?.into(),
///     batch.add(&GetMyPhoto::new())?.into(),
/// ];
/// # let response = http::Response::builder().status(200).body(Bytes::from_static(br#"{"responses":[
/// #     {"id": "2", "status": 200, "headers": {"Content-Type": "application/json"}, "body": {"height": 96}},
/// #     {"id": "1", "status": 404, "headers": {"Content-Type": "application/json"},
/// #      "body": {"error": {"code": "ImageNotFound", "message": "No photo."}}}
/// # ]}"#))?;
/// // ... send `batch.to_http_request()?` with any HTTP client, then:
/// let answer = Batch::parse_response(response)?;
/// for step in &steps {
///     match step.answer(&answer) {
///         PhotoAnswer::Photo(photo) => println!("{:?}", photo?.into_ok().and_then(|p| p.height())),
///         PhotoAnswer::Content(Err(error)) => assert!(error.is_not_found()),
///         PhotoAnswer::Content(Ok(content)) => println!("{} bytes", content.into_ok().map_or(0, |c| c.data.len())),
///     }
///     println!("step {} answered {:?}", step.as_ref(), answer.status(step));
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Each operation is named once (the enum converts from its `Step`); a
/// batch may hold any number of steps of it. The answer's variants hold
/// what [`BatchResponse::parse`](crate::batch::BatchResponse::parse)
/// returns for the step. Both enums take the attributes and visibility
/// written before `enum`.
#[macro_export]
macro_rules! batch_steps {
    (
        $(#[$meta:meta])*
        $vis:vis enum $step:ident -> $answer:ident {
            $($variant:ident($operation:ty)),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug)]
        $vis enum $step {
            $(
                #[doc = concat!("A step of `", stringify!($operation), "`.")]
                $variant($crate::batch::Step<$operation>),
            )+
        }

        #[doc = concat!("The answer to a [`", stringify!($step), "`], read by its operation.")]
        #[derive(Debug)]
        $vis enum $answer {
            $(
                #[doc = concat!("The answer to a step of `", stringify!($operation), "`.")]
                $variant(
                    ::core::result::Result<
                        <$operation as $crate::Operation>::Response,
                        $crate::batch::StepError<<$operation as $crate::Operation>::ErrorBody>,
                    >,
                ),
            )+
        }

        $(
            impl ::core::convert::From<$crate::batch::Step<$operation>> for $step {
                fn from(step: $crate::batch::Step<$operation>) -> Self {
                    Self::$variant(step)
                }
            }
        )+

        impl ::core::convert::AsRef<str> for $step {
            fn as_ref(&self) -> &str {
                match self {
                    $(Self::$variant(step) => step.id(),)+
                }
            }
        }

        impl $step {
            /// The step's answer in `response`, read by its own operation.
            #[allow(dead_code)]
            $vis fn answer(&self, response: &$crate::batch::BatchResponse) -> $answer {
                match self {
                    $(Self::$variant(step) => $answer::$variant(response.parse(step)),)+
                }
            }
        }
    };
}
