"""The official Python client's request-queue calls against the sandbox, as a user's own script
makes them: a named queue, requests added one by one and in a batch, the head, a request marked
handled, the list paged with the client's cursor, and a crawler run's default queue. Answers are
read into the client's typed models, so a field the sandbox gets wrong fails here."""

import os
from datetime import datetime, timezone

from apify_client import ApifyClient

client = ApifyClient(os.environ["SANDBOX_TOKEN"], api_url=os.environ["SANDBOX_URL"], max_retries=2)

queue = client.request_queues().get_or_create(name="py-client-queue")
rq = client.request_queue(queue.id)
first = rq.add_request({"url": "https://example.com/1", "unique_key": "https://example.com/1"})
assert first.was_already_present is False, first
again = rq.add_request({"url": "https://example.com/1", "unique_key": "https://example.com/1"})
assert again.was_already_present is True and again.request_id == first.request_id, again
batch = rq.batch_add_requests(
    [{"url": f"https://example.com/{n}", "unique_key": f"https://example.com/{n}"} for n in range(2, 40)]
)
assert len(batch.processed_requests) == 38 and not batch.unprocessed_requests, batch

head = rq.list_head(limit=5)
assert [item.url for item in head.items][:2] == ["https://example.com/1", "https://example.com/2"], head

request = rq.get_request(first.request_id)
assert request is not None and request.url == "https://example.com/1", request
request.handled_at = datetime.now(timezone.utc)
updated = rq.update_request(request)
assert updated.was_already_handled is False, updated
assert rq.list_head(limit=1).items[0].url == "https://example.com/2"

got = rq.get()
assert (got.total_request_count, got.handled_request_count, got.pending_request_count) == (39, 1, 38), got
every = list(rq.iterate_requests(chunk_size=10))
assert len(every) == 39 and len({r.id for r in every}) == 39, len(every)
pending = list(rq.iterate_requests(filter=["pending"], chunk_size=10))
assert len(pending) == 38, len(pending)

run = client.actor("sandbox-user/crawl-pages").call(run_input={"maxPages": 60, "pagesPerSecond": 100000}, logger=None)
assert run.status == "SUCCEEDED", run
crawled = client.run(run.id).request_queue().get()
assert (crawled.total_request_count, crawled.handled_request_count) == (60, 60), crawled

# The platform takes an Actor as `username/name` where a body names one.
task = client.tasks().create(actor_id="sandbox-user/crawl-pages", name="py-crawl-task", task_input={"maxPages": 5})
assert task.act_id == run.act_id, task
client.task(task.id).delete()

rq.delete()
assert client.request_queue(queue.id).get() is None
print("the Python client: queue, add, batch, head, mark handled, list by cursor, a run's queue: ok")
