#!/usr/bin/python3
"""Layering check: a folder of src/ may include headers only from itself and the folders
the table below allows it. Exit 1 and one line per violation, or 0 and a summary line.

Usage: check_layers.py [--root DIR]   (DIR defaults to the repository's src/)
"""
import argparse
import re
import sys
from pathlib import Path

# Who may include whom. Mirrors the layer order of /work/shared/DESIGN.md ("Principles" and
# "Layout"): api -> services -> mappers/queue/cache/tasks -> db/redis/http -> core, with domain
# and schema just above core. A folder may always include itself. "main" is the files directly
# in src/ (main.cpp, boost_impl.cpp). A folder missing from this table may neither include nor
# be included, so a new folder has to be placed here first.
LAYERS = {
    "core":     [],
    "schema":   ["core"],
    "domain":   ["core"],
    "db":       ["core"],
    "redis":    ["core"],
    "s3":       ["core"],
    "security": ["core"],
    "mail":     ["core"],
    "media":    ["core", "s3"],
    "http":     ["core", "schema"],
    "openapi":  ["core", "schema", "http"],
    "webapp":   ["core", "http"],
    "cache":    ["core", "redis", "schema"],
    "queue":    ["core", "redis", "schema"],
    "mappers":  ["core", "db", "domain"],
    "tasks":    ["core", "schema", "domain", "db", "redis", "queue", "mappers", "mail", "media"],
    "services": ["core", "schema", "domain", "db", "redis", "cache", "queue", "mappers", "tasks",
                 "security", "mail", "media", "s3"],
    "api":      ["core", "schema", "domain", "db", "redis", "queue", "services", "http", "openapi",
                 "media", "security"],
    "app":      ["core", "schema", "domain", "db", "redis", "s3", "security", "mail", "media",
                 "http", "openapi", "webapp", "cache", "queue", "mappers", "tasks", "services",
                 "api"],
    "main":     ["core", "app"],
}

SOURCE_SUFFIXES = {".hpp", ".cpp", ".h"}
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "src"


def check(root):
    """Return (files, includes, violations) for the tree under root."""
    # Only quoted includes whose first component is a folder of src/ are layer edges;
    # "gtest/..." or "migrations/x.hpp" relative to the file are not.
    src_folders = {p.name for p in root.iterdir() if p.is_dir()}
    files = sorted(p for p in root.rglob("*") if p.suffix in SOURCE_SUFFIXES and p.is_file())
    includes, violations = 0, []
    for path in files:
        rel = path.relative_to(root)
        # src/db/migrations/x.cpp belongs to db; src/main.cpp to the pseudo-folder main.
        folder = rel.parts[0] if len(rel.parts) > 1 else "main"
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            match = INCLUDE.match(line)
            if not match or "/" not in match.group(1):
                continue
            target = match.group(1).split("/")[0]
            if target not in src_folders:
                continue
            includes += 1
            if folder not in LAYERS:
                reason = f"{folder} is not in the layer table"
            elif target not in LAYERS:
                reason = f"{target} is not in the layer table"
            elif target == folder or target in LAYERS[folder]:
                continue
            else:
                reason = f"{folder} may use: {', '.join(LAYERS[folder]) or 'nothing'}"
            violations.append(f"{root.name}/{rel.as_posix()}:{number}: {folder} may not include "
                              f"{match.group(1)} ({reason})")
    return len(files), includes, violations


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="source root (src/)")
    args = parser.parse_args(argv)
    if not args.root.is_dir():
        parser.error(f"{args.root} is not a directory")
    files, includes, violations = check(args.root.resolve())
    for line in violations:
        print(line)
    if violations:
        print(f"layers: {files} files, {includes} includes, {len(violations)} violations")
        return 1
    print(f"layers: {files} files, {includes} includes, no violations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
