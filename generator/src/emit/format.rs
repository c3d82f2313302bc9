//! The one place tokens become text: parsed as a Rust file and printed by
//! prettyplease, on every core where there are many items.

use proc_macro2::TokenStream;

/// Emitting failed: a bug in the generator, reported rather than panicking.
#[derive(Debug, thiserror::Error)]
#[error("internal error: the generated file {file} is not valid Rust ({message}); please report this with the spec that caused it")]
pub struct EmitError {
    pub file: String,
    pub message: String,
}

/// A whole file: `header`, then the formatted `tokens`.
pub(super) fn file(path: &str, header: &str, tokens: TokenStream) -> Result<String, EmitError> {
    Ok(format!("{header}{}", items(path, tokens)?))
}

/// Pretty-prints tokens without a header (a file, or items of one). A
/// parse failure is a generator bug.
pub(super) fn items(path: &str, tokens: TokenStream) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|error| EmitError { file: path.to_owned(), message: error.to_string() })?;
    Ok(prettyplease::unparse(&file))
}

/// The items `build` makes of each of `parts`, formatted on every core one
/// part at a time (so a thread holds one part's tokens and syntax tree),
/// each part's text in `parts`' order; `path` names a part's file in errors.
/// prettyplease formats items independently, so this is the text of
/// formatting them all at once.
pub(super) fn in_parts<T: Sync>(
    parts: &[T],
    path: impl Fn(&T) -> &str + Sync,
    build: impl Fn(&T) -> TokenStream + Sync,
) -> Result<Vec<String>, EmitError> {
    let texts = in_parallel(parts, |chunk| {
        chunk.iter().map(|part| items(path(part), build(part))).collect::<Result<Vec<_>, _>>()
    })?;
    Ok(texts.into_iter().flatten().collect())
}

/// Files of many items each: for every one of `files`, its `path`, the
/// text of its `head`, then that of its `items`, each built by `build`
/// (given its file) and formatted on every core, one item at a time.
/// Returns the files in order, as paths and texts.
pub(super) fn files_in_parts<F: Sync, T: Sync>(
    header: &str,
    files: &[F],
    path: impl Fn(&F) -> String,
    head: impl Fn(&F) -> TokenStream,
    items: impl Fn(&F) -> &[T],
    build: impl Fn(&F, &T) -> TokenStream + Sync,
) -> Result<Vec<(String, String)>, EmitError> {
    let paths: Vec<String> = files.iter().map(&path).collect();
    let work: Vec<(&F, &T, &str)> = files
        .iter()
        .zip(&paths)
        .flat_map(|(file, path)| items(file).iter().map(move |item| (file, item, path.as_str())))
        .collect();
    let texts = in_parts(&work, |(_, _, path)| path, |(file, item, _)| build(file, item))?;
    let mut texts = texts.into_iter();
    files
        .iter()
        .zip(paths)
        .map(|(file, path)| {
            let mut text = self::file(&path, header, head(file))?;
            text.extend(texts.by_ref().take(items(file).len()));
            Ok((path, text))
        })
        .collect()
}

/// Runs `work` on chunks of `items` on every core and returns the results in
/// chunk order, so the output never depends on the number of threads. (Token
/// streams cannot cross threads, so each thread builds its own from the IR.)
fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&[T]) -> Result<R, EmitError> + Sync,
) -> Result<Vec<R>, EmitError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = items.len().div_ceil(threads).max(16);
    if items.len() <= chunk {
        return Ok(vec![work(items)?]);
    }
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> =
            items.chunks(chunk).map(|part| scope.spawn(move || work(part))).collect();
        handles
            .into_iter()
            .map(|handle| {
                handle.join().map_err(|_| EmitError {
                    file: "(parallel emit)".to_owned(),
                    message: "a formatting thread panicked".to_owned(),
                })?
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn formatting_in_parts_gives_the_bytes_of_one_pass() {
        // 40 schemas: more than one chunk, so several threads take part.
        let mut text = String::from("openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n");
        for i in 0..40 {
            text.push_str(&format!("    s{i}:\n      type: object\n      description: Schema {i}.\n      properties:\n        id: \
                {{ type: string }}\n        kind: {{ type: string, enum: [a, b{i}] }}\n"));
        }
        let api = crate::lower_str(std::path::Path::new("t.yaml"), &text).expect("lowers").api;
        assert!(api.types.len() >= 40);
        let type_def = |def: &crate::ir::TypeDef| super::super::models::type_def(def, false);

        let parts = in_parts(&api.types, |_| "models.rs", type_def).expect("in parts");
        let defs = api.types.iter().map(type_def);
        let whole = items("models.rs", quote!(#(#defs)*)).expect("whole");
        assert_eq!(parts.concat(), whole);
    }
}
