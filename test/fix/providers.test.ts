import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/engine/types.js';
import { applySpans, lineStarts, spanOf } from '../../src/fix/edits.js';
import { provideFixes } from '../../src/fix/providers.js';

const FILE = '/srv/nginx/app.conf';

function findingAt(text: string, needle: string, extra: Partial<Finding> = {}): Finding {
  const offset = text.indexOf(needle);
  const before = text.slice(0, offset).split('\n');

  return {
    ruleId: 'NGX001',
    ruleName: 'syntax',
    severity: 'error',
    message: 'unexpected "}"',
    file: FILE,
    line: before.length,
    column: before.at(-1)!.length + 1,
    endLine: before.length,
    endColumn: before.at(-1)!.length + 1 + needle.length,
    related: [],
    fingerprint: 'x',
    ...extra,
  };
}

/** The text after a fix's edits (all in FILE). */
function fixed(text: string, finding: Finding, index = 0): string {
  const [withFix] = provideFixes([finding], (f) => (f === FILE ? text : undefined));
  const fix = withFix.fixes?.[index];

  assert.ok(fix, 'expected a fix');

  return applySpans(
    text,
    fix.edits.map((e) => spanOf(e, lineStarts(text), text.length)),
  );
}

test('missing ";" before "}" is inserted after the last word, past comments and CRLF', () => {
  const text = 'server {\r\n    listen 80 # the only port\r\n    # more\r\n}\r\n';
  const result = fixed(text, findingAt(text, '}'));

  assert.equal(result, 'server {\r\n    listen 80; # the only port\r\n    # more\r\n}\r\n');
});

test('missing ";" at the end of the file is appended after the last word', () => {
  const text = 'user www-data;\ninclude /etc/nginx/modules-enabled/*.conf\n';
  const finding = findingAt(text, 'include', {
    message: 'unexpected end of file, expecting ";" or "}"',
  });

  assert.equal(
    fixed(text, finding),
    'user www-data;\ninclude /etc/nginx/modules-enabled/*.conf;\n',
  );
});

test('a stray "}" after a complete directive gets no fix', () => {
  const text = 'events { }\n}\n';
  const [result] = provideFixes([findingAt(text, '}\n')], () => text);

  assert.equal(result.fixes, undefined);
});

test('"ssl on" becomes the ssl parameter of every listen of its server, and only there', () => {
  const text = [
    'server {',
    '\tlisten 443 default_server;',
    '\tlisten [::]:443;',
    '\tlisten 8443 ssl;',
    '\tssl on;   ',
    '\tserver_name a;',
    '}',
    'server { listen 80; }',
    '',
  ].join('\n');
  const finding = findingAt(text, 'ssl on', {
    ruleId: 'NGX120',
    ruleName: 'ssl-directive',
    message: 'the "ssl" directive is deprecated',
  });
  const [withFix] = provideFixes([finding], () => text);

  assert.equal(withFix.fixes?.[0].certain, true);
  assert.equal(
    fixed(text, finding),
    [
      'server {',
      '\tlisten 443 ssl default_server;',
      '\tlisten [::]:443 ssl;',
      '\tlisten 8443 ssl;',
      '\tserver_name a;',
      '}',
      'server { listen 80; }',
      '',
    ].join('\n'),
  );
});

test('"ssl on" beside an include, without listen or outside its server is not fixed', () => {
  const withInclude = 'server {\n    include listen.conf;\n    ssl on;\n}\n';
  const noListen = 'server {\n    ssl on;\n}\n';
  // A snippet a server includes: that server's own listens are in another file.
  const snippet = 'listen 443;\nssl on;\n';
  const inHttp = 'http {\n    listen 443;\n    ssl on;\n}\n';
  const off = 'server { listen 443 ssl; ssl off; }\n';
  const rule = {
    ruleId: 'NGX120',
    ruleName: 'ssl-directive',
    message: 'the "ssl" directive is deprecated',
  };

  for (const text of [withInclude, noListen, snippet, inHttp]) {
    const [result] = provideFixes([findingAt(text, 'ssl on', rule)], () => text);

    assert.equal(result.fixes, undefined, text);
  }

  // `ssl on` in http, perhaps in another file, would reach the server without its `ssl off`.
  assert.equal(fixed(off, findingAt(off, 'ssl off', rule)), 'server { listen 443 ssl;  }\n');
  assert.equal(
    provideFixes([findingAt(off, 'ssl off', rule)], () => off)[0].fixes?.[0].certain,
    false,
  );
});

