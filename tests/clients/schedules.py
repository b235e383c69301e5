"""The official Python client's schedule calls against the sandbox. Its answers are read into
the client's own typed models, so a field the sandbox gets wrong fails here."""

import json
import os
import urllib.request

from apify_client import ApifyClient

base_url = os.environ["SANDBOX_URL"]
client = ApifyClient(os.environ["SANDBOX_TOKEN"], api_url=base_url, max_retries=2)

made = client.schedules().create(
    name="py-client",
    cron_expression="30 8 1 * *",
    timezone="America/New_York",
    is_enabled=True,
    is_exclusive=True,
    actions=[{"type": "RUN_ACTOR_TASK", "actorTaskId": "sandbox-user~ten-desk-lamps"}],
)
assert made.cron_expression == "30 8 1 * *", made
assert made.next_run_at is not None

listed = client.schedules().list()
assert any(item.id == made.id for item in listed.items), listed
off = client.schedule(made.id).update(is_enabled=False)
assert off.is_enabled is False and off.next_run_at is None, off
client.schedule(made.id).update(is_enabled=True)

request = urllib.request.Request(
    f"{base_url}/_sandbox/clock",
    data=json.dumps({"advanceSeconds": 40 * 86_400}).encode(),
    method="PUT",
    headers={"authorization": f"Bearer {os.environ['SANDBOX_CONTROL_TOKEN']}", "content-type": "application/json"},
)
assert urllib.request.urlopen(request).status == 200
log = client.schedule(made.id).get_log()
assert log and log[0].message == "Schedule invoked", log

client.schedule(made.id).delete()
assert client.schedule(made.id).get() is None
print("the Python client: create, list, update, log, delete: ok")
