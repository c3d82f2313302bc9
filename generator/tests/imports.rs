//! The generator's modules depend on each other in one direction: no two
//! import each other, directly or around a circle (a module may use its
//! ancestors', as Rust's `super::` does), and names are made only in
//! `naming` (no `Ident::new` or heck elsewhere). Read from the source's
//! tokens, so comments and strings do not count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::str::FromStr as _;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// A module's path in the crate (`["lower", "objects"]`), the crate root empty.
type Module = Vec<String>;

/// Every module of `src`, with its source text.
fn modules(src: &Path) -> BTreeMap<Module, String> {
    let mut modules = BTreeMap::new();
    let mut dirs = vec![src.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("a source directory") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            let relative = path.strip_prefix(src).expect("under src").with_extension("");
            let mut module: Module =
                relative.iter().map(|part| part.to_string_lossy().into_owned()).collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
                module.pop();
            }
            modules.insert(module, std::fs::read_to_string(&path).expect("a source file"));
        }
    }
    modules
}

/// The paths a source names from `crate`, `super` or `self`, each as its
/// segments (`super::objects::catch_all`), outside `mod tests { ... }`.
fn named_paths(source: &str) -> Vec<Vec<String>> {
    let tokens = TokenStream::from_str(source).expect("the source tokenizes");
    let mut paths = Vec::new();
    collect(tokens, &[], &mut paths);
    paths
}

fn collect(tokens: TokenStream, prefix: &[String], paths: &mut Vec<Vec<String>>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut index = 0;
    while index < tokens.len() {
        // `mod tests { ... }`: the unit tests may use what they test.
        if let [TokenTree::Ident(a), TokenTree::Ident(b), TokenTree::Group(_), ..] =
            &tokens[index..]
        {
            if a == "mod" && b == "tests" {
                index += 3;
                continue;
            }
        }
        match &tokens[index] {
            TokenTree::Ident(ident)
                if ["crate", "super", "self"].contains(&&*ident.to_string()) =>
            {
                let (path, next) = path_at(&tokens, index);
                if let Some(TokenTree::Group(group)) = tokens.get(next) {
                    // `use super::{a::b, c}`: each item under the prefix.
                    if group.delimiter() == Delimiter::Brace && next > 0 {
                        collect(group.stream(), &path, paths);
                        index = next + 1;
                        continue;
                    }
                }
                paths.push(path);
                index = next;
            }
            // Inside a `use` group: a path relative to its prefix.
            TokenTree::Ident(ident) if !prefix.is_empty() && starts_item(&tokens, index) => {
                let _ = ident;
                let (path, next) = path_at(&tokens, index);
                let mut full = prefix.to_vec();
                full.extend(path);
                if let Some(TokenTree::Group(group)) = tokens.get(next) {
                    if group.delimiter() == Delimiter::Brace {
                        collect(group.stream(), &full, paths);
                        index = next + 1;
                        continue;
                    }
                }
                paths.push(full);
                index = next;
            }
            TokenTree::Group(group) => {
                collect(group.stream(), &[], paths);
                index += 1;
            }
            _ => index += 1,
        }
    }
}

/// Whether the token at `index` starts an item of a `use` group (first,
/// or after a comma).
fn starts_item(tokens: &[TokenTree], index: usize) -> bool {
    index == 0 || matches!(&tokens[index - 1], TokenTree::Punct(punct) if punct.as_char() == ',')
}

