#!/usr/bin/env python3
"""The fact sets of the HTTP load run (bench/load.sh): N distinct, valid tenant fact sets, one per
line (NDJSON), deterministic (seeded), so that no cache of answers can stand in for deciding.

Each fact set is a tenant drawn from one of a few kinds (combined offer at full or attach price,
legacy Marketing, legacy Customer Insights, a tenant moving from standalone to combined, a trial,
a standalone-model tenant in DE/KR/ZA or a sovereign cloud, a tenant in an unsupported geo, one
with no licence at all) and then varied: home geo (combined-offer geos, standalone-only DE/KR/ZA,
unsupported ones), cloud, multi-geo, licences and add-ons of every SKU, tier and channel, some not
on the tenant or not yet in quota, some expired or bought after asOf; one to five environments of
every type with apps, geos, CE or not, Journeys versions and usage; usage under and over the
quotas; a few with raw interaction records instead of counts; asOf before and after each policy
date (2023-09-01, 2024-06-15, 2024-06-30, 2025-09-01, 2027-09-01); zero to four requests of
every request type.

    bench/make-load-facts.py > bench/load-facts.ndjson             # 1,000 fact sets (the default)
    bench/make-load-facts.py 600 > facts.ndjson
    bench/make-load-facts.py --check http://127.0.0.1:8080 bench/load-facts.ndjson
        posts every line to POST /v1/decisions, fails (exit 1) on any answer but 200, and prints
        the mix: verdicts, request types and outcomes, SKUs, geos, environment types, findings.
"""
import collections
import datetime
import json
import random
import sys
import urllib.error
import urllib.request

D = datetime.date
COMBINED_GEOS = ['US', 'UK', 'AE', 'APAC', 'AU', 'BR', 'CA', 'EU', 'FR', 'CH', 'JP', 'IN']
STANDALONE_GEOS = ['DE', 'KR', 'ZA']
UNSUPPORTED_GEOS = ['MX', 'SG', 'NO', 'SE', 'PL', 'AR', 'NZ', 'IT', 'ES', 'CN', 'RU', 'NG']
SOVEREIGN = ['US_GCC', 'US_GCC_HIGH', 'US_DOD', 'OTHER_SOVEREIGN']
CHANNELS = ['WEB_DIRECT', 'EA', 'CSP', 'RESELLER', 'PARTNER', 'IUR']
APPS = ['JOURNEYS_REAL_TIME', 'JOURNEYS_OUTBOUND', 'JOURNEYS_SOLUTION_ONLY', 'DATA']
ENV_TYPES = ['PRODUCTION', 'SANDBOX', 'DEVELOPER', 'TRIAL']
LICENSE_SKUS = ['CI_BASE', 'CI_BASE_ATTACH', 'MARKETING_STANDALONE', 'CI_STANDALONE', 'MARKETING_INSTANCE_ADDON', 'TRIAL']
ADDON_SKUS = ['INTERACTED_PEOPLE', 'UNIFIED_PEOPLE', 'ACTIVE_CONTACTS_LEGACY', 'SENDING_BURST_500K']
PEOPLE_SKUS = ['INTERACTED_PEOPLE', 'UNIFIED_PEOPLE', 'ACTIVE_CONTACTS_LEGACY']
REQUEST_TYPES = ['PURCHASE', 'STANDALONE_RENEWAL', 'CAPACITY_CHANGE', 'MIGRATION', 'DEPLOY',
                 'SOLUTION_IMPORT', 'UNINSTALL', 'LIFECYCLE', 'DATA_TRANSFER']
KINDS = ['combined', 'combined', 'combined', 'attach', 'legacy-marketing', 'legacy-ci', 'transitioning',
         'transitioning', 'trial', 'standalone-geo', 'sovereign', 'unsupported-geo', 'unlicensed']