test('a port mismatch offers both sides as suggestions, never as certain fixes', () => {
  const env = '/srv/.env';
  const envText = 'APP_NAME=x\nUVICORN_PORT=8000\n';
  const text = 'location / {\n    proxy_pass http://127.0.0.1:8001/;\n}\n';
  const finding = findingAt(text, 'proxy_pass http://127.0.0.1:8001/;', {
    ruleId: 'NGX303',
    ruleName: 'proxy-pass-app-port',
    message:
      'proxy_pass targets port "8001", expected the app port "8000" (UVICORN_PORT in .env:2)',
    related: [
      {
        file: env,
        line: 2,
        column: 1,
        endLine: 2,
        endColumn: 18,
        message: 'app port set by UVICORN_PORT',
      },
    ],
  });
  const [result] = provideFixes([finding], (f) =>
    f === FILE ? text : f === env ? envText : undefined,
  );
  const fixes = result.fixes ?? [];

  assert.deepEqual(
    fixes.map((f) => [f.description, f.certain]),
    [
      ["Point proxy_pass at the app's port 8000", false],
      ['Move the app to port 8001, where proxy_pass points', false],
    ],
  );
  assert.deepEqual(fixes[0].edits, [
    { file: FILE, range: { line: 2, column: 33, endLine: 2, endColumn: 37 }, text: '8000' },
  ]);
  assert.deepEqual(fixes[1].edits, [
    { file: env, range: { line: 2, column: 14, endLine: 2, endColumn: 18 }, text: '8001' },
  ]);
});

test('in a file with syntax errors no fix explains, a missing ";" is only a suggestion', () => {
  const text = 'server {\n    listen 80\n}\nlocation ) {\n';
  const findings = [findingAt(text, '}'), findingAt(text, ')', { message: 'unexpected ")"' })];
  const [withFix, other] = provideFixes(findings, () => text);

  assert.equal(withFix.fixes?.[0].certain, false);
  assert.equal(other.fixes, undefined);
});

test('"ssl on" adds no ssl to a listen that already has it, quoted or not', () => {
  const text =
    'server {\n\tlisten 443 "ssl";\n\tlisten 8443 \'ssl\' http2;\n\tlisten 9443;\n\tssl on;\n}\n';
  const rule = {
    ruleId: 'NGX010',
    ruleName: 'unknown-directive',
    message: 'unknown directive "ssl"',
  };

  assert.equal(
    fixed(text, findingAt(text, 'ssl on', rule)),
    'server {\n\tlisten 443 "ssl";\n\tlisten 8443 \'ssl\' http2;\n\tlisten 9443 ssl;\n}\n',
  );
});

test('a missing ";" after a trailing backslash is a suggestion that escapes the backslash', () => {
  const text = 'server { listen 80; add_header X abc\\';
  const finding = findingAt(text, 'abc', {
    message: 'unexpected end of file, expecting ";" or "}"',
    line: 1,
    column: text.length + 1,
  });
  const [withFix] = provideFixes([finding], () => text);

  assert.equal(withFix.fixes?.length, 1);
  assert.equal(withFix.fixes?.[0].certain, false);
  assert.equal(fixed(text, finding), 'server { listen 80; add_header X abc\\\\;');

  // Two backslashes escape each other: the `;` goes right after them, and is certain.
  const even = 'add_header X abc\\\\\n';
  const evenFinding = findingAt(even, 'add', {
    message: 'unexpected end of file, expecting ";" or "}"',
  });
  const [evenFix] = provideFixes([evenFinding], () => even);

  assert.equal(evenFix.fixes?.[0].certain, true);
  assert.equal(fixed(even, evenFinding), 'add_header X abc\\\\;\n');
});
