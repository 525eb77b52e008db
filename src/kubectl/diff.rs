//! `kubectl diff`: the live objects against what `apply` would make of the
//! files, as diff.go does it: each object's live and merged YAML written to
//! two temporary directories (`/tmp/LIVE-…`, `/tmp/MERGED-…`), then
//! `diff -u -N` run on them, its output and exit status passed through (0: no
//! difference, 1: differences, 2: kubectl failed). The page's lazy part.

use std::fmt::Write;

use crate::cluster::{Object, Time};

use super::apply::{self, Doc};
use super::flags::{Arg, Flag, flag};
use super::output::Output;
use super::{Ctx, yaml};

const DIFF_FLAGS: &[Flag] = &[
    flag("filename", Some('f'), Arg::Many),
    flag("recursive", Some('R'), Arg::Bool),
    flag("kustomize", Some('k'), Arg::Text),
    flag("selector", Some('l'), Arg::Text),
    flag("server-side", None, Arg::Bool),
    flag("force-conflicts", None, Arg::Bool),
    flag("field-manager", None, Arg::Text),
    flag("prune", None, Arg::Bool),
    flag("prune-allowlist", None, Arg::Many),
    flag("concurrency", None, Arg::Int),
    flag("show-managed-fields", None, Arg::Bool),
];

/// One object's two versions, as the files diff reads.
struct Pair {
    /// `apps.v1.Deployment.default.web` (InfoObject.Name).
    file: String,
    live: Option<String>,
    merged: String,
}

/// `kubectl diff -f FILE… | -k DIR`.
#[inline(never)]
pub fn diff(ctx: &mut Ctx, args: &[String]) -> Output {
    // kustomize's warnings come first, whatever follows.
    let mut out = Output::new();
    let result = match pairs(ctx, args, &mut out) {
        Ok(pairs) => print(ctx, &pairs),
        // CheckDiffErr: every error exits with 2 (1 means "differences").
        Err(mut o) => {
            if o.code != 0 {
                o.code = 2;
            }
            o
        }
    };
    out.extend(result);
    out
}

fn pairs(ctx: &mut Ctx, args: &[String], warnings: &mut Output) -> Result<Vec<Pair>, Output> {
    // diff's flag errors read as its usage errors (kubectl's own two lines).
    let p = super::flags::parse(args, DIFF_FLAGS)
        .map_err(|e| Output::fail(format!("error: {e}\nSee 'kubectl diff -h' for help and examples\n")))?;
    if p.bool("help") {
        return Err(Output::ok(super::help::for_command(ctx.docs, "diff")));
    }
    if !p.args.is_empty() {
        return Err(Output::fail(format!(
            "error: Unexpected args: [{}]\nSee 'kubectl diff -h' for help and examples\n",
            p.args.join(" ")
        )));
    }
    let (docs, errors) = apply::prepare(ctx, &p, "diff", warnings)?;
    if let Some(e) = errors.into_iter().next() {
        return Err(Output::fail(e));
    }
    let ns = super::namespace(ctx, &p);
    let explicit = p.has("namespace");
    let selector = match p.text("selector") {
        Some(s) => Some(super::selector::Selector::parse(s).map_err(|e| Output::fail(format!("error: {e}\n")))?),
        None => None,
    };
    let mut pairs = Vec::new();
    for mut doc in docs {
        if let Some(sel) = &selector
            && !sel.matches(&labels_of(&doc))
        {
            continue;
        }
        let obj_ns = apply::target_namespace(&mut doc, &ns, explicit).map_err(Output::fail)?;
        let live =
            ctx.cluster.get(crate::cluster::Cluster::kind_of(&doc.value).map_err(error)?, &obj_ns, &doc.name()).ok();
        let (merged, _, _) = apply::apply_one(ctx, &doc, &obj_ns, true, None).map_err(|(e, _)| error(e))?;
        pairs.push(pair(live.as_ref(), &merged));
    }
    crate::sort::sort_by(&mut pairs, |a, b| a.file.cmp(&b.file));
    Ok(pairs)
}

fn labels_of(doc: &Doc) -> std::collections::BTreeMap<String, String> {
    let labels = doc.value.pointer("/metadata/labels").and_then(|l| l.as_object());
    let mut map = std::collections::BTreeMap::new();
    map.extend(labels.into_iter().flatten().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))));
    map
}

/// The API's error as kubectl prints a returned one (an Invalid one whole).
fn error(e: crate::cluster::ApiError) -> Output {
    Output::fail(match &e.invalid {
        Some(d) => super::invalid_error(d),
        None => super::server_error(&e),
    })
}