# asOf drawn around the policy dates, so each side of each date is decided
AS_OF_WINDOWS = [(D(2023, 5, 1), D(2023, 8, 31)), (D(2023, 9, 1), D(2024, 6, 14)), (D(2024, 6, 15), D(2024, 6, 29)),
                 (D(2024, 6, 30), D(2025, 8, 31)), (D(2025, 9, 1), D(2027, 8, 31)), (D(2027, 9, 1), D(2028, 6, 30))]
GA = D(2023, 9, 1)


def day_between(rnd, a, b):
    return a + datetime.timedelta(days=rnd.randrange(0, max(1, (b - a).days + 1)))


def iso(d):
    return d.isoformat()


class Ids:
    def __init__(self):
        self.n = collections.Counter()

    def __call__(self, prefix):
        self.n[prefix] += 1
        return '%s%d' % (prefix, self.n[prefix])


def subscription_dates(rnd, item, as_of, earliest, latest=None):
    """purchasedOn mostly before asOf; sometimes after it (not active yet), ended (expired) or ending later."""
    latest = latest or as_of
    r = rnd.random()
    if r < 0.03:
        bought = as_of + datetime.timedelta(days=rnd.randrange(1, 60))        # bought after asOf
    elif r < 0.05:
        # bought within the last day: a date-time a few hours before asOf (ENT-14 propagation)
        item['purchasedOn'] = (datetime.datetime.combine(as_of, datetime.time(0)) -
                               datetime.timedelta(hours=rnd.randrange(1, 30))).strftime('%Y-%m-%dT%H:00:00Z')
        return
    else:
        bought = day_between(rnd, earliest, max(earliest, latest))
    item['purchasedOn'] = iso(bought)
    r = rnd.random()
    if r < 0.06:
        item['endsOn'] = iso(day_between(rnd, bought, max(bought, as_of - datetime.timedelta(days=1))))  # expired
    elif r < 0.40:
        item['endsOn'] = iso(day_between(rnd, max(bought, as_of), as_of + datetime.timedelta(days=900)))


def channel_and_state(rnd, item):
    if rnd.random() < 0.35:
        item['channel'] = rnd.choice(CHANNELS)
    r = rnd.random()
    if r < 0.03:
        item['onTenant'] = False
    elif r < 0.06:
        item['inQuota'] = False


def license(rnd, ids, sku, as_of):
    lic = {'id': ids('L'), 'sku': sku}
    if sku in ('CI_BASE', 'CI_BASE_ATTACH'):
        # mostly after GA; a few before it (TRN-01)
        earliest = D(2023, 6, 1) if rnd.random() < 0.05 else GA
        subscription_dates(rnd, lic, as_of, earliest, max(GA, as_of))
        if rnd.random() < 0.08:
            lic['quantity'] = rnd.choice([2, 3])
    elif sku in ('MARKETING_STANDALONE', 'CI_STANDALONE', 'MARKETING_INSTANCE_ADDON'):
        # mostly bought before GA (existing customers); some renewed or bought after it
        if rnd.random() < 0.8:
            subscription_dates(rnd, lic, as_of, D(2018, 1, 1), min(as_of, D(2023, 8, 31)))
        else:
            subscription_dates(rnd, lic, as_of, GA, max(GA, as_of))
        if 'endsOn' not in lic and rnd.random() < 0.5:
            lic['endsOn'] = iso(rnd.choice([D(2025, 2, 28), D(2025, 8, 31), D(2026, 6, 30), D(2027, 6, 30),
                                            D(2027, 9, 1), D(2028, 3, 31)]))
            if lic['endsOn'] < lic['purchasedOn'][:10]:
                del lic['endsOn']
        if sku == 'MARKETING_STANDALONE':
            lic['includedContacts'] = rnd.choice([5000, 10000, 20000, 50000, 100000, 10000000])
        elif sku == 'CI_STANDALONE':
            lic['includedProfiles'] = rnd.choice([10000, 50000, 100000, 250000])
        else:
            lic['quantity'] = rnd.choice([1, 1, 2, 3])
    else:  # TRIAL
        start = as_of - datetime.timedelta(days=rnd.randrange(0, 120))
        lic['purchasedOn'] = iso(start)
        lic['endsOn'] = iso(start + datetime.timedelta(days=rnd.choice([30, 60, 90])))
        if rnd.random() < 0.3:
            lic['quantity'] = rnd.choice([2, 3])
    channel_and_state(rnd, lic)
    return lic


