import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
const agent = new http.Agent({ keepAlive: true });
// Times each request of the docker-style blob push (HEAD, POST, PATCH, PUT) and a GET.
// Usage: node tools/bench/blob-push-latency.mjs [base-url] [user:pass]
const base = process.argv[2] ?? 'http://127.0.0.1:5600';
const creds = process.argv[3] ?? 'admin:pw';
const tok = (
  await (
    await fetch(`${base}/auth/token?service=berth&scope=repository:bench/seq:pull,push`, {
      headers: { authorization: 'Basic ' + Buffer.from(creds).toString('base64') },
    })
  ).json()
).token;
function req(method, path, body) {
  return new Promise((res, rej) => {
    const t0 = process.hrtime.bigint();
    const r = http.request(
      base + path,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${tok}`,
          ...(body ? { 'content-type': 'application/octet-stream', 'content-length': body.length } : {}),
        },
      },
      (resp) => {
        resp.resume();
        resp.on('end', () =>
          res({
            status: resp.statusCode,
            headers: resp.headers,
            ms: Number(process.hrtime.bigint() - t0) / 1e6,
          }),
        );
      },
    );
    r.on('error', rej);
    r.end(body);
  });
}
const times = { HEAD: [], POST: [], PATCH: [], PUT: [], GET: [] };
for (let i = 0; i < 300; i++) {
  const data = randomBytes(16 * 1024);
  const dg = 'sha256:' + createHash('sha256').update(data).digest('hex');
  let r = await req('HEAD', `/v2/bench/seq/blobs/${dg}`);
  times.HEAD.push(r.ms);
  r = await req('POST', `/v2/bench/seq/blobs/uploads/`);
  times.POST.push(r.ms);
  const loc = r.headers.location;
  r = await req('PATCH', loc, data);
  times.PATCH.push(r.ms);
  const loc2 = r.headers.location;
  r = await req('PUT', loc2 + (loc2.includes('?') ? '&' : '?') + 'digest=' + dg);
  times.PUT.push(r.ms);
  if (r.status !== 201) console.log('PUT', r.status);
  r = await req('GET', `/v2/bench/seq/blobs/${dg}`);
  times.GET.push(r.ms);
}
for (const [k, v] of Object.entries(times)) {
  v.sort((a, b) => a - b);
  console.log(
    k.padEnd(6),
    'p50',
    v[v.length >> 1].toFixed(2),
    'ms  mean',
    (v.reduce((a, b) => a + b) / v.length).toFixed(2),
  );
}
