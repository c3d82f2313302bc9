//! The prose under the crates table of BENCHMARKS.md: what changed its
//! figures and what its rows are. Kept apart from the formatting code.

/// What changed the generated crates' figures in issue 16: shared serde
/// code, features, and the generator's own speed.
pub(super) const ISSUE_16: &str =
    "\nWhat changed these figures (issue 16): models implement `Serialize` and \
    `Deserialize` through the runtime's shared code (`runtime/object.rs`) instead of \
    serde's derives, whose expansion per struct was half of `cargo check` (on 1,334 \
    models: 24.5 s to 6.8 s of CPU); operations are compiled per Cargo feature (one per \
    tag), so a crate built with a few features checks only those operations and their \
    models. Measured and not worth changing for `cargo check`: the bodies of the \
    `Operation` methods (replacing all of them with `todo!()` saved under 10%), the \
    `ALL` catalogue and one file per operation (one file for all: no change). For the \
    generator as a process: one file per group of operations (first tag or path segment) \
     instead of one per operation (at 10,000 operations, creating 10,000 files right \
    after deleting the previous ones cost 3 s of system time: 5.8 s to 2.7 s wall), \
    mimalloc (2.7 s to 2.0 s wall, 4.1 s to 2.9 s CPU), models formatted one type at a \
    time (peak memory 620 MB to 250 MB), and no second YAML parse for line numbers when \
    there is nothing to report. Less code per operation (both): the `Operation` trait's \
    defaults cover empty scope and version lists and a path without parameters, a path \
    of text parameters is one `runtime::expand_path` call on its template, and one \
    `runtime::undocumented` arm takes the statuses the spec leaves (at 10,000 \
    operations: 916,852 to 846,899 lines, about 5% less generator CPU). Measured and \
    dropped: the system allocator for blocks of 1 MiB and more, so that `serde_yaml`'s \
    buffer of every event of the document grows by `mremap` instead of copies (47,000 \
    page faults instead of 1,200, 10% more CPU). What remains (perf, 10,000 operations): \
     formatting, that is `syn` re-parsing the token streams and `prettyplease` printing \
    them, is 38% of the CPU; `serde_yaml` loading the spec 19%, serial, before anything \
    else can start; building the token streams 9%. At 10,000 operations 0.2x \
    progenitor's wall time is about 0.8 s: loading and lowering, before any parallel \
    work, take 0.5 s and formatting alone 0.5 s more on 2 cores, so that target needs \
    generated text written without the `syn` round trip (a change of the formatting \
    pipeline, not of the generated code) and a faster YAML loader; 0.5x its CPU (about \
    1.95 s) leaves formatting half the budget.\n\n";

/// What changed them in issue 37: shared response types and one-call
/// readers, with the A/B figures measured when it was made.
pub(super) const ISSUE_37: &str =
    "What changed them next (issue 37), measured on the 1,000-operation crate with its \
    runtime vendored, old against new, median of three: an operation that documents \
    one answer of a common shape (`200`, `201` or `202` with a body, `204`, `2XX`) \
    takes its response type from the runtime (`pub type GetPetResponse = \
    runtime::OkResponse<Pet>;`) instead of an enum of its own with derives and an \
    accessor, and reads it with one runtime call (`runtime::only_json`) instead of a \
    `match`; models whose properties are all optional read into `Self::default()` in \
    place. 86,783 to 69,558 lines, `cargo check` 4.95 s to 3.79 s of CPU. Removing \
    the per-operation accessors alone saved 6%, and the response enums' derives 6% \
    more; the rest of a re-check is typeck and borrowck of the remaining bodies \
    (1.5 s and 1.9 s of `-Z time-passes`). On Graph's Mail module: 24,588 to 22,558 \
    lines, 1.35 s to 1.24 s in the same run. Next, fewer lines with the same API: \
    `parse_response` returns `runtime::Parsed<Self>` (one line of signature, not \
    three), a required body of one media type is one `runtime::json_body` call, \
    `Operation::IDEMPOTENT` and `ACCEPT` default to `false` and JSON so operations \
    state them only where they differ, and a model's `FIELDS` and `read_fields` \
    signature fit on one line each (66,560 to 59,568 lines on the vendored crate). \
    Inline enums of the same values are one type, the later ones aliases of the \
    first: this spec has none, but Graph writes out the items of `$select` and \
    `$expand` for every operation (Mail: 22,386 to 16,639 lines, re-check 0.99 s to \
    0.76 s; PersonalContacts 0.68 s to 0.51 s). The generator, built with \
    mimalloc's `no_thp` feature, no longer has the kernel zero 2 MiB pages it \
    touches in part: 2.33-2.83 s to 1.98-2.13 s of CPU at 10,000 operations. Then \
    builds, which `cargo check` does not see: `parse_response` and `body_content` \
    are `#[inline]` where they read or write a typed value, so that they and serde's \
    code for their types are compiled by the crates that call them, not by every \
    build of this one, and the runtime's parameter styles are generic only as far as \
    turning a value into JSON. On the 1,000-operation crate alone, all features, \
    two runs each: a debug build 7.5 s to 5.4 s of CPU, a release build 18.1 s to \
    6.0 s, `cargo check` the same. Constructors convert their arguments first where \
    that lets `Self { .. }` fit on one line, which pays for the attributes' lines.\n\n";

/// What the rows of the crates table are (issue 23 and 24).
pub(super) const VARIANTS: &str =
    "The variants (issue 23): \"ours\" inlines the runtime (`--runtime inline`), so its \
    `cargo check` includes the runtime's modules; \"on the runtime crate\" depends on it \
    by path (`--runtime path=...`), prebuilt like every other dependency, which is how a \
    crate with its runtime vendored (`apicrate generate`'s default, a package of the \
    crate's own) or depending on a published runtime checks. \"with the client\" \
    turns on the `client` feature: the runtime's client and the crate's typed \
    `ClientBuilder` credentials. With the runtime inlined the client's own code is \
    checked with the crate each time; on the runtime crate only the generated builder \
    methods are. \"undeclared members dropped\" is `--drop-undeclared` (issue 24): \
    structs without the `additional_properties` map that keeps the members a schema \
    does not name; \"ours\" keeps them, as OpenAPI allows them.\n\n";
