import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Launcher } from '../../src/deploy/types.js';
import { readTree } from './trees.js';

function describe(launcher: Launcher, rel: (p: string) => string): string {
  const { file, line, column, endLine, endColumn } = launcher.location;
  const binds = launcher.binds.map((b) => `${b.host?.value}:${b.port?.value ?? '?'}`).join(',');

  return `${launcher.chain[0].label}: ${rel(file)}:${line}:${column}-${endLine}:${endColumn} ${binds}`;
}

test('compose: a command, environment and ports reached through YAML merge keys are read', async () => {
  const { deployment, rel } = await readTree({
    'docker-compose.yml': [
      'x-app: &app',
      '  command: uvicorn main:app --host 0.0.0.0',
      '  environment: &env',
      '    UVICORN_PORT: "8001"',
      'x-ports: &ports',
      '  ports: ["127.0.0.1:9001:8001"]',
      'services:',
      '  web:',
      '    <<: *app',
      '    ports: ["8001:8001"]',
      '  worker:',
      '    <<: [*ports, *app]',
      '    environment:',
      '      <<: *env',
      '      OTHER: "1"',
      '  api:',
      '    <<: *app',
      '    command: ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8002"]',
      '    ports: ["8002:8002"]',
      '',
    ].join('\n'),
  });

  assert.deepEqual(
    deployment.launchers.map((l) => describe(l, rel)),
    [
      // The merged command is anchored where it is written, in x-app.
      'service web in docker-compose.yml: docker-compose.yml:2:12-2:43 0.0.0.0:8001',
      'service worker in docker-compose.yml: docker-compose.yml:2:12-2:43 127.0.0.1:9001',
      // A service's own key wins over the merged one.
      'service api in docker-compose.yml: docker-compose.yml:18:14-18:76 0.0.0.0:8002',
    ],
  );

  const port = deployment.launchers[1].env.find((v) => v.name === 'UVICORN_PORT');

  assert.equal(port?.origin.location?.line, 4);
});
