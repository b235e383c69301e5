// The official JavaScript client's schedule calls against the sandbox, as a user's own script
// would make them: create, list, read, turn off and on, the log after the clock moved, delete.
import assert from 'node:assert/strict';
import { ApifyClient } from 'apify-client';

const { SANDBOX_URL: baseUrl, SANDBOX_TOKEN: token, SANDBOX_CONTROL_TOKEN: control } = process.env;
if (!baseUrl || !token || !control) throw new Error('run this through scripts/official-clients.sh');
const client = new ApifyClient({ token, baseUrl, maxRetries: 2 });

const made = await client.schedules().create({
  name: 'js-client',
  cronExpression: '0 9 * * 1-5',
  timezone: 'Europe/Prague',
  isEnabled: true,
  isExclusive: false,
  actions: [{ type: 'RUN_ACTOR', actorId: 'sandbox-user~generate-items', runInput: { body: '{"itemCount": 2}', contentType: 'application/json' } }],
});
assert.equal(made.cronExpression, '0 9 * * 1-5');
assert.ok(made.nextRunAt, 'a schedule that is on has a next run');

const listed = await client.schedules().list();
assert.ok(listed.items.some((s) => s.id === made.id));
const read = await client.schedule(made.id).get();
assert.equal(read.actions[0].type, 'RUN_ACTOR');

const off = await client.schedule(made.id).update({ isEnabled: false });
assert.equal(off.isEnabled, false);
assert.equal(off.nextRunAt, null);
await client.schedule(made.id).update({ isEnabled: true });

const moved = await fetch(`${baseUrl}/_sandbox/clock`, {
  method: 'PUT',
  headers: { authorization: `Bearer ${control}`, 'content-type': 'application/json' },
  body: JSON.stringify({ advanceSeconds: 7 * 86_400 }),
});
assert.equal(moved.status, 200);
const log = await client.schedule(made.id).getLog();
assert.equal(log[0].message, 'Schedule invoked');
const runs = await client.actor('sandbox-user~generate-items').runs().list({ desc: true });
const scheduled = runs.items.filter((run) => run.meta.origin === 'SCHEDULER');
assert.equal(scheduled.length, 1, 'one run however many mornings were missed');

await client.schedule(made.id).delete();
assert.equal(await client.schedule(made.id).get(), undefined);
console.log('the JavaScript client: create, list, get, update, log, delete: ok');
