#!/usr/bin/env python3
"""Runs every command of the README's ```console blocks and checks what they print.

Usage: Scripts/run-readme-examples.py RDOPT_BINARY

Each block runs in a fresh scratch folder holding a copy of examples/. A line starting with
"$ " is a command (a trailing "# comment" is dropped; `rdopt` is the binary given); the lines
after it, up to the next command, are what it printed. Every such line must appear among the
lines the command printed, except lines holding "…" (elided in the README) and lines of
wall-clock time ("work", or ending in " s"). A command must exit 0, except `verify`, whose exit
status is its verdict and must also be 0 here.
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def console_blocks(text):
    return re.findall(r"```console\n(.*?)```", text, re.S)


def commands(block):
    """(command, expected lines) pairs of one block."""
    result = []
    for line in block.splitlines():
        if line.startswith("$ "):
            command = re.sub(r"\s+#[^'\"]*$", "", line[2:]).strip()
            result.append((command, []))
        elif result:
            result[-1][1].append(line.rstrip())
    return result


def is_checked(line):
    return line.strip() and "…" not in line and not line.startswith("work") and not re.search(r"\d s\)?$", line)


def main():
    binary = os.path.abspath(sys.argv[1])
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        blocks = console_blocks(handle.read())
    failures = 0
    ran = 0
    for block in blocks:
        scratch = tempfile.mkdtemp(prefix="rdopt-readme-")
        shutil.copytree(os.path.join(ROOT, "examples"), os.path.join(scratch, "examples"))
        try:
            for command, expected in commands(block):
                argv = shlex.split(command)
                if argv[0] == "rdopt":
                    argv[0] = binary
                run = subprocess.run(argv, cwd=scratch, capture_output=True, text=True)
                ran += 1
                printed = [line.rstrip() for line in run.stdout.splitlines()]
                missing = [line for line in expected if is_checked(line) and line not in printed]
                if run.returncode != 0 or missing:
                    failures += 1
                    print(f"FAIL  $ {command}  (exit {run.returncode})")
                    for line in missing:
                        print(f"      missing: {line}")
                    if run.stderr:
                        print("      stderr: " + run.stderr.strip().replace("\n", "\n              "))
                else:
                    print(f"ok    $ {command}")
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    print(f"{ran} README commands, {failures} failed")
    return 1 if failures or ran == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
