/**
 * The /docs page: a small self-contained renderer of /openapi.json (no CDN, no fonts), inlined as
 * strings so that the bundled server carries it. The script builds the page with textContent only.
 */

export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API docs</title>
<link rel="stylesheet" href="/docs/docs.css">
<script src="/docs/docs.js" defer></script>
</head>
<body><main id="app"><p>Loading the API description…</p></main></body>
</html>
`;

export const DOCS_CSS = `body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
main{max-width:980px;margin:0 auto;padding:24px}
h1{font-size:1.6em;margin:0 0 4px}h2{margin-top:32px;font-size:1.2em}h4{margin:12px 0 4px}
.desc{white-space:pre-wrap;color:#4a5266}
details.op{background:#fff;border:1px solid #dde1e8;border-radius:6px;margin:8px 0}
details.op>summary{cursor:pointer;padding:8px 12px;font-family:ui-monospace,Menlo,monospace}
details.op>div{padding:0 12px 12px}
.m{display:inline-block;min-width:56px;font-weight:700;border-radius:4px;padding:0 6px;margin-right:8px;color:#fff;text-align:center}
.m.get{background:#2f7ad6}.m.post{background:#2e9d5b}
.sum{color:#4a5266;margin-left:8px;font-family:system-ui,sans-serif}
pre{background:#0f1420;color:#d8dee9;padding:10px;border-radius:4px;overflow:auto;max-height:320px;font-size:12px}
textarea{width:100%;min-height:120px;font-family:ui-monospace,Menlo,monospace;font-size:12px}
button{background:#2f7ad6;color:#fff;border:0;border-radius:4px;padding:6px 14px;cursor:pointer;margin:6px 6px 6px 0}
input[type=text],input[type=password]{padding:4px 6px;margin:0 6px}
.status{font-weight:700}
a{color:#2f7ad6}
`;

export const DOCS_JS = `(function () {
  'use strict';
  var KEY = 'craneml-api-key';
  var root = document.getElementById('app');
  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      if (k === 'text') node.textContent = props[k];
      else if (k === 'cls') node.className = props[k];
      else if (k === 'on') Object.keys(props.on).forEach(function (e) { node.addEventListener(e, props.on[e]); });
      else node.setAttribute(k, props[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  function pretty(value) {
    // Arrays of plain numbers stay on one line, so tensors do not run for pages.
    return JSON.stringify(value, null, 2).replace(/\\[\\s+((?:-?[\\d.e+-]+|true|false|null|"")(?:,\\s+(?:-?[\\d.e+-]+|true|false|null|""))*)\\s+\\]/g, function (_, inner) {
      return '[' + inner.replace(/,\\s+/g, ', ') + ']';
    });
  }
  function authHeaders(extra) {
    var h = extra || {};
    var key = sessionStorage.getItem(KEY);
    if (key) h['X-API-Key'] = key;
    return h;
  }
  function clear() { while (root.firstChild) root.removeChild(root.firstChild); }
  function askKey() {
    clear();
    var input = el('input', { type: 'password', placeholder: 'API key' });
    root.appendChild(el('h1', { text: 'API key required' }));
    root.appendChild(el('p', { text: 'This server needs an API key. It is kept in this tab only.' }));
    root.appendChild(el('form', { on: { submit: function (e) { e.preventDefault(); sessionStorage.setItem(KEY, input.value); load(); } } }, [input, el('button', { text: 'Continue' })]));
  }
  function load() {
    fetch('/openapi.json', { headers: authHeaders() })
      .then(function (r) { if (r.status === 401) { askKey(); return null; } return r.json(); })
      .then(function (doc) { if (doc) render(doc); })
      .catch(function (e) { clear(); root.appendChild(el('p', { text: 'Could not load /openapi.json: ' + e })); });
  }
  function showResult(out, response) {
    return response.text().then(function (text) {
      var body = text;
      try { body = pretty(JSON.parse(text)); } catch (e) { /* not JSON */ }
      out.textContent = response.status + ' ' + response.statusText + '\\n\\n' + body;
    });
  }
  function tryIt(path, method, op) {
    var box = el('div');
    var params = {};
    (op.parameters || []).forEach(function (p) {
      var input = el('input', { type: 'text', value: (p.schema && p.schema.enum && p.schema.enum[0]) || '' });
      params[p.name] = input;
      box.appendChild(el('label', { text: p.name }, [input]));
    });
    var out = el('pre', { text: '' });
    var url = function () { return path.replace(/\\{(\\w+)\\}/g, function (_, n) { return encodeURIComponent(params[n].value); }); };
    var run = function (init) {
      out.textContent = '…';
      init.headers = authHeaders(init.headers);
      init.method = method.toUpperCase();
      fetch(url(), init).then(function (r) { return showResult(out, r); }).catch(function (e) { out.textContent = String(e); });
    };
    var content = (op.requestBody && op.requestBody.content) || {};
    if (method === 'get') box.appendChild(el('button', { text: 'Send', on: { click: function () { run({}); } } }));
    if (content['application/json']) {
      var json = content['application/json'];
      var examples = json.examples ? Object.keys(json.examples).map(function (k) { return json.examples[k].value; }) : [json.example];
      var area = el('textarea', {});
      area.value = examples[0] === undefined ? '{}' : pretty(examples[0]);
      box.appendChild(el('h4', { text: 'Try it: JSON body' }));
      box.appendChild(area);
      box.appendChild(el('button', { text: 'Send JSON', on: { click: function () { run({ body: area.value, headers: { 'Content-Type': 'application/json' } }); } } }));
    }
    if (content['multipart/form-data']) {
      var file = el('input', { type: 'file', accept: 'image/png,image/jpeg', multiple: 'multiple' });
      box.appendChild(el('h4', { text: 'Try it: image files' }));
      box.appendChild(file);
      box.appendChild(el('button', { text: 'Send images', on: { click: function () {
        var form = new FormData();
        Array.prototype.forEach.call(file.files, function (f) { form.append('image', f); });
        run({ body: form });
      } } }));
    }
    box.appendChild(out);
    return box;
  }
  function operation(path, method, op) {
    var parts = [];
    var content = (op.requestBody && op.requestBody.content) || {};
    Object.keys(content).forEach(function (type) {
      parts.push(el('h4', { text: 'Request body: ' + type }));
      parts.push(el('pre', { text: pretty(content[type].schema || {}) }));
    });
    parts.push(el('h4', { text: 'Responses' }));
    Object.keys(op.responses || {}).forEach(function (status) {
      var r = op.responses[status];
      parts.push(el('div', {}, [el('span', { cls: 'status', text: status + ' ' }), el('span', { text: r.description || '' })]));
      var c = r.content && r.content['application/json'];
      if (c && c.example !== undefined) parts.push(el('pre', { text: pretty(c.example) }));
    });
    parts.push(tryIt(path, method, op));
    return el('details', { cls: 'op' }, [
      el('summary', {}, [el('span', { cls: 'm ' + method, text: method.toUpperCase() }), el('span', { text: path }), el('span', { cls: 'sum', text: op.summary || '' })]),
      el('div', {}, parts),
    ]);
  }
  function render(doc) {
    clear();
    document.title = doc.info.title + ' · API docs';
    root.appendChild(el('h1', { text: doc.info.title }));
    root.appendChild(el('p', { cls: 'desc', text: doc.info.description || '' }));
    root.appendChild(el('p', {}, [el('a', { href: '/openapi.json', text: 'openapi.json' }), document.createTextNode(' · '), el('a', { href: '/', text: 'status' })]));
    root.appendChild(el('h2', { text: 'Endpoints' }));
    Object.keys(doc.paths).forEach(function (path) {
      Object.keys(doc.paths[path]).forEach(function (method) { root.appendChild(operation(path, method, doc.paths[path][method])); });
    });
    root.appendChild(el('h2', { text: 'Schemas' }));
    var schemas = (doc.components && doc.components.schemas) || {};
    Object.keys(schemas).forEach(function (name) {
      root.appendChild(el('details', { cls: 'op' }, [el('summary', { text: name }), el('div', {}, [el('pre', { text: pretty(schemas[name]) })])]));
    });
  }
  load();
})();
`;
