#!/usr/bin/python3
# walk.py: drives the real Bounce Doctor window through AT-SPI (dogtail),
# as a screen-reader user would: every control is found by its accessible
# role and name, never by position.
#
# Copyright 2026 The Bounce Doctor authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run it through run-walk.sh (Xvfb + a private D-Bus session), e.g.
#   tests/a11y/run-walk.sh build/app/bounce-doctor build/data build/po tests/data [--dump]
#
# Output is TAP; the exit code is non-zero when an assertion failed.
# --dump prints the accessible tree of every step. Names are checked on
# every step shown: the walk fails when one of our controls has no name
# (or only its GType name), a doubled name ("_Next Next", "Copy Copy": a
# mnemonic or explicit label on top of the one GTK already gives) or when
# something is read out by its GType name ("GtkImage": decorative images
# want accessible-role presentation). libadwaita 1.2's own unnamed lists
# are left out; problems another part of the app is known to still have
# are listed in KNOWN and reported as TODO (not failures) until fixed.
#
# Two facts of GTK 4.8's AT-SPI support shape this script:
#  - "showing" is set only on windows, and every page of a GtkStack is in
#    the tree. Widgets never mapped report 0×0 extents, but a page shown
#    once keeps its old extents. So the step on screen is taken from the
#    header's "Step k of n" and searches are scoped to that page.
#  - An element without a label is named after its GType ("GtkButton"),
#    and a button with a mnemonic label is named "_Next Next" (label
#    property plus labelled-by). Both fail the walk; matching controls by
#    name ignores the doubling.

import os
import sys

os.environ.setdefault("GSETTINGS_BACKEND", "memory")

import argparse  # noqa: E402
import re  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402

from gi.repository import Gio  # noqa: E402

# dogtail refuses to start without this setting; with the memory backend
# it is set for this process only.
Gio.Settings.new("org.gnome.desktop.interface").set_boolean("toolkit-accessibility", True)

# dogtail makes /tmp/dogtail-$LOGNAME/{data,logs} on import: use a name of
# our own and remove it at exit.
import atexit  # noqa: E402
import shutil  # noqa: E402

_logname = os.environ.get("LOGNAME")
os.environ["LOGNAME"] = f"bd-a11y-walk-{os.getpid()}"
atexit.register(shutil.rmtree, f"/tmp/dogtail-{os.environ['LOGNAME']}", True)

from dogtail import config  # noqa: E402

if _logname is not None:
    os.environ["LOGNAME"] = _logname
else:
    del os.environ["LOGNAME"]

config.config.searchShowingOnly = False
config.config.defaultDelay = 0.1
config.config.actionDelay = 0.1
config.config.logDebugToStdOut = False
config.config.logDebugToFile = False
config.config.checkForA11y = False

from dogtail import tree  # noqa: E402

import gi  # noqa: E402

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

# Roles a user operates: each needs an accessible name.
CONTROL_ROLES = {
    "push button", "toggle button", "check box", "radio button", "combo box",
    "text", "entry", "password text", "spin button", "slider", "switch",
    "menu item", "check menu item", "radio menu item", "link", "toggle",
    "list box", "list", "tree", "table", "page tab",
}
TYPE_NAME = re.compile(r"^(Gtk|Adw|Bd)[A-Z]\w*$")
T0 = time.monotonic()


class Failure(Exception):
    pass


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, what, detail=None):
        self.n += 1
        cond = bool(cond)
        print(f"{'ok' if cond else 'not ok'} {self.n} - {what}  (+{time.monotonic() - T0:.1f} s)",
              flush=True)
        if not cond:
            self.failed += 1
            if detail is not None:
                if isinstance(detail, (list, tuple)):
                    detail = "\n".join(str(d) for d in detail)
                for line in str(detail).splitlines()[:60]:
                    print(f"#   {line}", flush=True)
        return cond

    def todo(self, what, reason):
        """A known failure that is someone else's to fix: TAP "# TODO"
        (an expected failure, not counted)."""
        self.n += 1
        print(f"not ok {self.n} - {what} # TODO {reason}", flush=True)

    def must(self, cond, what, detail=None):
        if not self.ok(cond, what, detail):
            raise Failure(what)

    def note(self, text):
        for line in str(text).splitlines():
            print(f"# {line}", flush=True)