def add_on(rnd, ids, sku, as_of, earliest):
    a = {'id': ids('A'), 'sku': sku}
    if sku == 'INTERACTED_PEOPLE':
        a['tier'] = rnd.choice(['T1', 'T2', 'T3'])
        a['packs'] = rnd.randrange(1, 9)
        a['peoplePerPack'] = rnd.choice([5000, 10000, 25000])
    elif sku == 'UNIFIED_PEOPLE':
        a['packs'] = rnd.randrange(1, 5)
        a['peoplePerPack'] = rnd.choice([50000, 100000])
    elif sku == 'ACTIVE_CONTACTS_LEGACY':
        a['packs'] = rnd.randrange(1, 4)
        a['peoplePerPack'] = rnd.choice([5000, 10000])
        earliest = min(earliest, D(2022, 1, 1))
    else:  # SENDING_BURST_500K
        if rnd.random() < 0.3:
            a['packs'] = rnd.randrange(1, 3)
    subscription_dates(rnd, a, as_of, earliest, max(earliest, as_of))
    channel_and_state(rnd, a)
    return a


def usage(rnd, interacted, unified, counts=True):
    """usage against the quota: about three tenants in four within every quota, the others over
    one or more of them (ENT-16..18)."""
    over = rnd.random() < 0.25
    def around(q):
        if over and rnd.random() < 0.5:
            return int(q * rnd.choice([1.02, 1.1, 1.3, 2.0]))
        return int(q * rnd.choice([0.05, 0.2, 0.4, 0.6, 0.8, 0.9, 0.98]))
    u = {'unifiedPeople': around(unified)}
    if counts:
        ip = around(interacted)
        u['interactedPeople'] = ip
        u['interactionsThisMonth'] = int(ip * (rnd.choice([10.5, 14]) if over and rnd.random() < 0.4
                                               else rnd.choice([1, 2, 4, 6, 8, 9.5])))
    return u


def active(item, as_of):
    """the contract's 'active', roughly (dates only), to draw usage against what is granted."""
    return item.get('onTenant', True) and item['purchasedOn'][:10] <= as_of.isoformat() \
        and item.get('endsOn', '9999') >= as_of.isoformat()


def split(rnd, u, parts):
    """splits a usage object over the tenant and some environments (ENT-19 sums them)."""
    out = [dict() for _ in range(parts)]
    for k, v in u.items():
        cut = sorted(rnd.randrange(0, v + 1) for _ in range(parts - 1))
        bounds = [0] + cut + [v]
        for i in range(parts):
            out[i][k] = bounds[i + 1] - bounds[i]
    return out