/// The path of identifiers joined by `::` that starts at `index`, and the
/// index after it (at a `{` group when the path continues into one).
fn path_at(tokens: &[TokenTree], index: usize) -> (Vec<String>, usize) {
    let mut path = Vec::new();
    let mut at = index;
    while let Some(TokenTree::Ident(ident)) = tokens.get(at) {
        path.push(ident.to_string());
        let colons = matches!(
            (tokens.get(at + 1), tokens.get(at + 2)),
            (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == ':' && b.as_char() == ':'
        );
        if !colons {
            return (path, at + 1);
        }
        at += 3;
    }
    (path, at)
}

/// The module a path from `module` lands in: the longest prefix of it
/// that is a module.
fn target(module: &Module, path: &[String], known: &BTreeSet<Module>) -> Option<Module> {
    let mut segments = path.iter().peekable();
    let mut at: Module = match segments.peek().map(|s| s.as_str()) {
        Some("crate") => Vec::new(),
        Some("super" | "self") => module.clone(),
        _ => return None,
    };
    if path[0] == "crate" {
        segments.next();
    }
    while let Some(segment) = segments.peek() {
        match segment.as_str() {
            "super" => _ = at.pop(),
            "self" => {}
            _ => break,
        }
        segments.next();
    }
    for segment in segments {
        let mut deeper = at.clone();
        deeper.push(segment.clone());
        if !known.contains(&deeper) {
            break;
        }
        at = deeper;
    }
    Some(at)
}

/// Which modules each module uses, leaving out its ancestors and
/// descendants (a parent and its children use each other by design).
fn dependencies(modules: &BTreeMap<Module, String>) -> BTreeMap<Module, BTreeSet<Module>> {
    let known: BTreeSet<Module> = modules.keys().cloned().collect();
    let mut graph = BTreeMap::new();
    for (module, source) in modules {
        let used: BTreeSet<Module> = named_paths(source)
            .iter()
            .filter_map(|path| target(module, path, &known))
            .filter(|used| !module.starts_with(used) && !used.starts_with(module))
            .collect();
        graph.insert(module.clone(), used);
    }
    graph
}

/// A circle of modules, if there is one: each uses the next, the last the first.
fn circle(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Option<Vec<Module>> {
    fn visit(
        module: &Module,
        graph: &BTreeMap<Module, BTreeSet<Module>>,
        stack: &mut Vec<Module>,
        done: &mut BTreeSet<Module>,
    ) -> Option<Vec<Module>> {
        if let Some(start) = stack.iter().position(|seen| seen == module) {
            return Some(stack[start..].to_vec());
        }
        if done.contains(module) {
            return None;
        }
        stack.push(module.clone());
        for used in graph.get(module).into_iter().flatten() {
            if let Some(found) = visit(used, graph, stack, done) {
                return Some(found);
            }
        }
        stack.pop();
        done.insert(module.clone());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|module| visit(module, graph, &mut Vec::new(), &mut done))
}

/// `module` with `::` between its parts, `crate` for the root.
fn shown(module: &Module) -> String {
    if module.is_empty() {
        "crate".to_owned()
    } else {
        module.join("::")
    }
}

fn source() -> BTreeMap<Module, String> {
    modules(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

#[test]
fn no_two_modules_use_each_other_even_around_a_circle() {
    let modules = source();
    assert!(modules.len() > 50, "the generator's modules: {}", modules.len());
    let graph = dependencies(&modules);
    // The top-level modules on their own: each room of the pipeline.
    let mut top: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, used) in &graph {
        let Some(room) = module.first() else { continue };
        let rooms = used.iter().filter_map(|used| used.first()).filter(|used| *used != room);
        let entry = top.entry(vec![room.clone()]).or_default();
        entry.extend(rooms.map(|used| vec![used.clone()]));
    }
    for graph in [&graph, &top] {
        if let Some(found) = circle(graph) {
            let names: Vec<String> = found.iter().map(shown).collect();
            panic!("modules that use each other: {} -> {}", names.join(" -> "), names[0]);
        }
    }
}

/// The check finds circles: two siblings importing each other, and a
/// longer circle through a `use` group.
#[test]
fn a_circle_is_found() {
    let module = |path: &str| -> Module { path.split("::").map(str::to_owned).collect() };
    let modules = BTreeMap::from([
        (module("lower"), "mod a; mod b; mod c;".to_owned()),
        (module("lower::a"), "use super::b::thing; // use super::c\n".to_owned()),
        (module("lower::b"), "use super::{c::other, a};".to_owned()),
        (module("lower::c"), "fn f() { let s = \"super::a\"; }".to_owned()),
    ]);
    let graph = dependencies(&modules);
    assert_eq!(graph[&module("lower::a")], BTreeSet::from([module("lower::b")]));
    let found = circle(&graph).expect("a circle");
    assert_eq!(found.len(), 2, "{found:?}");
    let mut modules = modules;
    modules.insert(module("lower::c"), "use crate::lower::a::x;".to_owned());
    modules.insert(module("lower::b"), "use super::c::other;".to_owned());
    assert_eq!(circle(&dependencies(&modules)).map(|found| found.len()), Some(3));
    // A child using its parent's items, and the parent its children: no circle.
    modules.insert(module("lower::c"), "use super::Lowerer;".to_owned());
    assert_eq!(circle(&dependencies(&modules)), None);
}

/// Identifiers are made in `naming` only: no `Ident::new` and no heck
/// conversion anywhere else.
#[test]
fn names_are_made_only_in_naming() {
    for (module, source) in source() {
        if module.first().is_some_and(|room| room == "naming") {
            continue;
        }
        let tokens: Vec<String> = flat(TokenStream::from_str(&source).expect("tokens"));
        for window in tokens.windows(4) {
            let made = window[0] == "Ident" && window[1] == ":" && window[3] == "new";
            assert!(!made, "{} makes an identifier with Ident::new", shown(&module));
        }
        assert!(!tokens.iter().any(|token| token == "heck"), "{} uses heck", shown(&module));
    }
}

/// Every identifier and punctuation token, groups opened.
fn flat(tokens: TokenStream) -> Vec<String> {
    let mut out = Vec::new();
    for token in tokens {
        match token {
            TokenTree::Group(group) => out.extend(flat(group.stream())),
            TokenTree::Ident(ident) => out.push(ident.to_string()),
            TokenTree::Punct(punct) => out.push(punct.as_char().to_string()),
            TokenTree::Literal(_) => out.push(String::new()),
        }
    }
    out
}
