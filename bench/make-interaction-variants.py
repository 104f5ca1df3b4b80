#!/usr/bin/env python3
"""Writes the interaction variants of the typical fact set, deterministically:
interactions-1k.json, interactions-10k.json and large.json (100,000 records over 20,000 people).
The raw records replace the interactedPeople / interactionsThisMonth usage counts (the request contract:
counts or raw records, not both). Run from anywhere: python3 bench/make-interaction-variants.py"""
import datetime
import json
import pathlib
import random

here = pathlib.Path(__file__).resolve().parent
typical = json.loads((here / "typical.json").read_text())
channels = ["EMAIL", "SMS", "PUSH", "ACS", "THIRD_PARTY", "FORM", "OTHER_INBOUND"]
as_of = datetime.date(2024, 7, 1)


def variant(records, people, name):
    facts = json.loads(json.dumps(typical))
    facts["tenant"]["id"] = "bench-" + name
    for env in facts["environments"]:
        usage = env.get("usage", {})
        usage.pop("interactedPeople", None)
        usage.pop("interactionsThisMonth", None)
    rnd = random.Random(records)  # same file every time
    envs = [e["id"] for e in facts["environments"]]
    facts["interactions"] = [
        {
            "personId": "p-%d" % rnd.randrange(people),
            "date": (as_of - datetime.timedelta(days=rnd.randrange(400))).isoformat(),
            "channel": rnd.choice(channels),
            "environmentId": rnd.choice(envs),
        }
        for _ in range(records)
    ]
    (here / (name + ".json")).write_text(json.dumps(facts, separators=(",", ":")))


variant(1_000, 200, "interactions-1k")
variant(10_000, 2_000, "interactions-10k")
variant(100_000, 20_000, "large")