def environments(rnd, ids, kind, home, multi, licences):
    n = rnd.choice([1, 1, 2, 2, 2, 3, 3, 4, 5])
    envs = []
    held = {l['sku'] for l in licences}
    for i in range(n):
        t = 'PRODUCTION' if i == 0 else rnd.choice(['SANDBOX', 'SANDBOX', 'DEVELOPER', 'PRODUCTION'])
        if i > 0 and ('TRIAL' in held and rnd.random() < 0.5 or rnd.random() < 0.05):
            t = 'TRIAL'
        e = {'id': ids('E'), 'type': t}
        if rnd.random() < (0.35 if multi else 0.15):
            e['geo'] = rnd.choice(COMBINED_GEOS + STANDALONE_GEOS + UNSUPPORTED_GEOS[:3])
        apps = set()
        if held & {'CI_BASE', 'CI_BASE_ATTACH', 'MARKETING_STANDALONE'} or rnd.random() < 0.05:
            apps.add('JOURNEYS_REAL_TIME')
        if ('MARKETING_STANDALONE' in held or 'MARKETING_INSTANCE_ADDON' in held or rnd.random() < 0.03) \
                and rnd.random() < 0.5:
            apps.add('JOURNEYS_OUTBOUND')
        if held & {'CI_BASE', 'CI_BASE_ATTACH', 'CI_STANDALONE'} or rnd.random() < 0.05:
            if rnd.random() < 0.7:
                apps.add('DATA')
        if rnd.random() < 0.08:
            apps = {'JOURNEYS_SOLUTION_ONLY'} | ({'DATA'} & apps)
            if rnd.random() < 0.5:
                e['runsJourneys'] = True
        if rnd.random() < 0.1:
            apps = set()
        if apps:
            e['apps'] = sorted(apps, key=APPS.index)
        if rnd.random() < 0.06:
            e['ceEnabled'] = False
        if apps & {'JOURNEYS_REAL_TIME', 'JOURNEYS_OUTBOUND', 'JOURNEYS_SOLUTION_ONLY'} and rnd.random() < 0.7:
            e['journeysVersion'] = rnd.choice(['1.1', '1.2', '1.2', '1.3', '1.4'])
        envs.append(e)
    return envs


def request(rnd, ids, t, as_of, home, envs):
    r = {'id': ids('R'), 'type': t}
    later = lambda lo, hi: iso(as_of + datetime.timedelta(days=rnd.randrange(lo, hi)))
    if t == 'PURCHASE':
        sku = rnd.choice(LICENSE_SKUS + ADDON_SKUS)
        r['sku'] = sku
        r['date'] = later(-30, 120) if rnd.random() < 0.9 else iso(day_between(rnd, D(2023, 1, 1), D(2023, 8, 31)))
        if sku in PEOPLE_SKUS:
            r['packs'] = rnd.randrange(1, 6)
            r['peoplePerPack'] = rnd.choice([5000, 10000, 50000])
            if sku == 'INTERACTED_PEOPLE':
                r['tier'] = rnd.choice(['T1', 'T2', 'T3'])
        elif sku == 'SENDING_BURST_500K':
            r['packs'] = 1
        else:
            r['quantity'] = rnd.choice([1, 1, 2])
        if sku in ('MARKETING_STANDALONE', 'CI_STANDALONE') and rnd.random() < 0.7:
            r['maturesOn'] = iso(rnd.choice([D(2026, 6, 30), D(2027, 6, 30), D(2027, 9, 1), D(2028, 6, 30)]))
    elif t == 'STANDALONE_RENEWAL':
        r['sku'] = rnd.choice(['MARKETING_STANDALONE', 'CI_STANDALONE'])
        r['contractedOn'] = iso(day_between(rnd, D(2024, 1, 1), D(2026, 3, 31)))
        if rnd.random() < 0.85:
            r['maturesOn'] = iso(rnd.choice([D(2026, 6, 30), D(2027, 6, 30), D(2027, 9, 1), D(2027, 12, 31)]))
    elif t == 'CAPACITY_CHANGE':
        r['meter'] = rnd.choice(['INTERACTED_PEOPLE', 'UNIFIED_PEOPLE'])
        r['delta'] = rnd.choice([-50000, -10000, -5000, 5000, 10000, 25000])
        r['effectiveOn'] = later(1, 400)
    elif t == 'MIGRATION':
        r['sourceGeo'] = home
        r['targetGeo'] = home if rnd.random() < 0.4 else rnd.choice(COMBINED_GEOS + STANDALONE_GEOS)
    elif t == 'DEPLOY':
        r['app'] = rnd.choice(APPS)
        if rnd.random() < 0.4:
            r['geo'] = rnd.choice(COMBINED_GEOS + STANDALONE_GEOS + UNSUPPORTED_GEOS[:4])
        if rnd.random() < 0.5:
            r['environmentType'] = rnd.choice(ENV_TYPES)
        if rnd.random() < 0.1:
            r['ceEnabled'] = False
    else:
        src, dst = rnd.sample(envs, 2)
        if t == 'SOLUTION_IMPORT':
            r['sourceEnvironmentId'], r['targetEnvironmentId'] = src['id'], dst['id']
        elif t == 'UNINSTALL':
            r['environmentId'] = src['id']
            if rnd.random() < 0.4:
                r['removeSolutions'] = True
            if rnd.random() < 0.7:
                r['reason'] = rnd.choice(['LICENSE_CHANGE', 'DECOMMISSION', 'OTHER'])
        elif t == 'LIFECYCLE':
            r['operation'] = rnd.choice(['COPY', 'BACKUP', 'RESTORE'])
            r['sourceEnvironmentId'], r['targetEnvironmentId'] = src['id'], dst['id']
        else:  # DATA_TRANSFER
            r['sourceEnvironmentId'], r['targetEnvironmentId'] = src['id'], dst['id']
            r['selective'] = rnd.random() < 0.5
            r['method'] = rnd.choice(['LIFECYCLE', 'IMPORT_EXPORT'])
    return r


