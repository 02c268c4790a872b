import type { TurnDescriptionV1 } from '@quorum/core';
import { titleSubject } from './design-components.js';

/** A phase whose instructions ask for files as code blocks under their paths (the delivery pipeline's implementation, testing and file generation). */
export const FILES_INSTRUCTION = /code\s+block\s+preceded\s+by\s+its\s+path/i;

/** A file of the simulated deliverable. */
interface SimulatedFile {
  readonly path: string;
  readonly language: string;
  readonly content: string;
}

/**
 * The files a simulated persona delivers when the phase asks for them: a small, working
 * Node.js service for the discussion's subject (no dependencies, `node --test` runs its
 * tests), split the way the delivery pipeline splits the work. Engineers of the server side
 * write the server and its store, those of the user interface a page and its script, testers
 * the tests; whoever assembles the deliverable restates the latest version of every file
 * (as the phase asks) and adds the README. Undefined when the persona has nothing to deliver.
 */
export function simulatedFiles(turn: TurnDescriptionV1): string | undefined {
  const who = `${turn.persona.alias} ${turn.persona.role}`.toLowerCase();
  const subject = titleSubject(turn.title).toLowerCase() || 'items';
  const resource = slug(subject);
  let files: SimulatedFile[];
  if (/\bqa\b|test/.test(who)) files = [testFile(resource)];
  else if (/front|\bui\b/.test(who)) files = frontendFiles(resource, subject);
  else if (/back|server|\bapi\b/.test(who)) files = backendFiles(resource);
  else if (/project|manager|\blead\b|architect/.test(who)) files = [...latestFiles(turn), readme(turn.title, resource)];
  else return undefined;
  return files.map((file) => `\`${file.path}\`\n\`\`\`${file.language}\n${file.content.trimEnd()}\n\`\`\``).join('\n\n');
}

function backendFiles(resource: string): SimulatedFile[] {
  return [
    {
      path: 'src/store.js',
      language: 'js',
      content: `// In-memory store for ${resource}; swap for a database behind the same three functions.
const records = new Map();
let next = 1;

export function list() {
  return [...records.values()];
}

export function create(fields) {
  const record = { id: String(next++), ...fields, createdAt: new Date().toISOString() };
  records.set(record.id, record);
  return record;
}

export function get(id) {
  return records.get(id);
}
`,
    },
    {
      path: 'src/server.js',
      language: 'js',
      content: `import http from 'node:http';
import { create, get, list } from './store.js';

const MAX_BODY = 64 * 1024;

/** GET /${resource}, POST /${resource} (JSON with a "name"), GET /${resource}/:id. */
export function createServer() {
  return http.createServer(async (request, response) => {
    const send = (status, body) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const [, collection, id] = (request.url ?? '/').split('?')[0].split('/');
    if (collection !== '${resource}') return send(404, { error: 'not found' });
    if (request.method === 'GET' && id === undefined) return send(200, list());
    if (request.method === 'GET') {
      const record = get(id);
      return record === undefined ? send(404, { error: 'not found' }) : send(200, record);
    }
    if (request.method === 'POST' && id === undefined) {
      let body = '';
      for await (const chunk of request) {
        body += chunk;
        if (body.length > MAX_BODY) return send(413, { error: 'body too large' });
      }
      let fields;
      try {
        fields = JSON.parse(body);
      } catch {
        return send(400, { error: 'body is not JSON' });
      }
      if (typeof fields?.name !== 'string' || fields.name.trim() === '') return send(422, { error: 'name is required' });
      return send(201, create({ name: fields.name.trim() }));
    }
    return send(405, { error: 'method not allowed' });
  });
}

if (import.meta.url === \`file://\${process.argv[1]}\`) {
  const port = Number(process.env.PORT ?? 3000);
  createServer().listen(port, () => console.log(\`listening on http://localhost:\${port}/${resource}\`));
}
`,
    },
    { path: 'package.json', language: 'json', content: `${JSON.stringify({ name: resource, version: '0.1.0', type: 'module', scripts: { start: 'node src/server.js', test: 'node --test' } }, null, 2)}\n` },
  ];
}

function frontendFiles(resource: string, subject: string): SimulatedFile[] {
  return [
    {
      path: 'public/index.html',
      language: 'html',
      content: `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(subject)}</title>
  </head>
  <body>
    <main>
      <h1>${escapeHtml(subject)}</h1>
      <form id="create">
        <label for="name">Name</label>
        <input id="name" name="name" required />
        <button type="submit">Add</button>
      </form>
      <p id="status" role="status" aria-live="polite"></p>
      <ul id="list"></ul>
    </main>
    <script type="module" src="app.js"></script>
  </body>
</html>
`,
    },
    {
      path: 'public/app.js',
      language: 'js',
      content: `const list = document.querySelector('#list');
const status = document.querySelector('#status');

async function refresh() {
  const response = await fetch('/${resource}');
  const records = await response.json();
  list.replaceChildren(...records.map((record) => Object.assign(document.createElement('li'), { textContent: record.name })));
}

document.querySelector('#create').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = new FormData(event.target).get('name');
  const response = await fetch('/${resource}', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
  status.textContent = response.ok ? 'Added.' : (await response.json()).error;
  if (response.ok) event.target.reset();
  await refresh();
});

refresh();
`,
    },
  ];
}

function testFile(resource: string): SimulatedFile {
  return {
    path: 'test/server.test.js',
    language: 'js',
    content: `import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createServer } from '../src/server.js';

let base;
const server = createServer();
before(async () => {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = \`http://127.0.0.1:\${server.address().port}/${resource}\`;
});
after(() => server.close());

test('creates a record and lists it', async () => {
  const created = await fetch(base, { method: 'POST', body: JSON.stringify({ name: 'first' }) });
  assert.equal(created.status, 201);
  const { id } = await created.json();
  const listed = await (await fetch(base)).json();
  assert.ok(listed.some((record) => record.id === id));
});

test('refuses a record without a name', async () => {
  const response = await fetch(base, { method: 'POST', body: JSON.stringify({}) });
  assert.equal(response.status, 422);
});

test('refuses a body that is not JSON', async () => {
  const response = await fetch(base, { method: 'POST', body: 'not json' });
  assert.equal(response.status, 400);
});

test('answers 404 for an unknown record', async () => {
  assert.equal((await fetch(\`\${base}/missing\`)).status, 404);
});
`,
  };
}

function readme(title: string, resource: string): SimulatedFile {
  return {
    path: 'README.md',
    language: 'md',
    content: `# ${title}

A small Node.js service (no dependencies) with a page to use it.

- \`npm start\` serves \`/${resource}\` on port 3000 (\`PORT\` changes it).
- \`npm test\` runs the tests with \`node --test\`.

Known limitations: records live in memory, so they are lost on restart; there is no
authentication yet.
`,
  };
}

/** The latest version of each file given so far in the discussion, as code blocks under their paths. */
function latestFiles(turn: TurnDescriptionV1): SimulatedFile[] {
  const latest = new Map<string, SimulatedFile>();
  const block = /^`([^`\n]+)`\n```(\w*)\n([\s\S]*?)\n```$/gm;
  for (const comment of turn.comments) {
    for (const [, path, language, content] of comment.text.matchAll(block)) latest.set(path!, { path: path!, language: language!, content: content! });
  }
  latest.delete('README.md');
  return [...latest.values()];
}

function slug(text: string): string {
  const words = text.replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
  return words.slice(-2).join('-') || 'items';
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
