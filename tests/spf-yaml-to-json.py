#!/usr/bin/env python3
# Turns the RFC 7208 test suite (YAML, several documents) into one JSON
# array that test-spf.c reads with json-glib.
#
# Copyright 2026 The Bounce Doctor authors
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import sys

import yaml

with open(sys.argv[1], encoding='utf-8') as f:
    docs = [d for d in yaml.safe_load_all(f) if d]

out = []
for doc in docs:
    zone = {}
    for name, records in (doc.get('zonedata') or {}).items():
        rows = []
        for record in records or []:
            if isinstance(record, str):
                rows.append({'type': record})
                continue
            for rtype, value in record.items():
                if rtype == 'MX':
                    rows.append({'type': 'MX', 'preference': int(value[0]), 'data': str(value[1])})
                elif isinstance(value, list):
                    rows.append({'type': rtype, 'data': ''.join(str(v) for v in value)})
                else:
                    # the resolver gives TXT strings in presentation form:
                    # a NUL octet is "\000" there, as in a zone file
                    rows.append({'type': rtype, 'data': str(value).replace('\x00', '\\000')})
        zone[str(name)] = rows
    tests = []
    for tname, t in doc['tests'].items():
        result = t['result']
        tests.append({
            'name': tname,
            'spec': str(t.get('spec', '')),
            'helo': str(t.get('helo', '')),
            'host': str(t['host']),
            'mailfrom': str(t.get('mailfrom', '')),
            'results': result if isinstance(result, list) else [result],
            'explanation': t.get('explanation'),
        })
    out.append({'description': doc.get('description', ''), 'zonedata': zone, 'tests': tests})

with open(sys.argv[2], 'w', encoding='utf-8') as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
