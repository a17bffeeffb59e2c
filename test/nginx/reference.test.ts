import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docUrl, explainDirective, findReference, plainSyntax } from '../../src/nginx/reference.js';
import { loadTable } from '../../src/nginx/table.js';

test('nginx.org links per module area; the core module sits at the top', () => {
  const base = 'https://nginx.org/en/docs/';

  assert.equal(
    docUrl('ngx_http_proxy_module', 'proxy_pass'),
    `${base}http/ngx_http_proxy_module.html#proxy_pass`,
  );
  assert.equal(
    docUrl('ngx_stream_core_module', 'listen'),
    `${base}stream/ngx_stream_core_module.html#listen`,
  );
  assert.equal(
    docUrl('ngx_core_module', 'user'),
    'https://nginx.org/en/docs/ngx_core_module.html#user',
  );
});

test('one entry per module that documents a name, with plain syntax and its default', async () => {
  const listen = await findReference('listen');

  assert.deepEqual(
    listen.map((e) => e.module),
    ['ngx_http_core_module', 'ngx_mail_core_module', 'ngx_stream_core_module'],
  );

  const [user] = await findReference('user');

  assert.equal(user.module, 'ngx_core_module');
  assert.equal(user.url, 'https://nginx.org/en/docs/ngx_core_module.html#user');

  const [sendfile] = await findReference('sendfile');

  assert.deepEqual(
    [plainSyntax(sendfile, sendfile.syntax[0]), sendfile.default],
    ['sendfile on | off;', 'off'],
  );

  const [server] = await findReference('server');

  assert.equal(plainSyntax(server, server.syntax[0]), 'server { ... }');
  assert.deepEqual(await findReference('proxy_passs'), []);
});

test('explain: nginx.org text, the table for a third-party name, a note for NGINX Plus', async () => {
  const table = loadTable({ version: '1.22.1' });
  const sendfile = (await explainDirective('sendfile', table)) ?? '';

  assert.ok(
    sendfile.startsWith(
      '# sendfile (ngx_http_core_module)\n\nSyntax:  sendfile on | off;\nDefault: sendfile off;\n' +
        'Context: http, server, location, if in location\n\n',
    ),
  );
  assert.ok(
    sendfile.endsWith(
      '\n\nDocumentation: https://nginx.org/en/docs/http/ngx_http_core_module.html#sendfile\n',
    ),
  );

  const lua = (await explainDirective('access_by_lua_block', table)) ?? '';

  assert.equal(lua.split('\n\n')[0], '# access_by_lua_block (ngx_http_lua_module)');
  assert.match(lua, /^Module: {2}third-party \("lua" in nginx\.modules\)\nContext: .*location/m);

  const plus = await explainDirective('keyval_zone', table);

  assert.match(
    plus ?? '',
    /\nNote: not a directive of nginx 1\.22\.1 with every module ngxlint knows \(NGINX Plus, or a module ngxlint has no table for\)\.\n$/,
  );

  const newer = await explainDirective('add_header_inherit', table);

  assert.match(newer ?? '', /\(nginx 1\.29\.3 brings it\)\.\n$/);
  assert.equal(await explainDirective('frobnicate', table), undefined);
});
