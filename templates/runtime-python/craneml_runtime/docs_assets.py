"""The /docs page, its script and its style: the API read from /openapi.json in the browser, with no CDN (the page's CSP allows 'self' only)."""

DOCS_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>API docs</title><link rel="stylesheet" href="/docs/docs.css"></head>
<body><main><h1 id="title">API docs</h1><p id="description"></p>
<h2>Columns</h2><table id="columns"><thead><tr><th>name</th><th>type</th><th>description</th><th>bounds</th><th>default</th><th>example</th></tr></thead><tbody></tbody></table>
<h2>Try it</h2><textarea id="body" rows="8"></textarea><p><button id="send" type="button">POST /predict</button></p><pre id="answer"></pre>
<h2>Endpoints</h2><ul id="paths"></ul>
<p><a href="/openapi.json">openapi.json</a></p></main><script src="/docs/docs.js"></script></body></html>
"""

DOCS_JS = """'use strict';
(async () => {
  const doc = await (await fetch('/openapi.json')).json();
  const text = (id, value) => { document.getElementById(id).textContent = value; };
  text('title', doc.info.title);
  text('description', doc.info.description);
  const body = doc.paths['/predict'].post.requestBody.content['application/json'];
  const row = body.schema.properties.instances.items;
  const named = (row.oneOf || [])[0];
  const tbody = document.querySelector('#columns tbody');
  for (const [name, cell] of Object.entries((named && named.properties) || {})) {
    const tr = document.createElement('tr');
    const bounds = [cell.minimum, cell.maximum].map((b) => (b === undefined ? '' : b)).join(' .. ');
    for (const value of [name, [].concat(cell.type).join(' | ') + (cell.enum ? ' of ' + cell.enum.join(', ') : ''), cell.description, bounds === ' .. ' ? '' : bounds,
      cell.default === undefined ? '' : JSON.stringify(cell.default), cell.examples ? JSON.stringify(cell.examples[0]) : '']) {
      const td = document.createElement('td');
      td.textContent = value;
      tr.appendChild(td);
    }
    tbody.appendChild(tr);
  }
  const example = body.examples && body.examples.instances ? body.examples.instances.value : { instances: [] };
  document.getElementById('body').value = JSON.stringify(example, null, 2);
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const li = document.createElement('li');
      li.textContent = method.toUpperCase() + ' ' + path + ': ' + op.summary;
      document.getElementById('paths').appendChild(li);
    }
  }
  document.getElementById('send').addEventListener('click', async () => {
    const res = await fetch('/predict', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: document.getElementById('body').value });
    text('answer', res.status + '\\n' + JSON.stringify(await res.json(), null, 2));
  });
})();
"""

DOCS_CSS = """body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1d2430; }
main { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #dde; padding: .25rem .5rem; text-align: left; }
textarea { width: 100%; font: 13px monospace; } pre { background: #f4f5f8; padding: .75rem; overflow: auto; }
small { color: #667; }
"""
