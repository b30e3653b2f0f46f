const Marketo = require('node-marketo-rest');
const crypto = require('crypto');
const base = process.argv[2];
const m = new Marketo({ endpoint: base + '/rest', identity: base + '/identity', clientId: 'sim-client-id', clientSecret: 'sim-client-secret' });
const sleep = ms => new Promise(r => setTimeout(r, ms));
async function run2(name, api, filter) { return run(name, api, null, filter, true); }
async function run(name, api, fields, filter, noFields) {
  const c = noFields ? await api.create(filter) : await api.create(fields, filter);
  const id = c.result[0].exportId;
  console.log(name, 'create', c.result[0].status, id);
  const e = await api.enqueue(id);
  console.log(name, 'enqueue', e.result[0].status);
  let s;
  for (let i = 0; i < 50; i++) { s = await api.status(id); if (s.result[0].status === 'Completed') break; await sleep(200); }
  console.log(name, 'status', JSON.stringify(s.result[0]));
  const f = await api.file(id);
  const text = typeof f === 'string' ? f : (Buffer.isBuffer(f) ? f.toString('utf8') : JSON.stringify(f));
  const sum = 'sha256:' + crypto.createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
  console.log(name, 'file', typeof f, text.length, 'chars; lines', text.split('\n').length - 1, '; checksum match', sum === s.result[0].fileChecksum);
  console.log(text.split('\n').slice(0, 3).join('\n'));
}
(async () => {
  try {
    await run('leads', m.bulkLeadExtract, ['id', 'email', 'firstName', 'company', 'createdAt'], { createdAt: { startAt: '2026-01-01T00:00:00Z', endAt: '2026-01-31T00:00:00Z' } });
    await run2('activities', m.bulkActivityExtract, { createdAt: { startAt: '2026-01-01T00:00:00Z', endAt: '2026-01-31T00:00:00Z' } });
    console.log('OK');
  } catch (e) { console.error('FAILED', e); process.exit(1); }
})();
