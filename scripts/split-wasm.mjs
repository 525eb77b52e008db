// Splits the page's wasm in two (scripts/split-wasm.sh runs it on Trunk's
// staging directory): the functions that scripts/lazy.txt names go to a lazy
// part, `NAME_lazy.wasm`, fetched the first time one of them runs; the rest
// stays in `NAME_bg.wasm`, the part the page loads before the first command.
//
// Binaryen's wasm-split does the cut: each lazy function leaves a placeholder
// in the first part's function table. The first call to any of them reaches
// the prelude below (put before wasm-bindgen's JS glue), which fetches and
// instantiates the lazy part against the first part's memory, tables and
// globals; its instantiation writes the real functions over the placeholders,
// and the call goes on. Nothing in Rust knows of the cut: `cargo test` and
// the browser tests run one whole module.
//
// Usage: node scripts/split-wasm.mjs DIR WASM_SPLIT BINARYEN_JS WASM_OPT
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync, rmSync, renameSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { moveLazyData, dataSegments } from "./split-data.mjs";

const [dir, wasmSplit, binaryenJs, wasmOpt] = process.argv.slice(2);
const features = ["--enable-bulk-memory", "--enable-mutable-globals", "--enable-nontrapping-float-to-int",
  "--enable-sign-ext", "--enable-reference-types", "--enable-multivalue"];

const wasmFile = readdirSync(dir).find((f) => f.endsWith("_bg.wasm"));
const stem = wasmFile.slice(0, -"_bg.wasm".length);
const jsFile = `${stem}.js`;
const lazyFile = `${stem}_lazy.wasm`;
const original = readFileSync(join(dir, wasmFile));

