import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import Ajv from 'ajv';
import { certainlyValid } from '../../src/config/quick-check.js';
import { REPO_ROOT } from '../helpers.js';

const schema = JSON.parse(
  readFileSync(join(REPO_ROOT, 'schemas', 'ngxlint.config.schema.json'), 'utf8'),
);
const ajv = new Ajv.default({ allErrors: true, strictTuples: false });
const validate = ajv.compile(schema);

/** Mostly values the schema accepts, sometimes one it does not. */
function mostly<T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>): fc.Arbitrary<T | U> {
  return fc.oneof({ arbitrary: good, weight: 12 }, { arbitrary: bad, weight: 1 });
}

const severity = mostly(
  fc.constantFrom('off', 'info', 'warning', 'error'),
  fc.constantFrom('warn', 'ERROR', 2),
);
const ruleKey = mostly(
  fc.constantFrom('NGX001', 'NGX301', 'single-listen-80'),
  fc.constantFrom('NGX999', 'nope'),
);
const port = mostly(
  fc.integer({ min: 1, max: 65535 }),
  fc.oneof(fc.integer({ min: -5, max: 70000 }), fc.double(), fc.constant('80')),
);
const setting = fc.oneof(
  severity,
  fc.tuple(severity),
  fc.tuple(severity, mostly(fc.constant({}), fc.dictionary(fc.constantFrom('ports', 'x'), port))),
  mostly(fc.constant('error'), fc.array(severity, { maxLength: 3 })),
);
const config = fc
  .record(
    {
      $schema: mostly(fc.string(), fc.integer()),
      app: mostly(
        fc.record({ port, alternatePort: port, launcher: fc.string() }, { requiredKeys: [] }),
        fc.record({ port, extra: fc.boolean() }),
      ),
      nginx: fc.record(
        {
          ports: fc.array(port, { maxLength: 4 }),
          context: mostly(fc.constantFrom('main', 'http', 'server'), fc.constantFrom('mail', 3)),
          version: mostly(
            fc.constantFrom('1.22.1', '1.25'),
            fc.constantFrom('1', 'v1.2.3', '1.2.3.4'),
          ),
          modules: fc.array(mostly(fc.constantFrom('lua', 'ndk'), fc.constant(7)), {
            maxLength: 3,
          }),
          asRoot: mostly(fc.boolean(), fc.constant('yes')),
          conf: fc.string(),
        },
        { requiredKeys: [] },
      ),
      pathMap: fc.dictionary(
        fc.constantFrom('/etc/nginx', '/srv'),
        mostly(fc.string(), fc.integer()),
      ),
      rules: fc.dictionary(ruleKey, setting, { maxKeys: 4 }),
    },
    { requiredKeys: [] },
  )
  .chain((value) => mostly(fc.constant(value), fc.constant({ ...value, unknown: 1 })));

test('the quick check never calls valid what ajv rejects, and passes plain valid configs', () => {
  let agreedValid = 0;

  fc.assert(
    fc.property(config, (value) => {
      const quick = certainlyValid(schema, value);
      const full = validate(value);

      if (quick) assert.equal(full, true, JSON.stringify(value));
      if (quick && full) agreedValid += 1;
    }),
    { numRuns: 3000, seed: 8 },
  );

  // Without this the property above would hold for a check that answers false to everything.
  assert.ok(agreedValid > 50, `only ${agreedValid} valid configs were recognised`);
});

test('the quick check answers valid, invalid and "not sure" where it should', () => {
  const valid = {
    app: { port: 8000 },
    nginx: { ports: [80, 443, 8080], version: '1.22.1', modules: ['lua'], asRoot: false },
    pathMap: { '/etc/nginx': 'nginx' },
    rules: { NGX001: 'error', 'single-listen-80': ['warning', {}] },
  };

  assert.equal(certainlyValid(schema, valid), true);
  assert.equal(certainlyValid(schema, { ...valid, nginx: { ports: [80, 80] } }), false);
  assert.equal(certainlyValid(schema, { app: { port: 8000.5 } }), false);
  assert.equal(certainlyValid(schema, { nginx: { version: '1.x' } }), false);
  assert.equal(certainlyValid(schema, { rules: { NGX001: [] } }), false);
  assert.equal(certainlyValid(schema, { colour: true }), false);
  assert.equal(certainlyValid({ type: 'object', required: ['a'] }, { a: 1 }), false);
  assert.equal(certainlyValid({ type: 'array', uniqueItems: true }, [{}, {}]), false);
});
