#!/usr/bin/env python3
"""Checks the Flatpak manifest the way flatpak-builder reads it.

flatpak-builder --show-manifest parses the manifest (offline) and prints it
back as JSON; this script then checks that
 - it builds our application id on a stable GNOME runtime (not "master"),
 - finish-args are the minimal set (network, IPC, Wayland with the X11
   fallback, GPU) and give no filesystem access,
 - the libraries the GNOME runtime lacks are built as modules, from
   https archives with a sha256, in versions that meson.build accepts,
 - the last module is the app, built by meson from the local tree, and every
   -Dname=value in its config-opts names an option of meson_options.txt with
   a value of that option's type (meson introspect reads the options).

Usage: check-flatpak-manifest.py SOURCE_DIR"""
import json
import os
import re
import subprocess
import sys

APP_ID = "io.github.bouncedoctor.BounceDoctor"
FINISH_ARGS = {"--share=network", "--share=ipc", "--socket=wayland",
               "--socket=fallback-x11", "--device=dri"}
# module name -> (meson dependency name, archive name pattern)
EXTRA_MODULES = {
    "gmime": ("gmime-3.0", r"gmime-(\d+(?:\.\d+)+)\.tar"),
    "libunbound": ("libunbound", r"unbound-(\d+(?:\.\d+)+)\.tar"),
}

errors = []


def fail(msg):
    errors.append(msg)
    print("FAIL: " + msg)


def version_tuple(v):
    return tuple(int(x) for x in v.split("."))


def main():
    srcdir = sys.argv[1]
    path = os.path.join(srcdir, "flatpak", APP_ID + ".json")
    out = subprocess.run(["flatpak-builder", "--show-manifest", path],
                         capture_output=True, text=True)
    if out.returncode != 0:
        fail("flatpak-builder --show-manifest failed: " + out.stderr.strip())
        return
    manifest = json.loads(out.stdout)
    print("flatpak-builder parsed the manifest: %d modules" % len(manifest.get("modules", [])))

    if manifest.get("id", manifest.get("app-id")) != APP_ID:
        fail("id is %r" % manifest.get("id"))
    if manifest.get("command") != "bounce-doctor":
        fail("command is %r" % manifest.get("command"))
    if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
        fail("not the GNOME runtime: %r / %r" % (manifest.get("runtime"), manifest.get("sdk")))
    if not re.fullmatch(r"\d+", str(manifest.get("runtime-version", ""))):
        fail("runtime-version %r is not a stable GNOME release" % manifest.get("runtime-version"))

    args = set(manifest.get("finish-args", []))
    if args != FINISH_ARGS:
        fail("finish-args differ from the minimal set: extra %s, missing %s"
             % (sorted(args - FINISH_ARGS), sorted(FINISH_ARGS - args)))
    if any(a.startswith(("--filesystem", "--talk-name", "--system-talk-name", "--device=all"))
           for a in args):
        fail("finish-args give access beyond the portals")

    meson_build = open(os.path.join(srcdir, "meson.build"), encoding="utf-8").read()
    modules = {m["name"]: m for m in manifest.get("modules", []) if isinstance(m, dict)}
    for name, (dep, pattern) in EXTRA_MODULES.items():
        mod = modules.get(name)
        if mod is None:
            fail("module %s (for %s) is missing" % (name, dep))
            continue
        req = re.search(r"dependency\('%s',\s*version:\s*'>=\s*([\d.]+)'" % re.escape(dep), meson_build)
        if req is None:
            fail("meson.build does not ask for %s: the module %s is not needed" % (dep, name))
            continue
        for src in mod.get("sources", []):
            url = src.get("url", "")
            if src.get("type") != "archive" or not url.startswith("https://"):
                fail("%s: source is not an https archive: %r" % (name, url))
            if not re.fullmatch(r"[0-9a-f]{64}", src.get("sha256", "")):
                fail("%s: no sha256 for %s" % (name, url))
            m = re.search(pattern, url)
            if m is None:
                fail("%s: cannot read the version from %s" % (name, url))
            elif version_tuple(m.group(1)) < version_tuple(req.group(1)):
                fail("%s %s is older than meson.build's >= %s" % (name, m.group(1), req.group(1)))
            else:
                print("%s %s satisfies %s >= %s" % (name, m.group(1), dep, req.group(1)))

    app = manifest["modules"][-1]
    if app.get("name") != "bounce-doctor" or app.get("buildsystem") != "meson":
        fail("the last module is not the meson-built app: %r" % app.get("name"))
    if [s.get("type") for s in app.get("sources", [])] != ["dir"]:
        fail("the app is not built from the local tree (one 'dir' source)")

    intro = subprocess.run(["meson", "introspect", "--buildoptions",
                            os.path.join(srcdir, "meson.build")],
                           capture_output=True, text=True, cwd=srcdir)
    if intro.returncode != 0:
        fail("meson introspect failed: " + intro.stderr.strip())
        return
    options = {o["name"]: o for o in json.loads(intro.stdout) if o["section"] == "user"}
    if not options:
        fail("meson introspect found no options in meson_options.txt")
    for opt in app.get("config-opts", []):
        m = re.fullmatch(r"-D([A-Za-z0-9_]+)=(.*)", opt)
        if m is None:
            continue
        name, value = m.groups()
        o = options.get(name)
        if o is None:
            if "_" in name or name in ("buildtype", "prefix", "libdir"):
                continue  # meson's own options
            fail("config-opts sets -D%s, which meson_options.txt does not have" % name)
            continue
        ok = {
            "boolean": lambda v: v in ("true", "false"),
            "integer": lambda v: re.fullmatch(r"-?\d+", v) is not None,
            "combo": lambda v: v in o.get("choices", []),
            "feature": lambda v: v in ("enabled", "disabled", "auto"),
            "string": lambda v: True,
        }.get(o["type"], lambda v: True)(value)
        if not ok:
            fail("-D%s=%s is not a valid %s" % (name, value, o["type"]))
        else:
            print("-D%s=%s matches meson_options.txt (%s)" % (name, value, o["type"]))
    if app.get("config-opts") and "development" in options:
        if "-Ddevelopment=true" in app["config-opts"]:
            fail("the release manifest builds the development profile")


main()
if errors:
    print("%d problem(s)" % len(errors))
    sys.exit(1)
print("manifest OK")