tap = Tap()


# ---------------------------------------------------------------------------
# Reading the tree

def safe(fn, default=None):
    try:
        return fn()
    except Exception:
        return default


def role(node):
    return safe(lambda: node.get_role_name(), "?")


def name(node):
    return safe(lambda: node.get_name(), "") or ""


def has_state(node, state):
    return bool(safe(lambda: node.get_state_set().contains(state), False))


def sensitive(node):
    return has_state(node, Atspi.StateType.SENSITIVE)


def checked(node):
    return has_state(node, Atspi.StateType.CHECKED) or has_state(node, Atspi.StateType.PRESSED)


def children(node):
    def get():
        return [node.get_child_at_index(i) for i in range(node.get_child_count())]
    return [c for c in (safe(get, []) or []) if c is not None]


def extents(node):
    e = safe(lambda: node.get_extents(Atspi.CoordType.WINDOW))
    return None if e is None else (e.x, e.y, e.width, e.height)


def on_screen(node):
    """Laid out (has a size); nodes without a Component (GtkStackPage)
    pass and their children decide."""
    e = extents(node)
    return e is None or (e[2] > 0 and e[3] > 0)


def text_content(node):
    return safe(lambda: node.get_text(0, -1), "") or ""


def norm(text):
    """The name as meant: GTK 4.8 names a mnemonic button "_Next Next"."""
    t = text.strip()
    words = t.split(" ")
    if len(words) % 2 == 0 and words:
        half = len(words) // 2
        a, b = " ".join(words[:half]), " ".join(words[half:])
        if a.replace("_", "") == b:
            return b
    return t


def heard(text):
    return norm(text).replace("_", "")


def garbled(text):
    """Doubled, or with the mnemonic underscore read out."""
    return norm(text) != text.strip() or re.search(r"(^|\s)_\w", text) is not None


def is_unnamed(nm):
    nm = nm.strip()
    return nm == "" or TYPE_NAME.match(nm) is not None


def walk(node, on_screen_only=True, depth=0, limit=60):
    yield node, depth
    if depth >= limit:
        return
    for c in children(node):
        if on_screen_only and not on_screen(c):
            continue
        yield from walk(c, on_screen_only, depth + 1, limit)


class Item:
    __slots__ = ("node", "depth", "role", "name", "parent")

    def __init__(self, node, depth, parent):
        self.node = node
        self.depth = depth
        self.role = role(node)
        self.name = name(node)
        self.parent = parent

    def where(self):
        """The nearest named ancestors, to say where a control is."""
        bits, p = [], self.parent
        while p is not None and len(bits) < 3:
            if p.name and not TYPE_NAME.match(p.name):
                bits.append(f"{p.role} {p.name!r}")
            p = p.parent
        return " < ".join([f"{self.role} {self.name!r}"] + bits)


class Snap:
    """One walk over a subtree: roles and names read once."""

    def __init__(self, root, on_screen_only=True):
        self.items = []
        stack = []
        for n, d in walk(root, on_screen_only):
            del stack[d:]
            item = Item(n, d, stack[-1] if stack else None)
            stack.append(item)
            self.items.append(item)

    def find(self, roles, pattern=None):
        if isinstance(roles, str):
            roles = (roles,)
        return [i.node for i in self.items
                if i.role in roles and (pattern is None or re.search(pattern, heard(i.name), re.I))]

    def under(self, node):
        """The items below @node (which is in this snapshot)."""
        out, depth = [], None
        for i in self.items:
            if depth is not None:
                if i.depth <= depth:
                    break
                out.append(i)
            elif i.node == node:
                depth = i.depth
        return out

    def texts(self, items=None):
        out = []
        for i in (self.items if items is None else items):
            t = text_content(i.node) if i.role in ("text", "entry") else i.name
            if t and not TYPE_NAME.match(t):
                out.append(t)
        return out

    def text(self):
        return "\n".join(self.texts())

    def dump(self, title):
        print(f"# ---- accessible tree: {title}")
        for i in self.items:
            parts = [f"[{i.role}] {i.name!r}"]
            desc = safe(lambda: i.node.get_description())
            if desc:
                parts.append(f"desc={desc!r}")
            if i.role in ("text", "entry"):
                t = text_content(i.node)
                parts.append(f"text={t[:60]!r}{'…' if len(t) > 60 else ''}")
            st = [label for s, label in ((Atspi.StateType.CHECKED, "checked"),
                                         (Atspi.StateType.PRESSED, "pressed"),
                                         (Atspi.StateType.EXPANDED, "expanded"),
                                         (Atspi.StateType.FOCUSED, "focused"))
                  if has_state(i.node, s)]
            if i.role in CONTROL_ROLES and not sensitive(i.node):
                st.append("insensitive")
            if st:
                parts.append("(" + ", ".join(st) + ")")
            print("#  " + "  " * i.depth + " ".join(parts))


