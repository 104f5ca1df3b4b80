#!/usr/bin/env python3
"""Writes N varied copies of bench/typical.json as NDJSON (one fact set per line) to stdout:
tenant ids, asOf dates, geos, purchase dates, pack counts, usage and request dates differ, so
the fact sets are distinct and the rules take different paths (some over quota, some before
GEO-05's date, some in the renewal window). Deterministic (seeded).
    bench/make-typical-variants.py 100000 > variants.ndjson
"""
import copy
import datetime
import json
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
rnd = random.Random(12)
with open(__file__.rsplit('/', 1)[0] + '/typical.json') as f:
    typical = json.load(f)

start = datetime.date(2024, 3, 1)
geos = ['US', 'US', 'US', 'UK', 'EU', 'CA', 'AU', 'JP']
out = sys.stdout
for i in range(n):
    t = copy.deepcopy(typical)
    as_of = start + datetime.timedelta(days=rnd.randrange(0, 540))
    t['asOf'] = as_of.isoformat() + 'T%02d:00:00Z' % rnd.randrange(0, 24)
    t['tenant']['id'] = 'tenant-%06d' % i
    t['tenant']['homeGeo'] = rnd.choice(geos)
    if rnd.random() < 0.2:
        t['tenant']['multiGeo'] = True
    t['licenses'][0]['purchasedOn'] = (datetime.date(2023, 9, 1) + datetime.timedelta(days=rnd.randrange(0, 300))).isoformat()
    t['licenses'][1]['includedContacts'] = rnd.choice([5000, 10000, 20000, 50000])
    a1 = t['addOns'][0]
    a1['packs'] = rnd.randrange(0, 6)
    if a1['packs'] == 0:
        del t['addOns'][0]
    e1 = t['environments'][0]['usage']
    e1['interactedPeople'] = rnd.randrange(1000, 60000)
    e1['unifiedPeople'] = rnd.randrange(10000, 300000)
    e1['interactionsThisMonth'] = rnd.randrange(10000, 600000)
    if rnd.random() < 0.5:
        t['environments'][1]['geo'] = rnd.choice(geos)
    r1 = t['requests'][0]
    r1['delta'] = rnd.choice([-10000, -5000, 5000, 10000])
    r1['effectiveOn'] = (as_of + datetime.timedelta(days=rnd.randrange(1, 200))).isoformat()
    if rnd.random() < 0.3:
        t['requests'][1]['geo'] = rnd.choice(geos)
    out.write(json.dumps(t, separators=(',', ':')))
    out.write('\n')