def fact_set(rnd, i, kind):
    ids = Ids()
    # a tenant of the combined offer is mostly decided after it became available
    windows = AS_OF_WINDOWS[1:] if kind in ('combined', 'attach', 'transitioning') and rnd.random() < 0.9 \
        else AS_OF_WINDOWS
    lo, hi = rnd.choice(windows)
    as_of = day_between(rnd, lo, hi)
    tenant = {'id': 'load-%s-%04d' % (kind, i)}
    if kind == 'standalone-geo':
        tenant['homeGeo'] = rnd.choice(STANDALONE_GEOS)
    elif kind == 'unsupported-geo':
        tenant['homeGeo'] = rnd.choice(UNSUPPORTED_GEOS)
    elif kind == 'sovereign':
        tenant['homeGeo'] = 'US'
        tenant['cloud'] = rnd.choice(SOVEREIGN)
    else:
        tenant['homeGeo'] = rnd.choice(COMBINED_GEOS + ['US', 'US', 'UK', 'EU'])
        if rnd.random() < 0.04:
            tenant['homeGeo'] = rnd.choice(STANDALONE_GEOS + UNSUPPORTED_GEOS)
    if rnd.random() < 0.05:
        tenant['homeGeo'] = tenant['homeGeo'].lower()  # upper-cased on input
    multi = rnd.random() < 0.2
    if multi:
        tenant['multiGeo'] = True
    if rnd.random() < 0.35:
        tenant['qualifyingDynamicsApps'] = True
    elif kind == 'attach' and rnd.random() < 0.7:
        tenant['qualifyingDynamicsApps'] = True
    if kind in ('legacy-marketing', 'transitioning') or rnd.random() < 0.1:
        tenant['outboundCustomerSince'] = iso(day_between(rnd, D(2017, 1, 1), D(2024, 1, 1)))
    if rnd.random() < 0.7:
        tenant['agreementStart'] = iso(day_between(rnd, D(2019, 1, 1), min(as_of, D(2025, 12, 31))))
    if rnd.random() < 0.25:
        tenant['smsEnabled'] = True
        if rnd.random() < 0.7:
            tenant['smsProvider'] = rnd.choice(['acs', 'twilio', 'infobip', 'telesign'])

    skus = []
    if kind in ('combined', 'unsupported-geo'):
        skus = ['CI_BASE']
    elif kind == 'attach':
        skus = ['CI_BASE_ATTACH']
    elif kind == 'legacy-marketing':
        skus = ['MARKETING_STANDALONE'] + (['MARKETING_INSTANCE_ADDON'] if rnd.random() < 0.5 else [])
    elif kind == 'legacy-ci':
        skus = ['CI_STANDALONE']
    elif kind == 'transitioning':
        skus = [rnd.choice(['CI_BASE', 'CI_BASE', 'CI_BASE_ATTACH']), rnd.choice(['MARKETING_STANDALONE', 'CI_STANDALONE'])]
        if rnd.random() < 0.3:
            skus.append('MARKETING_INSTANCE_ADDON')
    elif kind == 'trial':
        skus = ['TRIAL'] + (['CI_BASE'] if rnd.random() < 0.4 else [])
    elif kind in ('standalone-geo', 'sovereign'):
        skus = [rnd.choice(['MARKETING_STANDALONE', 'CI_STANDALONE', 'MARKETING_STANDALONE'])]
        if rnd.random() < 0.25:
            skus.append('CI_BASE')  # not sold there (GEO-01/02)
    if rnd.random() < 0.15:
        skus.append(rnd.choice(LICENSE_SKUS))
    if rnd.random() < 0.2 and kind != 'unlicensed':
        skus.append('TRIAL')
    licences = [license(rnd, ids, s, as_of) for s in skus]

    addon_skus = []
    base = any(s in ('CI_BASE', 'CI_BASE_ATTACH') for s in skus)
    if base or rnd.random() < 0.1:
        if rnd.random() < 0.6:
            addon_skus.append('INTERACTED_PEOPLE')
        if rnd.random() < 0.35:
            addon_skus.append('UNIFIED_PEOPLE')
        if rnd.random() < 0.25:
            addon_skus.append('SENDING_BURST_500K')
    if 'MARKETING_STANDALONE' in skus and rnd.random() < 0.5 or rnd.random() < 0.04:
        addon_skus.append('ACTIVE_CONTACTS_LEGACY')
    if rnd.random() < 0.1:
        addon_skus.append(rnd.choice(ADDON_SKUS))
    earliest = GA if base else D(2021, 1, 1)
    add_ons = [add_on(rnd, ids, s, as_of, earliest) for s in addon_skus]

    # rough quotas, to draw usage under and over them
    act_l = [l for l in licences if active(l, as_of)]
    act_a = [a for a in add_ons if active(a, as_of)]
    active_base = any(l['sku'] in ('CI_BASE', 'CI_BASE_ATTACH') for l in act_l)
    interacted = (10000 if active_base else 0) + sum(l.get('includedContacts', 0) for l in act_l) \
        + sum(a['packs'] * a['peoplePerPack'] for a in act_a if a['sku'] in ('INTERACTED_PEOPLE', 'ACTIVE_CONTACTS_LEGACY'))
    unified = (100000 if active_base else 0) + sum(l.get('includedProfiles', 0) for l in act_l) \
        + sum(a['packs'] * a['peoplePerPack'] for a in act_a if a['sku'] == 'UNIFIED_PEOPLE')

    envs = environments(rnd, ids, kind, tenant['homeGeo'], multi, licences)
    raw = rnd.random() < 0.05
    u = usage(rnd, interacted, unified, counts=not raw)
    parts = split(rnd, u, 1 + min(len(envs), rnd.randrange(0, 3)))
    tenant_usage, env_usages = parts[0], parts[1:]
    for e, eu in zip(rnd.sample(envs, len(env_usages)), env_usages):
        e['usage'] = eu

    requests = []
    for _ in range(rnd.choice([0, 1, 1, 2, 2, 3, 4])):
        t = 'PURCHASE' if kind == 'unlicensed' and rnd.random() < 0.6 else rnd.choice(REQUEST_TYPES)
        if t in ('SOLUTION_IMPORT', 'UNINSTALL', 'LIFECYCLE', 'DATA_TRANSFER') and len(envs) < 2:
            t = rnd.choice(REQUEST_TYPES[:5])
        requests.append(request(rnd, ids, t, as_of, tenant['homeGeo'], envs))

    f = {'asOf': iso(as_of) + 'T%02d:%02d:00Z' % (rnd.randrange(0, 24), rnd.choice([0, 15, 30, 45])), 'tenant': tenant}
    if licences:
        f['licenses'] = licences
    if add_ons:
        f['addOns'] = add_ons
    f['environments'] = envs
    f['usage'] = tenant_usage
    if raw:
        # raw records (ENT-20): distinct people over the last months, a share of them this month
        people = rnd.randrange(5, 40)
        recs = []
        for _ in range(rnd.randrange(people, people * 3)):
            rec = {'personId': 'p-%d' % rnd.randrange(people),
                   'date': iso(as_of - datetime.timedelta(days=rnd.randrange(0, 400))),
                   'channel': rnd.choice(['EMAIL', 'EMAIL', 'SMS', 'PUSH', 'ACS', 'THIRD_PARTY', 'FORM', 'OTHER_INBOUND'])}
            if rnd.random() < 0.5:
                rec['environmentId'] = rnd.choice(envs)['id']
            recs.append(rec)
        f['interactions'] = recs
    if requests:
        f['requests'] = requests
    return f