problems = {"unnamed": {}, "garbled": {}, "typename": {}, "internal": {}}

# Problems known to remain in parts of the app this walk does not fix,
# as (kind, step title prefix, regex on the problem's text) → why. Seen,
# they are reported as TODO; no longer seen, they are noted for removal.
KNOWN = {}


def adw_internal(i):
    """Unnamed parts libadwaita 1.2 builds inside its rows, out of our
    reach: AdwExpanderRow's list box and AdwComboRow's popover list."""
    p = i.parent
    if i.name == "GtkListBox":
        q, up = p, 0
        while q is not None and up < 3:
            if q.role == "list item":
                return "AdwExpanderRow's inner GtkListBox"
            q, up = q.parent, up + 1
    q = p
    while q is not None and i.name == "GtkListView":
        if q.role == "combo box":
            return "AdwComboRow's GtkListView"
        q = q.parent
    return None


def check_names(snap, where):
    """Notes controls a screen reader cannot name."""
    for i in snap.items:
        if i.role in CONTROL_ROLES:
            internal = adw_internal(i)
            if internal:
                problems["internal"][internal] = problems["internal"].get(internal, 0) + 1
            elif is_unnamed(i.name):
                key = i.where()
                if key not in problems["unnamed"]:
                    tip = safe(lambda: i.node.get_description())
                    problems["unnamed"][key] = (where, f"tooltip {tip!r}" if tip else "")
                    tap.note(f"UNNAMED {i.role} on {where}: {key}" + (f" (tooltip {tip!r})" if tip else ""))
            elif garbled(i.name):
                key = f"{i.role} {i.name!r}"
                if key not in problems["garbled"]:
                    problems["garbled"][key] = (where, f"meant {norm(i.name)!r}")
                    tap.note(f"GARBLED NAME {i.role} {i.name!r} on {where} (meant {norm(i.name)!r})")
        elif TYPE_NAME.match(i.name.strip()) and i.role not in ("filler", "panel", "scroll bar"):
            # one line per kind and place: "image 'GtkImage' in list 'Symptoms'"
            up = i.where().split(" < ")
            key = " < ".join([up[0]] + [b for b in up[1:] if not b.startswith("list item")][:1])
            problems["typename"].setdefault((where, key), 0)
            problems["typename"][(where, key)] += 1


def known(kind, where, text):
    for (k, prefix, pattern), reason in KNOWN.items():
        if k == kind and where.startswith(prefix) and re.search(pattern, text):
            return (k, prefix, pattern), reason
    return None, None


def check_names_result():
    """One assertion per kind of naming problem, over all steps walked."""
    seen_known = set()
    kinds = (
        ("unnamed", "every control has an accessible name (not empty, not its GType name)"),
        ("garbled", "no control's name is doubled or reads out its mnemonic underscore"),
        ("typename", "nothing is read out by its GType name (decorative images: role presentation)"),
    )
    for kind, title in kinds:
        new = []
        if kind == "typename":
            found = [(where, key, f"×{count}" if count > 1 else "")
                     for (where, key), count in problems["typename"].items()]
        else:
            found = [(where, key, extra) for key, (where, extra) in problems[kind].items()]
        for where, key, extra in found:
            k, reason = known(kind, where, key)
            if k is not None:
                if k not in seen_known:
                    seen_known.add(k)
                    tap.todo(f"{title}: {key} on {where}", reason)
                continue
            new.append(f"{key} on {where}" + (f" ({extra})" if extra else ""))
        tap.ok(not new, title, new)
    for k, reason in KNOWN.items():
        if k not in seen_known:
            tap.note(f"known problem no longer seen, remove it from KNOWN: {k[0]} on {k[1]} /{k[2]}/")