/// The two files of one object: the live one (none for a new object) and
/// the server's dry run of the apply, which keeps the live resourceVersion
/// (a dry run stores nothing) and has none for a creation; a Secret's data
/// masked as diff.go's Masker does.
fn pair(live: Option<&Object>, merged: &Object) -> Pair {
    let kind = merged.kind();
    let meta = merged.meta();
    let (group, version) = match kind.api_version().split_once('/') {
        Some((g, v)) => (format!("{g}."), v),
        None => (String::new(), kind.api_version()),
    };
    let file = format!("{group}{version}.{}.{}.{}", kind.name(), meta.namespace, meta.name);
    let mut live = live.map(Object::to_value);
    let mut merged = merged.to_value();
    let version = live.as_ref().and_then(|l| l.pointer("/metadata/resourceVersion").cloned());
    if let Some(m) = merged.get_mut("metadata").and_then(|m| m.as_object_mut()) {
        match version {
            Some(v) => m.insert("resourceVersion".into(), v),
            None => m.remove("resourceVersion"),
        };
    }
    if kind == crate::cluster::Kind::Secret {
        mask(live.as_mut(), &mut merged);
    }
    Pair { file, live: live.map(|l| yaml::to_yaml(&l)), merged: yaml::to_yaml(&merged) }
}

/// diff.go's Masker: a Secret's values as `***`, or `*** (before)` and
/// `*** (after)` where the key is in both and its value changed.
fn mask(live: Option<&mut serde_json::Value>, merged: &mut serde_json::Value) {
    let before = live.as_ref().and_then(|l| l.get("data")).and_then(|d| d.as_object()).cloned().unwrap_or_default();
    if let Some(to) = merged.get_mut("data").and_then(|d| d.as_object_mut()) {
        for (k, v) in to.iter_mut() {
            let changed = before.get(k).is_some_and(|b| b != v);
            *v = (if changed { "*** (after)" } else { "***" }).into();
        }
    }
    let after = merged.get("data").and_then(|d| d.as_object()).cloned().unwrap_or_default();
    if let Some(from) = live.and_then(|l| l.get_mut("data")).and_then(|d| d.as_object_mut()) {
        for (k, v) in from.iter_mut() {
            *v = (if after.get(k).is_some_and(|a| a == "*** (after)") { "*** (before)" } else { "***" }).into();
        }
    }
}

/// `diff -u -N LIVE MERGED` over the two directories: for each file whose
/// versions differ, GNU diff's line, the two headers and the hunks.
fn print(ctx: &mut Ctx, pairs: &[Pair]) -> Output {
    // os.MkdirTemp's names: the prefix then a random uint32 in decimal.
    let live_dir = format!("/tmp/LIVE-{}", ctx.cluster.random_below(1 << 32));
    let merged_dir = format!("/tmp/MERGED-{}", ctx.cluster.random_below(1 << 32));
    let now = ctx.cluster.now();
    let mut out = Output::new();
    for pair in pairs {
        let live = pair.live.as_deref().unwrap_or("");
        if live == pair.merged {
            continue;
        }
        let (from, to) = (format!("{live_dir}/{}", pair.file), format!("{merged_dir}/{}", pair.file));
        let written = stamp(now, ctx.cluster.random_below(1_000_000_000));
        let live_stamp =
            if pair.live.is_some() { written.clone() } else { "1970-01-01 00:00:00.000000000 +0000".into() };
        out.out(format!("diff -u -N {from} {to}\n--- {from}\t{live_stamp}\n+++ {to}\t{written}\n"));
        out.out(unified(&lines(live), &lines(&pair.merged)));
        out.code = 1;
    }
    out
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// A file's modification time as GNU diff's headers print it.
fn stamp(now: Time, nanos: u64) -> String {
    let (y, mo, d, h, mi, s, _) = now.civil();
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{nanos:09} +0000")
}

#[derive(Clone, Copy, PartialEq)]
enum Op {
    Same,
    Removed,
    Added,
}

/// The hunks of a unified diff with three lines of context, as GNU diff
/// writes them: the common first and last lines set aside, a longest common
/// subsequence of the lines between, removed lines before added ones, hunks
/// joined when at most six unchanged lines separate them.
fn unified(a: &[&str], b: &[&str]) -> String {
    const CONTEXT: usize = 3;
    let ops = edit_script(a, b);
    let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != Op::Same).collect();
    let mut text = String::new();
    let mut k = 0;
    while k < changed.len() {
        let first = changed[k];
        let mut last = first;
        while k + 1 < changed.len() && changed[k + 1] - last <= 2 * CONTEXT + 1 {
            k += 1;
            last = changed[k];
        }
        k += 1;
        let hunk = &ops[first.saturating_sub(CONTEXT)..(last + CONTEXT + 1).min(ops.len())];
        let count = |skip: Op| hunk.iter().filter(|o| o.0 != skip).count();
        let _ =
            writeln!(text, "@@ -{} +{} @@", range(hunk[0].1, count(Op::Added)), range(hunk[0].2, count(Op::Removed)));
        for &(op, i, j) in hunk {
            let _ = match op {
                Op::Same => writeln!(text, " {}", a[i]),
                Op::Removed => writeln!(text, "-{}", a[i]),
                Op::Added => writeln!(text, "+{}", b[j]),
            };
        }
    }
    text
}

