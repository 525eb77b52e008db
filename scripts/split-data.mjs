// The lazy part's read-only data (scripts/split-wasm.mjs calls it after the
// cut): wasm-split moves functions, not the data they read, so every string
// of a lazy function (a describe layout, an error message, a lesson-free
// command's help) would stay in the page's first load. This moves the
// read-only objects that no first-part function can reach into the lazy
// part, as active data segments written at their own addresses when the lazy
// part is instantiated, which is before any of its functions runs.
//
// Which objects, exactly: the linker's map (`--Map`, scripts/env.sh's
// page_trunk) gives each read-only object's address and size. An object stays
// in the first part when the first part's final code names an address in it
// or one past its end (a loop's end pointer may be the only address of its
// table the code names), counting an `i32.const`, a load's or store's
// `offset=`, and either half of an `i64.const` (LLVM stores a `&str` as one
// i64); when the code names an address below it, within 256 bytes, that is
// not an object's start (`TABLE[c - b'a']` compiles to `TABLE - 97`); or when
// a kept object holds a pointer into it (read as every aligned word, which
// only keeps more). Of the rest, what the lazy part's code reaches, read the
// same way, moves; what no code names stays. Mutable statics (.data, .bss)
// never move. The lazy part writes exactly the moved ranges: a zero written
// between two of them would land on a kept object.
//
// The guard is tests/e2e/tests/lazy.rs: it plays the core lessons, checks
// that they never fetch the lazy part and that the page never shows a NUL
// (moved text reads as zeros until the lazy part is there); the other
// end-to-end tests cover the console, the editor and the saved session.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

// How far above an address that is not an object's start an object may be
// read from (a lookup table indexed by a byte biased by its first value).
const BIAS = 256;
// A run of zeros at least this long splits a segment (a segment costs about
// six bytes; Binaryen's memory packing cuts at about the same length).
const ZERO_RUN = 24;

function leb(bytes, i) {
  let result = 0, shift = 0, byte;
  do {
    byte = bytes[i++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [result, i];
}
function sleb32(bytes, i) {
  let result = 0n, shift = 0n, byte;
  do {
    byte = bytes[i++];
    result |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
  } while (byte & 0x80);
  if (byte & 0x40) result -= 1n << shift;
  return [Number(BigInt.asUintN(32, result)), i];
}
const uleb = (n) => {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
};
const sleb = (n) => {
  let v = BigInt(n);
  const out = [];
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && !(byte & 0x40)) || (v === -1n && byte & 0x40)) { out.push(byte); return out; }
    out.push(byte | 0x80);
  }
};

/** The module's sections: id, where the section starts (its id byte), where its content starts and ends. */
function sections(bytes) {
  const list = [];
  let i = 8;
  while (i < bytes.length) {
    const start = i;
    const id = bytes[i];
    const [size, content] = leb(bytes, i + 1);
    list.push({ id, start, content, end: content + size });
    i = content + size;
  }
  return list;
}

/** The active data segments of memory 0, as { offset, data }; throws on any other kind. */
function dataSegments(bytes) {
  const section = sections(bytes).find((s) => s.id === 11);
  if (!section) return [];
  let [count, i] = leb(bytes, section.content);
  const segments = [];
  for (let n = 0; n < count; n++) {
    let flags;
    [flags, i] = leb(bytes, i);
    if (flags !== 0) throw new Error(`split-data: a data segment of kind ${flags} (only active segments of memory 0 are read)`);
    if (bytes[i] !== 0x41) throw new Error("split-data: a data segment whose offset is not an i32.const");
    let offset;
    [offset, i] = sleb32(bytes, i + 1);
    if (bytes[i++] !== 0x0b) throw new Error("split-data: a data segment whose offset is not a lone i32.const");
    let size;
    [size, i] = leb(bytes, i);
    segments.push({ offset, data: bytes.subarray(i, i + size) });
    i += size;
  }
  return segments;
}

function dataSection(segments) {
  const body = [...uleb(segments.length)];
  const parts = [];
  for (const { offset, data } of segments) {
    parts.push(Uint8Array.from([0, 0x41, ...sleb(offset), 0x0b, ...uleb(data.length)]), data);
  }
  const content = Buffer.concat([Uint8Array.from(body), ...parts]);
  return Buffer.concat([Uint8Array.from([11, ...uleb(content.length)]), content]);
}

/** The module with its data section (and data count) replaced by `segments`. */
function withData(bytes, segments) {
  const list = sections(bytes);
  const out = [];
  let at = 0;
  let placed = false;
  const newData = dataSection(segments);
  for (const s of list) {
    if (s.id === 11 || s.id === 12) {
      out.push(bytes.subarray(at, s.start));
      if (s.id === 12) out.push(Buffer.concat([Uint8Array.from([12]), Uint8Array.from(uleb(uleb(segments.length).length)), Uint8Array.from(uleb(segments.length))]));
      if (s.id === 11) { out.push(newData); placed = true; }
      at = s.end;
    } else if (!placed && s.id === 0 && list.some((t) => t.id === 10) && s.start > list.find((t) => t.id === 10).start) {
      // No data section yet: it goes right after the code section, before custom sections.
      out.push(bytes.subarray(at, s.start), newData);
      placed = true;
      at = s.start;
    }
  }
  out.push(bytes.subarray(at));
  if (!placed) out.push(newData);
  return Buffer.concat(out);
}

