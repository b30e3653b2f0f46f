// Drives the simulator with the npm package node-marketo-rest, unchanged: create -> enqueue -> status -> file for
// leads and activities. Exits 0 only when both files arrive and their SHA-256 equals the reported fileChecksum.
// Usage: node node-marketo-rest-check.js <instance root URL>
const Marketo = require('node-marketo-rest');
const crypto = require('crypto');

const base = process.argv[2];
if (!base) {
  console.error('usage: node node-marketo-rest-check.js http://127.0.0.1:PORT');
  process.exit(2);
}

const marketo = new Marketo({
  endpoint: base + '/rest',
  identity: base + '/identity',
  clientId: process.env.SIM_CLIENT_ID || 'sim-client-id',
  clientSecret: process.env.SIM_CLIENT_SECRET || 'sim-client-secret',
});

// The third-party client polls the way its users would; this wait is the client's, not a test's synchronisation.
const pause = ms => new Promise(resolve => setTimeout(resolve, ms));

async function exportOnce(name, create, api) {
  const created = await create();
  const id = created.result[0].exportId;
  console.log(name, 'create', created.result[0].status, id);
  const queued = await api.enqueue(id);
  console.log(name, 'enqueue', queued.result[0].status);
  let status;
  for (let i = 0; i < 300; i++) {
    status = (await api.status(id)).result[0];
    if (status.status === 'Completed' || status.status === 'Failed' || status.status === 'Cancelled') break;
    await pause(100);
  }
  console.log(name, 'status', JSON.stringify(status));
  if (status.status !== 'Completed') throw new Error(name + ' ended ' + status.status);
  const file = await api.file(id);
  const bytes = Buffer.isBuffer(file) ? file : Buffer.from(typeof file === 'string' ? file : JSON.stringify(file), 'utf8');
  const sum = 'sha256:' + crypto.createHash('sha256').update(bytes).digest('hex');
  const rows = bytes.toString('utf8').split('\n').length - 1;
  console.log(name, 'file', bytes.length, 'bytes;', rows, 'lines; checksum match', sum === status.fileChecksum);
  if (sum !== status.fileChecksum) throw new Error(name + ': checksum ' + sum + ' != ' + status.fileChecksum);
  if (bytes.length !== status.fileSize) throw new Error(name + ': size ' + bytes.length + ' != ' + status.fileSize);
}

(async () => {
  try {
    const range = { createdAt: { startAt: '2026-01-01T00:00:00Z', endAt: '2026-01-31T00:00:00Z' } };
    await exportOnce('leads',
      () => marketo.bulkLeadExtract.create(['id', 'email', 'firstName', 'company', 'createdAt'], range),
      marketo.bulkLeadExtract);
    await exportOnce('activities', () => marketo.bulkActivityExtract.create(range), marketo.bulkActivityExtract);
    console.log('OK');
  } catch (e) {
    console.error('FAILED', e && e.message ? e.message : e);
    process.exit(1);
  }
})();
