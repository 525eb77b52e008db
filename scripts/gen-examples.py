#!/usr/bin/env python3
"""Builds src/kubectl/examples-1.32.txt, the book of the kubernetes.io examples
that `kubectl apply -f https://k8s.io/examples/PATH` reads offline.

    scripts/gen-examples.py build DIR > src/kubectl/examples-1.32.txt
    scripts/gen-examples.py split src/kubectl/examples-1.32.txt DIR

DIR holds kubernetes/website's `content/en/examples` files at their paths
(`DIR/controllers/nginx-deployment.yaml`), and kubernetes/examples's files
under `DIR/github.com/kubernetes/examples/`. It was obtained as follows (no
network on the build machine): the files were read one by one from a stored
index of kubernetes/website (its copies of `content/en/examples`, several
versions each, some flow-style YAML as the index keeps them), choosing the
versions the 1.32 docs (December 2024) show; where the index held only an
older or a relabelled copy (a CronJob in batch/v1beta1, `app:` labels turned
into `app.kubernetes.io/name:` in files whose tutorial selects `-l app=…`),
the file was written as the 1.32 page shows it. `split` turns the committed
book back into such a directory, so an update is: split, edit or add files,
build, and review the diff.
"""
import os
import sys

HEADER = """\
# kubectl 1.32 examples: the manifests kubernetes.io's tutorials and tasks apply by URL (https://k8s.io/examples/PATH), for `kubectl apply -f URL` offline.
# Source: kubernetes/website, content/en/examples, as of the Kubernetes 1.32 docs (December 2024; built by scripts/gen-examples.py, whose header says how).
# Licence: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/): © The Kubernetes Authors, kubernetes/website, CC BY 4.0.
# The sections named github.com/kubernetes/examples/PATH are kubernetes/examples's PATH (© The Kubernetes Authors, Apache License 2.0), the files raw.githubusercontent.com/kubernetes/examples/master/PATH serves.
# One section per file: `=== PATH` (relative to content/en/examples), then the file as it is (a file without a final newline gets one here).
"""

MANIFEST = (".yaml", ".yml", ".json")


def build(root):
    paths = []
    for dirpath, _, files in os.walk(root):
        for name in files:
            if name.endswith(MANIFEST):
                paths.append(os.path.relpath(os.path.join(dirpath, name), root))
    out = [HEADER]
    for rel in sorted(p.replace(os.sep, "/") for p in paths):
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            text = f.read()
        if any(line.startswith("=== ") for line in text.splitlines()):
            sys.exit(f"{rel}: a line starts with '=== ', which opens a section")
        if not text.endswith("\n"):
            text += "\n"
        out.append(f"=== {rel}\n{text}")
    sys.stdout.write("".join(out))


def split(book, root):
    name, lines = None, []

    def flush():
        if name is not None:
            path = os.path.join(root, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write("".join(lines))

    with open(book, encoding="utf-8") as f:
        for line in f:
            if line.startswith("=== "):
                flush()
                name, lines = line[4:].strip(), []
            elif name is not None:
                lines.append(line)
    flush()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "build":
        build(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "split":
        split(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