/** The linker map's read-only objects: { rodata: [start, end), objects: [[start, end)...] sorted },
 * and the extent of every data output section, to check that the map is this build's. */
function readMap(text) {
  // lld's wasm map: `Addr Off Size Out In Symbol`, addresses and sizes in hex;
  // an output section's line has its name in the 4th column, an input
  // section's is indented one more level, a symbol's one more again.
  const outputs = new Map();
  const objects = [];
  let current;
  for (const line of text.split("\n")) {
    const m = /^\s*([0-9a-f]+|-)\s+([0-9a-f]+)\s+([0-9a-f]+) (\s*)(\S.*)$/.exec(line);
    if (!m || m[1] === "-") continue;
    const addr = parseInt(m[1], 16), size = parseInt(m[3], 16);
    const depth = m[4].length;
    if (depth === 0) {
      current = m[5].trim();
      outputs.set(current, [addr, addr + size]);
    } else if (current === ".rodata" && depth <= 8 && m[5].includes(":(")) {
      if (size > 0) objects.push([addr, addr + size]);
    }
  }
  objects.sort((a, b) => a[0] - b[0]);
  return { outputs, rodata: outputs.get(".rodata"), objects };
}

/** Every number the module's code and globals hold that may be an address. */
function codeNumbers(wasmOpt, features, file) {
  const text = execFileSync(wasmOpt, [...features, file, "--print"], { maxBuffer: 2 ** 31 - 1, stdio: ["ignore", "pipe", "inherit"] }).toString();
  const numbers = [];
  for (const line of text.split("\n")) {
    if (line.trimStart().startsWith("(data ")) continue;
    if (/memory\.init|data\.drop/.test(line)) throw new Error("split-data: the first part uses memory.init or data.drop");
    for (const m of line.matchAll(/i32\.const (-?\d+)|offset=(\d+)|i64\.const (-?\d+)/g)) {
      if (m[1] !== undefined) numbers.push(Number(BigInt.asUintN(32, BigInt(m[1]))));
      else if (m[2] !== undefined) numbers.push(Number(m[2]));
      else {
        const v = BigInt.asUintN(64, BigInt(m[3]));
        numbers.push(Number(v & 0xffffffffn), Number(v >> 32n));
      }
    }
  }
  return numbers;
}

/**
 * Moves the read-only data only the lazy part reaches from `firstFile` into
 * `lazyFile` (both final, optimized). Returns the bytes moved.
 */
