#!/usr/bin/env bash
# Writes docs/examples/impact-body.json: the complete ruleset of rules/ as a candidate for
# POST /v1/ruleset/impact, with one change in policy.drl (the base offer's interacted people
# quota 10,000 -> 12,000), replaying the last 1,000 logged decisions. Needs jq.
# ReadmeExamplesTest fails when the file no longer holds rules/ with exactly that change.
set -euo pipefail
cd "$(dirname "$0")/../.."
args=()
for f in rules/*.drl; do
  name=${f#rules/}
  text=$(cat "$f"; printf x)
  text=${text%x}
  if [ "$name" = policy.drl ]; then
    text=${text/'function long baseInteractedPeople() { return 10000L; }'/'function long baseInteractedPeople() { return 12000L; }'}
  fi
  args+=(--arg "$name" "$text")
done
jq -n '{files: $ARGS.named, last: 1000}' "${args[@]}" > docs/examples/impact-body.json
