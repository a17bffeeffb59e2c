import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers.js';

test('explain: a rule first, then a directive as nginx.org documents it', () => {
  const rule = runCli(['explain', 'NGX010']);

  assert.equal(rule.status, 0);
  assert.ok(rule.stdout.startsWith('# NGX010 unknown-directive\n'));

  const directive = runCli(['explain', 'proxy_pass']);

  assert.equal(directive.status, 0, directive.stderr);
  assert.ok(
    directive.stdout.startsWith(
      '# proxy_pass (ngx_http_proxy_module)\n\nSyntax:  proxy_pass URL;\nDefault: —\n' +
        'Context: location, if in location, limit_except\n\nSets the protocol and address of a proxied server',
    ),
  );
  assert.match(
    directive.stdout,
    /^Documentation: https:\/\/nginx\.org\/en\/docs\/http\/ngx_http_proxy_module\.html#proxy_pass$/m,
  );
  assert.match(directive.stdout, /^# proxy_pass \(ngx_stream_proxy_module\)$/m);
  assert.equal(directive.stderr, '');
});

test('explain: an unknown name exits 2 with one line of what is accepted, and a near directive', () => {
  const typo = runCli(['explain', 'proxy_passs']);

  assert.equal(typo.status, 2);
  assert.equal(typo.stdout, '');
  assert.equal(
    typo.stderr,
    'ngxlint: unknown rule or directive "proxy_passs", expected a rule code (NGX301), a rule name ' +
      '(single-listen-80) or an nginx directive (proxy_pass); did you mean "proxy_pass"?\n',
  );

  const none = runCli(['explain', 'frobnicate']);

  assert.equal(none.status, 2);
  assert.equal(
    none.stderr,
    'ngxlint: unknown rule or directive "frobnicate", expected a rule code (NGX301), a rule name ' +
      '(single-listen-80) or an nginx directive (proxy_pass)\n',
  );
});
