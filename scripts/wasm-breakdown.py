#!/usr/bin/env python3
"""Where the page's wasm goes: code size by crate or module path, and the
largest functions, read from the wasm's name section.

Usage: scripts/wasm-breakdown.py FILE.wasm [DEPTH] [TOP]
  DEPTH: how many path segments group the functions (1 = crate; default 2)
  TOP:   how many groups and functions to print (default 30)
The file must keep its names: `scripts/size-breakdown.sh` builds one.
"""
import collections
import os
import re

# How much of each name is shown (WIDTH=3000 for whole generic names).
WIDTH = int(os.environ.get("WIDTH", "140"))
import sys


def leb(data, i):
    result = shift = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, i


def demangle(name):
    """Rust's legacy mangling (_ZN…E) to a path; v0 names are left as they are."""
    if not name.startswith("_ZN"):
        return name
    i, parts = 3, []
    while i < len(name) and name[i].isdigit():
        j = i
        while name[j].isdigit():
            j += 1
        length = int(name[i:j])
        parts.append(name[j:j + length])
        i = j + length
    parts = [p for p in parts if not re.fullmatch(r"h[0-9a-f]{16}", p)]
    path = "::".join(parts)
    for code, char in [("$LT$", "<"), ("$GT$", ">"), ("$u20$", " "), ("$C$", ","), ("$RF$", "&"),
                       ("$BP$", "*"), ("..", "::"), ("$u7b$", "{"), ("$u7d$", "}"), ("$u27$", "'"),
                       ("$u5b$", "["), ("$u5d$", "]"), ("$u3b$", ";")]:
        path = path.replace(code, char)
    return path


def functions(data):
    """(size, name) of every function body."""
    i, imported, sizes, names = 8, 0, [], {}
    while i < len(data):
        section = data[i]
        size, i = leb(data, i + 1)
        end = i + size
        if section == 2:  # imports: function indices start after them
            count, j = leb(data, i)
            for _ in range(count):
                for _ in range(2):
                    length, j = leb(data, j)
                    j += length
                kind = data[j]
                j += 1
                if kind == 0:
                    _, j = leb(data, j)
                    imported += 1
                elif kind == 1:
                    j += 1
                    flags, j = leb(data, j)
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 2:
                    flags, j = leb(data, j)
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 3:
                    j += 2
        elif section == 10:  # code
            count, j = leb(data, i)
            for _ in range(count):
                length, j = leb(data, j)
                sizes.append(length)
                j += length
        elif section == 0:  # custom: the name section
            length, j = leb(data, i)
            if data[j:j + length] == b"name":
                j += length
                while j < end:
                    sub = data[j]
                    sub_size, j = leb(data, j + 1)
                    sub_end = j + sub_size
                    if sub == 1:
                        count, k = leb(data, j)
                        for _ in range(count):
                            index, k = leb(data, k)
                            length, k = leb(data, k)
                            names[index] = demangle(data[k:k + length].decode("utf-8", "replace"))
                            k += length
                    j = sub_end
        i = end
    return [(size, names.get(index + imported, "?")) for index, size in enumerate(sizes)]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    depth = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    funcs = functions(open(sys.argv[1], "rb").read())
    if all(name == "?" for _, name in funcs):
        sys.exit("no name section: build with scripts/size-breakdown.sh")
    groups = collections.Counter()
    for size, name in funcs:
        path = re.sub(r"\[[0-9a-f]+\]", "", name.lstrip("_<"))
        groups["::".join(path.split("::")[:depth])] += size
    print(f"code: {sum(s for s, _ in funcs)} bytes in {len(funcs)} functions\n")
    for group, size in groups.most_common(top):
        print(f"{size:>9}  {group[:WIDTH]}")
    print()
    for size, name in sorted(funcs, reverse=True)[:top]:
        print(f"{size:>9}  {re.sub(r'::h[0-9a-f]{16}$', '', name)[:WIDTH]}")


main()