// --- the lazy functions, by name ----------------------------------------
function leb(bytes, i) {
  let result = 0, shift = 0, byte;
  do {
    byte = bytes[i++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [result, i];
}

/** The function names of the name section (wasm-bindgen keeps it; Trunk's
 * own wasm-opt is off: index.html), with each function's body size in bytes
 * (`sizes`, by name). */
const sizes = new Map();
/** The functions each function calls directly, by name. */
const calls = new Map();
function functionNames(bytes) {
  const names = [];
  const byIndex = new Map();
  let imported = 0;
  const bodies = [];
  let i = 8;
  while (i < bytes.length) {
    const id = bytes[i];
    let size;
    [size, i] = leb(bytes, i + 1);
    const end = i + size;
    if (id === 2) {
      // Imported functions come first in the index space.
      let [count, j] = leb(bytes, i);
      for (let n = 0; n < count; n++) {
        for (let field = 0; field < 2; field++) {
          let len;
          [len, j] = leb(bytes, j);
          j += len;
        }
        const kind = bytes[j++];
        if (kind === 0) { [, j] = leb(bytes, j); imported++; }
        else if (kind === 1) { j++; const [flags, k] = leb(bytes, j); [, j] = leb(bytes, k); if (flags & 1) [, j] = leb(bytes, j); }
        else if (kind === 2) { const [flags, k] = leb(bytes, j); [, j] = leb(bytes, k); if (flags & 1) [, j] = leb(bytes, j); }
        else if (kind === 3) { j += 2; }
        else if (kind === 4) { j++; [, j] = leb(bytes, j); }
      }
    }
    if (id === 10) {
      let [count, j] = leb(bytes, i);
      for (let n = 0; n < count; n++) {
        let bodySize;
        [bodySize, j] = leb(bytes, j);
        bodies.push([j, bodySize]);
        j += bodySize;
      }
    }
    if (id === 0) {
      let [length, j] = leb(bytes, i);
      if (bytes.subarray(j, j + length).toString() === "name") {
        j += length;
        while (j < end) {
          const sub = bytes[j];
          let subSize;
          [subSize, j] = leb(bytes, j + 1);
          if (sub === 1) {
            let [count, k] = leb(bytes, j);
            for (let n = 0; n < count; n++) {
              let len, index;
              [index, k] = leb(bytes, k);
              [len, k] = leb(bytes, k);
              const name = bytes.subarray(k, k + len).toString();
              names.push(name);
              byIndex.set(index, name);
              k += len;
            }
          }
          j += subSize;
        }
      }
    }
    i = end;
  }
  for (const [index, name] of byIndex) {
    const body = bodies[index - imported];
    if (index >= imported && body !== undefined) {
      sizes.set(name, body[1]);
      // Every `call` a body may hold (read loosely: a 0x10 byte inside an
      // immediate adds a callee that is not one, which only keeps more).
      const callees = [];
      for (let k = body[0]; k < body[0] + body[1]; k++) {
        if (bytes[k] === 0x10) {
          const [callee] = leb(bytes, k + 1);
          const target = byIndex.get(callee);
          if (target !== undefined) callees.push(target);
        }
      }
      calls.set(name, callees);
    }
  }
  return names;
}

// Binaryen 108 escapes, in the names it reads, every byte that the text
// format does not allow in an identifier; --split-funcs takes them so.
const idChars = new Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-./:<=>?@\\^_`|~");
const escape = (name) =>
  [...Buffer.from(name)].map((b) => (b < 128 && idChars.has(String.fromCharCode(b)) ? String.fromCharCode(b) : `\\${b.toString(16).padStart(2, "0")}`)).join("");

const here = dirname(fileURLToPath(import.meta.url));
const lines = readFileSync(join(here, "lazy.txt"), "utf8").split("\n")
  .map((line) => line.trim()).filter((line) => line && !line.startsWith("#"));
const patterns = lines.filter((line) => !line.startsWith("types "));
// `types MODULE`: the glue of the API types MODULE defines (their codec,
// the iterators their decoding collects through, derived Clone and
// PartialEq, drop glue; of `Option`s and `Vec`s of them too), for types only
// held with an object of a lazy kind: that glue runs only when such an
// object is read, written or changed. Glue the first part calls stays there
// (below). tests/e2e/tests/lazy.rs fails if the core course reaches any of it.
const typeRules = lines.filter((line) => line.startsWith("types ")).map((line) => {
  const m = line.slice("types ".length).trim().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const t = `(?:(?:alloc::vec::Vec|core::option::Option|alloc::boxed::Box)<)*${m}::\\w+>*`;
  return new RegExp([
    `^<${t} as kube_atelier::cluster::codec::(?:Decode|Encode)>::`,
    `^<(?:core::iter|alloc::vec)::.*<${m}::\\w+ as kube_atelier::cluster::codec::(?:Decode|Encode)>::(?:decode|encode)`,
    `^<${t} as core::(?:clone::Clone|cmp::PartialEq)>::`,
    `^core::ptr::drop_in_place::<${t}>$`,
  ].join("|"));
});
// `kube_atelier[363dd48c4858009c]::shell::minikube::node_line` is matched as
// `kube_atelier::shell::minikube::node_line` (no crate hashes); a path takes
// the function or module it names and what is nested in it (its closures),
// and the methods of what a module defines (`<kube_atelier::m::T as Trait>::f`).
// Derived `Clone` and `PartialEq` and drop glue stay: wasm-opt folds
// identical functions into one name, which may be a lazy type's while the
// first part calls it, and an empty table of a lazy type is still cloned
// and dropped with the cluster.
// Glue (`types` lines) and closures may be the very code of a function the
// first part calls: LLVM merges identical functions under one name.
const glueFns = new Set();
const candidates = functionNames(original).filter((name) => {
  const path = name.replace(/\[[0-9a-f]+\]/g, "");
  const named = patterns.some((p) => path === p || path.startsWith(`${p}::`) || path.startsWith(`<${p}::`));
  if (!named && typeRules.some((rule) => rule.test(path.replace(/::h[0-9a-f]{16}$/, "")))) {
    glueFns.add(name);
    return true;
  }
  if (/ as core::(clone::Clone|cmp::PartialEq)>|drop_in_place/.test(path)) return false;

  return patterns.some((p) => path === p || path.startsWith(`${p}::`) || path.startsWith(`<${p}::`));
});
// Glue and small closures the first part calls stay there: LLVM merges
// identical functions under one name, and a small closure of a lazy function
// (`|v| v.as_str().unwrap_or("").to_string()`), or a lazy type's drop glue,
// is often the very code of one the first part calls, kept under the lazy
// one's name. (Calls are read loosely, which only keeps more; a larger
// closure is rarely another's twin.) Until nothing moves: what stays may call more.
const mergeable = (name) => glueFns.has(name) || (/\{closure#\d+\}/.test(name) && (sizes.get(name) ?? 0) < 200);
// The direct calls, from Binaryen's call graph (exact, unlike a byte scan).
const graph = execFileSync(wasmOpt, [...features, join(dir, wasmFile), "--print-call-graph", "-o", "/dev/null"],
  { maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "inherit"] }).toString();
calls.clear();
for (const m of graph.matchAll(/^\s*"(.+)" -> "(.+)"; \/\/ call$/gm)) {
  if (!calls.has(m[1])) calls.set(m[1], []);
  calls.get(m[1]).push(m[2]);
}
let lazySet = new Set(candidates);
for (let changed = true; changed; ) {
  changed = false;
  for (const [caller, callees] of calls) {
    if (lazySet.has(caller)) continue;
    for (const callee of callees) {
      if (lazySet.has(callee) && mergeable(callee)) {
        lazySet.delete(callee);
        changed = true;
      }
    }
  }
}
// Then what only lazy code calls goes with it: a function every direct
// caller of which is lazy, that no table holds (no indirect call reaches it)
// and no export names: the first part can only reach it through lazy code
// (the iterators, sorts and glue a lazy function's generics instantiate,
// which lazy.txt cannot name one by one). Until nothing moves.
const pinned = new Set();
for (const m of graph.matchAll(/^\s*"(.+)" \[style="filled(?:, rounded"\]|", fillcolor="gray"\]);$/gm)) pinned.add(m[1]);
const callers = new Map();
for (const [caller, callees] of calls) {
  for (const callee of new Set(callees)) {
    if (!callers.has(callee)) callers.set(callee, []);
    callers.get(callee).push(caller);
  }
}
const reached = [];
for (let changed = true; changed; ) {
  changed = false;
  for (const [callee, from] of callers) {
    if (lazySet.has(callee) || pinned.has(callee) || !sizes.has(callee)) continue;
    if (from.every((caller) => lazySet.has(caller))) {
      lazySet.add(callee);
      reached.push(callee);
      changed = true;
    }
  }
}
const lazy = [...candidates.filter((name) => lazySet.has(name)), ...reached];
// The optimizer's passes, as index.html had Trunk run them: -Oz twice, and
// `--low-memory-unused` because Rust puts its stack below 1 MiB and its data
// above, so no object lives in the first KiB. They run here, after the cut:
// optimized first, wasm-opt would inline a lazy function into its one caller
// in the first part, and the cut would miss it.
// SPLIT_KEEP_NAMES=1 (scripts/size-breakdown.sh) keeps the function names,
// to say where the first part's bytes go.
const strip = process.env.SPLIT_KEEP_NAMES ? ["-g"] : ["--strip-debug", "--strip-producers"];
const optimize = (from, to) =>
  execFileSync(wasmOpt, [...features, "--low-memory-unused", "-Oz", "-Oz", ...strip, from, "-o", to],
    { stdio: ["ignore", "ignore", "inherit"] });
if (lazy.length === 0) {
  console.error("split-wasm: no function matches scripts/lazy.txt: the page stays in one part");
  optimize(join(dir, wasmFile), join(dir, wasmFile));
  process.exit(0);
}

// --- the cut ------------------------------------------------------------
const tmp = join(dir, ".split");
const list = `${tmp}-functions.txt`;
writeFileSync(list, lazy.map(escape).join("\n") + "\n");
const first = `${tmp}-first.wasm`, second = `${tmp}-lazy.wasm`;
execFileSync(wasmSplit, [...features, ...(process.env.SPLIT_KEEP_NAMES ? ["-g"] : []), join(dir, wasmFile), `--split-funcs=@${list}`, "--placeholdermap",
  "-o1", first, "-o2", second, "--import-namespace=primary", "--placeholder-namespace=placeholder"],
  { stdio: ["ignore", "ignore", "inherit"] });

// Binaryen 108's writer exports the first table under every table export's
// name: wasm-bindgen's `__wbindgen_externrefs` (its externref table) would
// name the function table and the page would not start. Put it right with
// Binaryen 132, which reads and writes both tables as they are.
const { default: binaryen } = await import(binaryenJs);
if (process.env.SPLIT_KEEP_NAMES) binaryen.setDebugInfo(true);
const before = binaryen.readBinary(original);
const tableIndex = (module, name) => {
  for (let i = 0; i < module.getNumTables(); i++) {
    if (binaryen.getTableInfo(module.getTableByIndex(i)).name === name) return i;
  }
  throw new Error(`no table ${name}`);
};
const tableExports = [];
let panics = false;
for (let i = 0; i < before.getNumExports(); i++) {
  const info = binaryen.getExportInfo(before.getExportByIndex(i));
  if (info.kind === binaryen.ExternalTable) tableExports.push([info.name, tableIndex(before, info.value)]);
  panics ||= info.name === "lazy_part_unavailable";
}
// The prelude below ends a call that cannot get the lazy part with it (src/ui/mod.rs).
if (!panics) throw new Error("split-wasm: the page's wasm exports no lazy_part_unavailable");
before.dispose();
const after = binaryen.readBinary(readFileSync(first));
// The features wasm-bindgen's output uses (as `features` above), not All:
// Binaryen 132 would then write imports in a newer, compact form that
// browsers refuse.
const F = binaryen.Features;
after.setFeatures(F.MutableGlobals | F.NontrappingFPToInt | F.BulkMemory | F.BulkMemoryOpt | F.SignExt |
  F.ReferenceTypes | F.CallIndirectOverlong | F.Multivalue);
for (const [name, index] of tableExports) {
  after.removeExport(name);
  after.addTableExport(binaryen.getTableInfo(after.getTableByIndex(index)).name, name);
}
// The function table the lazy part writes into, under the name the first
// part exports it: the placeholders call through it.
const lazyModule = binaryen.readBinary(readFileSync(second));
let tableExport;
for (let i = 0; i < lazyModule.getNumTables(); i++) {
  const info = binaryen.getTableInfo(lazyModule.getTableByIndex(i));
  if (info.module === "primary" && !tableExports.some(([name]) => name === info.base)) tableExport = info.base;
}
lazyModule.dispose();
if (!tableExport) throw new Error("split-wasm: the lazy part imports no function table");
writeFileSync(first, after.emitBinary());
after.dispose();

// Both parts optimized, each on its own, and without their names.
optimize(first, join(dir, wasmFile));
optimize(second, join(dir, lazyFile));
// Then the read-only data only the lazy part reads goes with it (scripts/split-data.mjs;
// SPLIT_NO_DATA=1 leaves it where it is, to tell whether a fault comes from it).
const mapFile = process.env.PAGE_LINK_MAP;
if (!mapFile) throw new Error("split-wasm: no PAGE_LINK_MAP (build with scripts/env.sh's page_trunk)");
const data = process.env.SPLIT_NO_DATA ? { movedBytes: 0, movedObjects: 0, objects: 0 } : moveLazyData({ firstFile: join(dir, wasmFile), lazyFile: join(dir, lazyFile), mapFile,
  originalSegments: dataSegments(original), wasmOpt, features });
console.error(`split-wasm: ${data.movedBytes} bytes of read-only data in ${lazyFile} ` +
  `(${data.movedObjects} of ${data.objects} objects)`);
for (const f of [list, first, second]) rmSync(f);
// Placeholder slot → function name (target/lazy-placeholders.txt), for the
// console's "loaded for placeholder N".
renameSync(`${first}.placeholders`, join(here, "..", "target", "lazy-placeholders.txt"));

// --- the JS glue: placeholders that load the lazy part --------------------
// Trunk has minified the glue by now, so nothing is edited inside it: this
// prelude wraps WebAssembly.instantiate(Streaming), which the glue calls once
// for the page's module, to hand it the placeholders and keep its exports.
const glue = readFileSync(join(dir, jsFile), "utf8");
const prelude = `// The lazy part of the page (scripts/split-wasm.mjs): fetched the first
// time one of its functions runs, synchronously, since that call waits for
// it. If it cannot be fetched, the call cannot go on: the page's
// lazy_part_unavailable ends it as a panic does (the command cancelled, the
// session kept, the page reloaded), after noting why for the next load.
{
    const name = ${JSON.stringify(lazyFile)};
    const url = new URL(name, import.meta.url);
    let primary, lazy;
    const load = () => {
        if (lazy !== undefined) return;
        let failure;
        try {
            const request = new XMLHttpRequest();
            request.open("GET", url, false);
            // Bytes through a synchronous request: one char per byte.
            request.overrideMimeType("text/plain; charset=x-user-defined");
            request.send();
            if (request.status === 200 || request.status === 0) {
                const text = request.responseText;
                const bytes = new Uint8Array(text.length);
                for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
                lazy = new WebAssembly.Instance(new WebAssembly.Module(bytes), { primary });
                globalThis.atelierLazyPartLoaded = true;
            } else {
                failure = "erreur HTTP " + request.status;
            }
        } catch (error) {
            failure = error instanceof DOMException && error.name === "NetworkError" ? "erreur réseau" : String(error);
        }
        if (failure !== undefined) {
            // Read by the next load (src/ui/storage.rs, CAUSE).
            try {
                sessionStorage.setItem("atelier-kubernetes/plantage-cause", "«\\u00a0" + name + "\\u00a0»\\u00a0: " + failure);
            } catch (_) {}
            primary.lazy_part_unavailable();
        }
    };
    const placeholder = new Proxy({}, {
        get: (_, slot) => (...args) => {
            // Which function wanted it (scripts/split-wasm.mjs --placeholdermap tells its name).
            if (lazy === undefined) console.info("lazy part: loaded for placeholder " + slot);
            load();
            return primary[${JSON.stringify(tableExport)}].get(Number(slot))(...args);
        },
    });
    const withPlaceholders = (imports) => ({ ...imports, placeholder });
    const keep = (result) => {
        primary ??= (result.instance ?? result).exports;
        return result;
    };
    const instantiate = WebAssembly.instantiate, streaming = WebAssembly.instantiateStreaming;
    WebAssembly.instantiate = (source, imports) => instantiate(source, withPlaceholders(imports)).then(keep);
    if (streaming) {
        WebAssembly.instantiateStreaming = (source, imports) => streaming(source, withPlaceholders(imports)).then(keep);
    }
}
`;
writeFileSync(join(dir, jsFile), prelude + glue);
console.error(`split-wasm: ${lazy.length} functions in ${lazyFile}`);