def generate(n):
    rnd = random.Random(14)
    seen = set()
    out = []
    i = 0
    while len(out) < n:
        kind = KINDS[i % len(KINDS)] if i < len(KINDS) * 4 else rnd.choice(KINDS)
        f = fact_set(rnd, i, kind)
        i += 1
        # distinct beyond the tenant id: the same facts under another name are not another fact set
        key = json.dumps({k: v for k, v in f.items() if k != 'tenant'}, sort_keys=True) + \
            json.dumps({k: v for k, v in f['tenant'].items() if k != 'id'}, sort_keys=True)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


def check(url, path):
    """posts every line to POST /v1/decisions; prints the mix; exit 1 on any non-200."""
    mix = {k: collections.Counter() for k in
           ('verdict', 'request type', 'request outcome', 'licence SKU', 'add-on SKU', 'environment type',
            'home geo', 'cloud', 'asOf year', 'finding code', 'kind')}
    bad = 0
    lines = 0
    with open(path, 'rb') as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            lines += 1
            facts = json.loads(line)
            req = urllib.request.Request(url.rstrip('/') + '/v1/decisions', data=line.rstrip(b'\n'),
                                         headers={'Content-Type': 'application/json'})
            try:
                with urllib.request.urlopen(req) as r:
                    answer = json.load(r)
            except urllib.error.HTTPError as e:
                bad += 1
                print('line %d (%s): %d %s' % (n, facts['tenant']['id'], e.code, e.read().decode()[:400]))
                continue
            mix['verdict'][answer['verdict']] += 1
            for r in answer.get('requests', []):
                mix['request type'][r['type']] += 1
                mix['request outcome'][r['outcome']] += 1
            for l in facts.get('licenses', []):
                mix['licence SKU'][l['sku']] += 1
            for a in facts.get('addOns', []):
                mix['add-on SKU'][a['sku']] += 1
            for e in facts.get('environments', []):
                mix['environment type'][e['type']] += 1
            mix['home geo'][facts['tenant']['homeGeo'].upper()] += 1
            mix['cloud'][facts['tenant'].get('cloud', 'COMMERCIAL')] += 1
            mix['asOf year'][facts['asOf'][:4]] += 1
            mix['kind'][facts['tenant']['id'].split('-', 1)[1].rsplit('-', 1)[0]] += 1
            for fi in answer.get('findings', []):
                mix['finding code'][fi['code']] += 1
    print('%d fact sets, %d answered 200, %d not' % (lines, lines - bad, bad))
    with open(path, 'rb') as f:
        distinct = len({l for l in f if l.strip()})
    print('distinct lines: %d' % distinct)
    for k, c in mix.items():
        print('%s (%d kinds): %s' % (k, len(c), ', '.join('%s %d' % kv for kv in c.most_common())))
    return 1 if bad else 0


if __name__ == '__main__':
    if len(sys.argv) > 1 and sys.argv[1] == '--check':
        sys.exit(check(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else 'bench/load-facts.ndjson'))
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    for f in generate(count):
        sys.stdout.write(json.dumps(f, separators=(',', ':')))
        sys.stdout.write('\n')
