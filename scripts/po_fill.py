"""Fill English translations into a gettext catalogue (run with .venv/bin/python).

Usage: scripts/po_fill.py FILE.po 'msgid=>translation' ...  (plural: 'msgid=>one||many')
Fills msgstr of given msgids, clears fuzzy flags, makes the header non-fuzzy and sets Language."""

import sys

import polib

path = sys.argv[1]
lang = path.split("locale/")[1].split("/")[0]
pairs = dict(a.split("=>", 1) for a in sys.argv[2:])
po = polib.pofile(path, wrapwidth=0)
po.metadata["Language"] = lang
po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
po.header = ""
po.metadata_is_fuzzy = False
seen = set()
for e in po:
    if e.msgid in pairs:
        v = pairs[e.msgid]
        seen.add(e.msgid)
        if e.msgid_plural:
            one, many = v.split("||")
            e.msgstr_plural = {0: one, 1: many}
        else:
            e.msgstr = v
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
        e.previous_msgid = None
for k in pairs.keys() - seen:
    print("NOT FOUND:", k)
po.save(path)
