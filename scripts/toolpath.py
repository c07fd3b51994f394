#!/usr/bin/env python3
"""Fill DIR with links to the commands a fresh Debian machine would have once
the given packages are installed: the packages, everything they depend on
(Depends, Pre-Depends; no Recommends, as .ci/run installs without them), and
the base every Debian system has (Essential and Priority: required packages,
and apt: what debootstrap's minbase installs). make check then runs with
PATH=DIR, so a command that the package list does not account for fails.

Usage: toolpath.py DIR PACKAGE...
"""
import os
import re
import sys

STATUS = "/var/lib/dpkg/status"
INFO = "/var/lib/dpkg/info"
BIN_DIRS = ["/usr/bin", "/usr/sbin", "/bin", "/sbin"]


def installed_packages():
    pkgs, cur = {}, {}
    with open(STATUS, encoding="utf-8", errors="replace") as f:
        for line in f.read().split("\n") + [""]:
            if not line:
                if cur.get("Status", "").endswith(" installed"):
                    pkgs[cur["Package"]] = cur
                cur, key = {}, None
            elif line[0] in " \t":
                continue
            elif ":" in line:
                key, _, value = line.partition(":")
                cur[key] = value.strip()
    return pkgs


def alternatives(field):
    """'a (>= 1) | b, c:any' -> [['a', 'b'], ['c']]"""
    groups = []
    for group in filter(None, (g.strip() for g in field.split(","))):
        groups.append([re.split(r"[\s:(]", alt.strip())[0] for alt in group.split("|")])
    return groups


def closure(pkgs, roots):
    providers = {}
    for name, p in pkgs.items():
        for group in alternatives(p.get("Provides", "")):
            providers.setdefault(group[0], []).append(name)
    seen, todo, missing = set(), list(roots), []
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in pkgs:
            missing.append(name)
            continue
        seen.add(name)
        p = pkgs[name]
        for field in ("Depends", "Pre-Depends"):
            for group in alternatives(p.get(field, "")):
                choice = [a for a in group if a in pkgs] or \
                         [q for a in group for q in providers.get(a, [])]
                if choice:
                    todo.append(choice[0])
    return seen, missing


def package_files(name, arch):
    for list_name in (f"{name}.list", f"{name}:{arch}.list"):
        path = os.path.join(INFO, list_name)
        if os.path.exists(path):
            with open(path, encoding="utf-8", errors="replace") as f:
                return [l.rstrip("\n") for l in f]
    return []


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out, wanted = sys.argv[1], sys.argv[2:]
    pkgs = installed_packages()
    base = [n for n, p in pkgs.items()
            if p.get("Essential") == "yes" or p.get("Priority") == "required"]
    allowed, missing = closure(pkgs, base + ["apt"] + wanted)
    if any(w in missing for w in wanted):
        sys.exit("toolpath: not installed: " + " ".join(w for w in wanted if w in missing))
    files = set()
    for name in allowed:
        arch = pkgs[name].get("Architecture", "all")
        for path in package_files(name, arch):
            if os.path.dirname(path) in BIN_DIRS:
                files.add(os.path.realpath(path))
    os.makedirs(out, exist_ok=True)
    for old in os.listdir(out):
        os.unlink(os.path.join(out, old))
    count = 0
    for d in BIN_DIRS:
        if not os.path.isdir(d):
            continue
        for entry in sorted(os.listdir(d)):
            path = os.path.join(d, entry)
            link = os.path.join(out, entry)
            if os.path.lexists(link) or not os.access(path, os.X_OK):
                continue
            if os.path.realpath(path) in files:
                os.symlink(path, link)
                count += 1
    print(f"{out}: {count} commands from {len(allowed)} packages", file=sys.stderr)


if __name__ == "__main__":
    main()