/// The edit script from `a` to `b`: (operation, line in a, line in b), 0-based.
fn edit_script(a: &[&str], b: &[&str]) -> Vec<(Op, usize, usize)> {
    // Above this many cells (two pasted files of 2,000 lines), the lines
    // between the common ends are all replaced rather than matched: the
    // table would cost the page hundreds of megabytes.
    const MAX_CELLS: usize = 4_000_000;
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (ma, mb) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut ops: Vec<(Op, usize, usize)> = (0..prefix).map(|k| (Op::Same, k, k)).collect();
    let width = mb.len() + 1;
    if (ma.len() + 1).saturating_mul(width) > MAX_CELLS {
        ops.extend((0..ma.len()).map(|i| (Op::Removed, prefix + i, prefix)));
        ops.extend((0..mb.len()).map(|j| (Op::Added, prefix + ma.len(), prefix + j)));
    } else {
        // common[i][j]: the longest common subsequence of ma[i..] and mb[j..].
        let mut common = vec![0u32; (ma.len() + 1) * width];
        for i in (0..ma.len()).rev() {
            for j in (0..mb.len()).rev() {
                common[i * width + j] = if ma[i] == mb[j] {
                    common[(i + 1) * width + j + 1] + 1
                } else {
                    common[(i + 1) * width + j].max(common[i * width + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < ma.len() || j < mb.len() {
            if i < ma.len() && j < mb.len() && ma[i] == mb[j] {
                ops.push((Op::Same, prefix + i, prefix + j));
                (i, j) = (i + 1, j + 1);
            } else if i < ma.len() && (j == mb.len() || common[(i + 1) * width + j] >= common[i * width + j + 1]) {
                ops.push((Op::Removed, prefix + i, prefix + j));
                i += 1;
            } else {
                ops.push((Op::Added, prefix + i, prefix + j));
                j += 1;
            }
        }
    }
    let (ea, eb) = (a.len() - suffix, b.len() - suffix);
    ops.extend((0..suffix).map(|k| (Op::Same, ea + k, eb + k)));
    ops
}

/// A hunk's side in its header: `start,count` (1-based), the start alone
/// for one line, the line before for none.
fn range(start: usize, count: usize) -> String {
    match count {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        n => format!("{},{n}", start + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::unified;

    /// `unified` of 1..=20 and the same with some lines replaced.
    fn numbers_with(replaced: &[(&str, &str)]) -> String {
        let a: Vec<String> = (1..=20).map(|n| n.to_string()).collect();
        let b: Vec<String> =
            a.iter().map(|l| replaced.iter().find(|(n, _)| n == l).map_or(l.clone(), |(_, w)| w.to_string())).collect();
        unified(&a.iter().map(String::as_str).collect::<Vec<_>>(), &b.iter().map(String::as_str).collect::<Vec<_>>())
    }

    // The expected texts are GNU diff 3.8's `diff -u` of the same files.
    #[test]
    fn changes_six_lines_apart_share_a_hunk_and_seven_do_not() {
        assert_eq!(
            numbers_with(&[("5", "five"), ("12", "twelve")]),
            "@@ -2,14 +2,14 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n 9\n 10\n 11\n-12\n+twelve\n 13\n 14\n 15\n"
        );
        assert_eq!(
            numbers_with(&[("5", "five"), ("15", "fifteen")]),
            "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n@@ -12,7 +12,7 @@\n 12\n 13\n 14\n-15\n+fifteen\n 16\n 17\n 18\n"
        );
    }

    #[test]
    fn lines_added_at_both_ends_and_a_new_file() {
        assert_eq!(unified(&["1", "2"], &["0", "1", "2", "3"]), "@@ -1,2 +1,4 @@\n+0\n 1\n 2\n+3\n");
        assert_eq!(unified(&[], &["a"]), "@@ -0,0 +1 @@\n+a\n");
    }

    /// Two large unrelated files do not build a table of every pair of
    /// lines: the lines between the common ends are replaced whole.
    #[test]
    fn large_files_are_replaced_whole_between_their_common_ends() {
        let a: Vec<String> = (0..3000).map(|n| format!("a{n}")).collect();
        let b: Vec<String> = (0..3000).map(|n| format!("b{n}")).collect();
        let mut a: Vec<&str> = a.iter().map(String::as_str).collect();
        let mut b: Vec<&str> = b.iter().map(String::as_str).collect();
        a.insert(0, "same");
        b.insert(0, "same");
        let text = unified(&a, &b);
        assert!(text.starts_with("@@ -1,3001 +1,3001 @@\n same\n-a0\n"), "{}", &text[..40]);
        assert_eq!(text.lines().filter(|l| l.starts_with('+')).count(), 3000);
    }
}
