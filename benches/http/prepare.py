"""Prepares a fresh b2b-server for the load test: an organisation, a token
with every scope but admin, the example buying center, and one request
with a few actions. Prints the token. Standard library only."""

import json
import sys
import time
import urllib.request

base, admin = sys.argv[1], sys.argv[2]


def call(method, path, token, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    with urllib.request.urlopen(request) as answer:
        return json.loads(answer.read() or b"null")


for _ in range(200):
    try:
        urllib.request.urlopen(base + "/healthz")
        break
    except OSError:
        time.sleep(0.05)

call("POST", "/v1/organisations", admin, {"id": "load", "name": "Load AB", "roles": ["buyer"]})
token = call("POST", "/v1/organisations/load/tokens", admin,
             {"label": "load", "scopes": ["buying:write", "compute", "feed:read"]})["token"]
with open("examples/buying/center.toml") as center, open("examples/buying/policy.toml") as policy:
    call("PUT", "/v1/buying/centers/rhein-plant", token, {"center": center.read(), "policy": policy.read()})
call("POST", "/v1/buying/requests", token, {
    "center": "rhein-plant", "actor": "anna", "request": "R-0001", "at": "2026-11-02T09:00:00Z",
    "title": "Pallet wrap", "amount": {"amount": "1200.00", "currency": "EUR"},
    "category": "consumables", "buy_class": "straight-rebuy", "supplier": "Wrapco"})
for version, (actor, at, action) in enumerate([
        ("anna", "2026-11-02T10:00:00Z", {"action": "advance"}),
        ("fatima", "2026-11-03T09:00:00Z", {"action": "approve"}),
        ("bruno", "2026-11-03T10:00:00Z", {"action": "advance"})], start=1):
    call("POST", "/v1/buying/requests/R-0001/actions", token,
         {"actor": actor, "at": at, "action": action}, {"If-Match": '"%d"' % version})
print(token)