def wait_for(fn, what, timeout=20.0, interval=0.3):
    end = time.monotonic() + timeout
    while True:
        try:
            result = fn()
        except Failure:
            raise
        except Exception:  # the tree changes under us
            result = None
        if result:
            return result
        if time.monotonic() > end:
            raise Failure(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def find_control(root, roles, pattern, what, timeout=20.0):
    """The first on-screen control of @roles under @root whose name (as
    meant) matches @pattern; waits for it."""
    last = []

    def look():
        snap = Snap(root)
        last[:] = [snap]
        found = snap.find(roles, pattern)
        return found[0] if found else None
    try:
        return wait_for(look, what, timeout)
    except Failure:
        cands = [f"{i.role} {i.name!r}" for i in last[0].items
                 if i.role in CONTROL_ROLES or i.role in (roles if isinstance(roles, tuple) else (roles,))]
        raise Failure(f"no {roles} named /{pattern}/ on screen ({what}); there are: {cands[:50]}")


def click(node):
    n = safe(lambda: node.get_n_actions(), 0) or 0
    actions = [safe(lambda i=i: node.get_action_name(i), "") for i in range(n)]
    for a in ("click", "press", "activate", "toggle"):
        if a in actions:
            node.do_action(actions.index(a))
            return
    raise Failure(f"{role(node)} {name(node)!r} has no click action (actions: {actions})")


# ---------------------------------------------------------------------------
# The application and its wizard

def find_app(pid, timeout=30):
    def look():
        for a in tree.root.applications():
            if safe(lambda: a.get_process_id()) == pid:
                return a
        return None
    return wait_for(look, "the application on the accessibility bus", timeout, 0.5)


def main_frame(app):
    def look():
        for c in children(app):
            if role(c) == "frame" and has_state(c, Atspi.StateType.SHOWING):
                return c
        return None
    return wait_for(look, "the main window", 20)


class Wizard:
    def __init__(self, frame, dump_trees):
        self.frame = frame
        self.dump_trees = dump_trees
        self.pos_label = None
        self._pages = None
        self.back = find_control(frame, "push button", r"^back$", "the Back button (header bar)")
        self.next = find_control(frame, "push button", r"^next$", "the Next button (header bar)")
        tap.ok(True, "header bar: Back and Next found by name")

    def position(self):
        """(k, n) from the header's “Step k of n”."""
        if self.pos_label is None:
            for n, _ in walk(self.frame, on_screen_only=False, limit=12):
                nm = name(n)
                if role(n) == "label" and re.search(r"\d+\D+\d+", nm) and re.search(r"step|шаг", nm, re.I):
                    self.pos_label = n
                    break
            else:
                return None
        m = re.search(r"(\d+)\D+(\d+)", name(self.pos_label))
        return (int(m.group(1)), int(m.group(2))) if m else None

    def wait_position(self, k):
        wait_for(lambda: (self.position() or (0,))[0] == k, f"step {k} (the header's “Step {k} of …”)", 30)

    def pages(self):
        """The assistant's pages, in order."""
        if self._pages is not None:
            return self._pages
        n_steps = (self.position() or (0, 5))[1]

        def look():
            for n, _ in walk(self.frame, on_screen_only=False, limit=8):
                kids = children(n)
                if len(kids) != n_steps or not all(len(children(k)) == 1 for k in kids):
                    continue
                pages = [children(k)[0] for k in kids]
                # the steps are named after their types (BdInputStep…);
                # should they get names, the first holds the text area
                if all(re.match(r"^Bd\w*Step$", name(p)) for p in pages):
                    return pages
                if any(role(i) == "text" and re.search(TEXT_AREA, name(i), re.I)
                       for i, _ in walk(pages[0], on_screen_only=False)):
                    return pages
            return None
        self._pages = wait_for(look, "the assistant's pages (Bd…Step) in the tree", 10)
        return self._pages

    def step_root(self):
        return self.pages()[(self.position() or (1,))[0] - 1]

    def go_next(self, k):
        wait_for(lambda: sensitive(self.next), f"Next to become sensitive on step {k}", 30)
        click(self.next)
        self.wait_position(k + 1)

    def go_back(self, k):
        wait_for(lambda: sensitive(self.back), f"Back to become sensitive on step {k}", 10)
        click(self.back)
        self.wait_position(k - 1)

    def arrive(self, title, settle=0.5):
        time.sleep(settle)  # let the step lay itself out
        root = self.step_root()
        snap = Snap(root)
        if self.dump_trees:
            snap.dump(title)
        check_names(snap, title)
        return root, snap


# ---------------------------------------------------------------------------
# The walk

CAUSE_RFC = r"standard|conform|RFC"
TEXT_AREA = r"message|bounce|paste|text"


def walk_start(wz):
    """The file given on the command line is analysed and its diagnosis
    shown (step 2); the walk goes back to the input. Should the window
    stay on the input, the walk starts there."""
    def settled():
        k = (wz.position() or (0,))[0]
        if k == 2 or (k == 1 and sensitive(wz.next)):
            return k
        return None
    k = wait_for(settled, "the opened file's diagnosis (step 2) or its input (step 1)", 30)
    if k == 1:
        time.sleep(1.0)  # an advance to the diagnosis may follow
        k = (wz.position() or (1,))[0]
    tap.ok(True, f"the opened file: the window shows step {k}")
    if k == 2:
        whole = Snap(wz.frame)
        if wz.dump_trees:
            whole.dump("the window at start (step 2)")
        check_names(whole, "the window at start (step 2)")
        wz.go_back(2)


def walk_input(wz):
    walk_start(wz)
    wz.wait_position(1)
    whole = Snap(wz.frame)
    if wz.dump_trees:
        whole.dump("the window at start")
    check_names(whole, "the window at start")
    root, snap = wz.arrive("step 1: input", 0)
    tap.ok(not sensitive(wz.back), "step 1: Back is insensitive on the first step")

    area = find_control(root, ("text", "entry"), TEXT_AREA, "the input text area")
    tap.ok(True, f"step 1: the input text area found by name ({name(area)!r})")
    content = wait_for(lambda: (lambda t: t if "554" in t else None)(text_content(area)),
                       "the sample file's text in the input area", 20)
    tap.ok("Message does not conform to standards" in content,
           "step 1: the text area shows the text of the file given on the command line")
    open_btn = find_control(root, "push button", r"open file", "the Open File… button")
    tap.ok(sensitive(open_btn), "step 1: “Open File…” found by name, sensitive")
    example = find_control(root, ("push button", "toggle button", "combo box"), r"example",
                           "the Try an Example button")
    tap.ok(sensitive(example), f"step 1: “Try an Example” found by name ({role(example)})")
    nomsg = find_control(root, "push button", r"no error message", "the I Have No Error Message button")
    tap.ok(sensitive(nomsg), "step 1: “I Have No Error Message” found by name, sensitive")
    summary = wait_for(lambda: [t for t in Snap(root).texts() if "554" in t and "·" in t],
                       "the live one-line summary", 20)
    tap.ok(True, f"step 1: the live summary shows the reply code ({summary[0]!r})")

    # "I have no error message": the symptoms, then back to the text
    click(nomsg)

    def symptoms():
        s = Snap(root)
        lists = s.find(("list", "list box"), r"symptom")
        if not lists:
            return None
        items = [i for i in s.under(lists[0]) if i.role == "list item"]
        return (s, items) if items else None
    s, items = wait_for(symptoms, "the list of symptoms", 10)
    tap.ok(len(items) >= 3 and all(not is_unnamed(i.name) for i in items),
           f"step 1: “I Have No Error Message” shows {len(items)} named symptoms",
           [f"{i.role} {i.name!r}" for i in items])
    if wz.dump_trees:
        s.dump("step 1: symptoms")
    check_names(s, "step 1: symptoms")
    click(find_control(root, "push button", r"paste a message|text instead", "the way back to the text area"))
    area = find_control(root, ("text", "entry"), TEXT_AREA, "the input text area again")
    tap.ok("554" in text_content(area), "step 1: back at the text area, the text is still there")


def walk_diagnosis(wz):
    wz.go_next(1)
    root, _ = wz.arrive("step 2: diagnosis")

    def diagnosed():
        s = Snap(root)
        return s if re.search(CAUSE_RFC, s.text(), re.I) else None
    snap = wait_for(diagnosed, "a diagnosis that names the standards check", 30)
    headline = [i for i in snap.items if i.role in ("label", "heading") and re.search(CAUSE_RFC, i.name, re.I)]
    tap.ok(headline, "step 2: the headline names the RFC-compliance (mail format standard) check",
           snap.text()[:1500])
    if headline:
        tap.note(f"headline: {headline[0].name!r}")
    lists = snap.find(("list", "list box"), r"cause")
    tap.ok(lists, "step 2: the list of causes is found by name",
           [f"{i.role} {i.name!r}" for i in snap.items if i.role in ("list", "list box")])
    if lists:
        rows = [i for i in snap.under(lists[0]) if i.role == "list item"]
        row_text = [" | ".join(snap.texts(snap.under(r.node)) or [r.name]) for r in rows]
        tap.ok(len(rows) >= 3, f"step 2: {len(rows)} cause rows", row_text)
        tap.ok(rows and re.search(CAUSE_RFC, row_text[0], re.I),
               "step 2: the first cause is the standards check", row_text[:3])
        tap.ok(any(re.search(r"ordb|block list|blacklist", t, re.I) for t in row_text),
               "step 2: the dead block list (relays.ordb.org) is among the causes", row_text)
        tap.ok(any(re.search(r"PTR|name in DNS", t, re.I) for t in row_text),
               "step 2: the missing PTR record is among the causes", row_text)
    tap.ok(re.search(r"\b554\b", snap.text()), "step 2: the reply code 554 is shown")


def walk_checks(wz):
    wz.go_next(2)
    root, snap = wz.arrive("step 3: checks")

    def yes_buttons():
        return Snap(root).find(("toggle button", "radio button", "push button", "check box"), r"^(yes|да)\b")
    yes = wait_for(yes_buttons, "a question's Yes button", 20)
    tap.ok(True, f"step 3: {len(yes)} questions with a Yes button ({role(yes[0])})")
    was = checked(yes[0])
    click(yes[0])
    tap.ok(safe(lambda: wait_for(lambda: checked(yes[0]) != was, "Yes to toggle", 5), False),
           "step 3: clicking Yes checks it", f"{role(yes[0])} {name(yes[0])!r} checked={checked(yes[0])}")


def walk_fixes(wz):
    wz.go_next(3)
    root, snap = wz.arrive("step 4: fixes")
    chooser = find_control(root, ("combo box", "push button", "toggle button", "list item", "list"),
                           r"mail program|e-?mail (app|client)|program", "the mail-program chooser")
    tap.ok(sensitive(chooser), f"step 4: the mail-program chooser found by name ({role(chooser)} {name(chooser)!r})")
    text = Snap(root).text()
    tap.ok(re.search(r"you can do|administrator|recipient", text, re.I),
           "step 4: the fixes say who acts", text[:800])


def walk_report(wz):
    wz.go_next(4)
    root, snap = wz.arrive("step 5: report")
    tap.ok(not sensitive(wz.next), "step 5: Next is insensitive on the last step")
    copy = find_control(root, "push button", r"copy", "the Copy button")
    tap.ok(sensitive(copy), f"step 5: “Copy” found by name ({name(copy)!r})")
    hide = find_control(root, ("toggle button", "check box", "switch", "push button"),
                        r"hide|address", "the Hide addresses switch")
    tap.ok(True, f"step 5: “Hide addresses” found by name ({role(hide)} {name(hide)!r})")

    def report_text():
        for t in Snap(root).texts():
            if len(t) > 200 and "554" in t:
                return t
        return None
    text = wait_for(report_text, "the report text with the reply code 554", 20)
    tap.ok(re.search(r"\b554\b", text), "step 5: the report text contains the reply code 554")
    tap.ok("orders@example.com" in text, "step 5: the report names the recipient orders@example.com",
           text[:600])
    click(copy)
    tap.ok(True, "step 5: Copy clicked")
    was = checked(hide)
    click(hide)
    tap.ok(safe(lambda: wait_for(lambda: checked(hide) != was, "the switch to change", 5), False),
           "step 5: “Hide addresses” switches on")
    redacted = safe(lambda: wait_for(lambda: (lambda t: t if t and "orders@example.com" not in t else None)(report_text()),
                                     "the report without the address", 10), "")
    tap.ok(redacted and "80.78.72.135" not in redacted,
           "step 5: with “Hide addresses” on, the address and the IP are gone from the report",
           (redacted or report_text() or "")[:600])
    click(hide)


def walk_back(wz):
    for k in range(5, 1, -1):
        wz.go_back(k)
    tap.ok(True, "Back from the report to the input, one step at a time")
    root = wz.step_root()
    area = find_control(root, ("text", "entry"), TEXT_AREA, "the input text area")
    tap.ok("554" in text_content(area), "step 1 again: the text is kept after going back")

    # "Try an Example" opens a menu of named samples (a popover: its own
    # node under the application)
    example = find_control(root, ("push button", "toggle button"), r"example", "Try an Example")
    inner = [n for n in children(example) if role(n) in ("push button", "toggle button")]
    click(inner[0] if inner else example)

    def menu():
        # GTK 4 puts the popover under its button; else look everywhere
        s = Snap(example)
        if not any(i.role == "menu item" for i in s.items):
            s = Snap(wz.app)
        found = [i for i in s.items
                 if i.role in ("menu item", "push button", "list item", "radio menu item", "check menu item")
                 and re.search(r"postfix|mdaemon|exim|exchange|outlook|thunderbird|gmail|sendmail", i.name, re.I)]
        return (s, found) if found else None
    got = safe(lambda: wait_for(menu, "the examples menu", 10))
    tap.ok(got, "step 1: “Try an Example” offers named examples",
           "nothing named like a sample appeared after clicking it")
    if got:
        s, found = got
        tap.note("examples: " + "; ".join(i.name for i in found[:12]))
        menu_items = Snap(safe(lambda: found[0].node.get_parent()) or wz.app)
        if wz.dump_trees:
            menu_items.dump("step 1: examples menu")
        check_names(menu_items, "step 1: examples menu")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--app", required=True)
    ap.add_argument("--data", required=True, help="tests/data")
    ap.add_argument("--dump", action="store_true", help="print the accessible tree of each step")
    ap.add_argument("--timeout", type=int, default=100)
    args = ap.parse_args()

    sample = os.path.join(args.data, "samples", "mdaemon-seed.log")

    def on_alarm(signum, frame):
        raise Failure(f"the walk took more than {args.timeout} s")
    signal.signal(signal.SIGALRM, on_alarm)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    signal.alarm(args.timeout)
    # no D-Bus call may block the walk for long
    Atspi.set_timeout(5000, 15000)

    proc = subprocess.Popen([args.app, sample], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        app = find_app(proc.pid)
        tap.ok(True, f"the application is on the accessibility bus as {name(app)!r}")
        wz = Wizard(main_frame(app), args.dump)
        wz.app = app
        for part in (walk_input, walk_diagnosis, walk_checks, walk_fixes, walk_report, walk_back):
            part(wz)
    except Failure as e:
        tap.ok(False, "the walk", e)
    except Exception:
        tap.ok(False, "the walk", traceback.format_exc())
    finally:
        signal.alarm(0)
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        out = proc.stdout.read().decode("utf-8", "replace")
    check_names_result()
    criticals = [line for line in out.splitlines() if "CRITICAL **" in line or "-WARNING **" in line]
    tap.ok(not criticals, "the application printed no GLib warnings or criticals", criticals[:20])
    if out.strip() and not criticals:
        tap.note("application output:\n" + out[-2000:])

    if problems["typename"]:
        tap.note("heard by their GType name (decorative images want accessible-role "
                 "presentation, others a label):")
        for (where, key), count in problems["typename"].items():
            tap.note(f"  on {where}: {key}" + (f" (×{count})" if count > 1 else ""))
    for what, count in problems["internal"].items():
        tap.note(f"not ours: {count} × unnamed {what} (libadwaita 1.2)")
    tap.note(f"{len(problems['unnamed'])} controls without a name, "
             f"{len(problems['garbled'])} with a garbled name")
    print(f"1..{tap.n}", flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