export function moveLazyData({ firstFile, lazyFile, mapFile, originalSegments, wasmOpt, features }) {
  const map = readMap(readFileSync(mapFile, "utf8"));
  if (!map.rodata || map.objects.length === 0) throw new Error(`split-data: ${mapFile} has no .rodata objects`);
  // The map must be this build's: its data sections where the wasm's data is.
  const first = readFileSync(firstFile);
  const segments = dataSegments(first);
  const lo = Math.min(...originalSegments.map((s) => s.offset));
  const hi = Math.max(...originalSegments.map((s) => s.offset + s.data.length));
  const withContent = [...map.outputs].filter(([name, [a, b]]) => b > a && name !== ".bss" && a >= lo - 16);
  const mapLo = Math.min(...withContent.map(([, [a]]) => a));
  const mapHi = Math.max(...withContent.map(([, [, b]]) => b));
  if (mapLo !== lo || mapHi < hi || mapHi - hi > 16) {
    throw new Error(`split-data: ${mapFile} is not this build's map (data ${lo}..${hi}, map ${mapLo}..${mapHi})`);
  }

  // The memory image the first part starts with.
  const image = new Uint8Array(hi - lo);
  for (const { offset, data } of segments) image.set(data, offset - lo);
  const objects = map.objects;
  const [roStart, roEnd] = map.rodata;
  // The objects an address falls in (or just after: a one-past-the-end pointer).
  const starts = objects.map(([a]) => a);
  const at = (address) => {
    let l = 0, h = objects.length;
    while (l < h) { const mid = (l + h) >> 1; if (starts[mid] <= address) l = mid + 1; else h = mid; }
    return l - 1; // the last object starting at or below the address
  };
  const kept = new Uint8Array(objects.length);
  const work = [];
  const keep = (k) => { if (k >= 0 && k < objects.length && !kept[k]) { kept[k] = 1; work.push(k); } };
  const reference = (address) => {
    if (address < roStart || address > roEnd + BIAS) return;
    const k = at(address);
    if (k >= 0 && address <= objects[k][1]) keep(k); // in it, or one past its end
    // One past the end of the object before (a loop's end pointer, counting
    // from there: the loop may name no other address of its table).
    if (k >= 1 && objects[k - 1][1] === address) keep(k - 1);
    if (k < 0 || objects[k][0] !== address) {
      // Not an object's start: maybe a table's address less an index bias.
      for (let j = k + 1; j < objects.length && objects[j][0] <= address + BIAS; j++) keep(j);
    }
  };
  for (const n of codeNumbers(wasmOpt, features, firstFile)) reference(n);
  // Pointers in what the first part keeps: mutable statics, and kept objects.
  const scanWords = (from, to) => {
    for (let a = Math.ceil(from / 4) * 4; a + 4 <= to; a += 4) {
      const i = a - lo;
      if (i < 0 || i + 4 > image.length) continue;
      reference(image[i] | (image[i + 1] << 8) | (image[i + 2] << 16) | (image[i + 3] * 2 ** 24));
    }
  };
  scanWords(lo, roStart);
  scanWords(roEnd, hi);
  // Read-only bytes outside every listed object (padding, or what the map
  // does not name) stay, and what they point at too.
  let previous = roStart;
  for (const [a, b] of objects) { if (a > previous) scanWords(previous, a); previous = Math.max(previous, b); }
  scanWords(previous, roEnd);
  while (work.length) { const k = work.pop(); scanWords(objects[k][0], objects[k][1]); }

  // What the lazy part's code reaches (the same reading, from its own code):
  // only that moves; what no code names stays where it is.
  const wanted = new Uint8Array(objects.length);
  const want = [];
  const reach = (address) => {
    if (address < roStart || address > roEnd) return;
    const k = at(address);
    for (const j of [k, k - 1]) {
      if (j >= 0 && address >= objects[j][0] && address <= objects[j][1] && !wanted[j]) { wanted[j] = 1; want.push(j); }
    }
  };
  for (const n of codeNumbers(wasmOpt, features, lazyFile)) reach(n);
  while (want.length) {
    const k = want.pop();
    for (let a = Math.ceil(objects[k][0] / 4) * 4; a + 4 <= objects[k][1]; a += 4) {
      const i = a - lo;
      reach(image[i] | (image[i + 1] << 8) | (image[i + 2] << 16) | (image[i + 3] * 2 ** 24));
    }
  }

  // The moved ranges (adjacent moved objects joined), and what stays.
  const moved = [];
  for (let k = 0; k < objects.length; k++) {
    if (kept[k] || !wanted[k]) continue;
    const [a, b] = objects[k];
    const last = moved[moved.length - 1];
    // Joined with the moved object just before it, with the padding between.
    if (k > 0 && !kept[k - 1] && last && last[1] === objects[k - 1][1]) last[1] = b;
    else moved.push([a, b]);
  }
  // SPLIT_DATA_LIST=FILE: every moved object, its address and its text, to look through.
  if (process.env.SPLIT_DATA_LIST) {
    const text = objects.filter((_, k) => !kept[k] && wanted[k]).map(([a, b]) =>
      `${a.toString(16)} ${b - a} ${JSON.stringify(Buffer.from(image.subarray(a - lo, b - lo)).toString("latin1"))}`);
    writeFileSync(process.env.SPLIT_DATA_LIST, text.join("\n") + "\n");
  }
  const lazyImage = new Uint8Array(image.length);
  let movedBytes = 0;
  for (const [a, b] of moved) {
    lazyImage.set(image.subarray(a - lo, b - lo), a - lo);
    image.fill(0, a - lo, b - lo);
    movedBytes += b - a;
  }
  const pack = (img) => {
    const out = [];
    let i = 0;
    while (i < img.length) {
      while (i < img.length && img[i] === 0) i++;
      if (i >= img.length) break;
      let end = i, zeros = 0;
      for (let j = i; j < img.length; j++) {
        if (img[j] === 0) { zeros++; if (zeros >= ZERO_RUN) break; } else { zeros = 0; end = j + 1; }
      }
      out.push({ offset: lo + i, data: img.subarray(i, end) });
      i = end;
    }
    return out;
  };
  writeFileSync(firstFile, withData(first, pack(image)));
  const lazy = readFileSync(lazyFile);
  if (dataSegments(lazy).length) throw new Error("split-data: the lazy part has data segments of its own");
  // Exactly the moved ranges: a zero written between two of them would land
  // on an object the first part keeps (and may have read or written meanwhile).
  const lazySegments = moved.map(([a, b]) => ({ offset: a, data: lazyImage.subarray(a - lo, b - lo) }));
  writeFileSync(lazyFile, withData(lazy, lazySegments));
  return { movedBytes, objects: objects.length, movedObjects: objects.filter((_, k) => !kept[k] && wanted[k]).length };
}

export { dataSegments };
