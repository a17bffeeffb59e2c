import type { CommandSpec } from '../command.js';

/** `ngxlint ports`: who holds each policy port on this machine, checked against the policy. */
export const portsCommand: CommandSpec = {
  command: 'ports',
  repeatable: ['rule'],
  describe:
    'Show who holds the nginx and app ports on this machine and check them (never stops anything)',
  builder: (y) =>
    y
      .option('format', {
        alias: 'f',
        type: 'string',
        describe: 'output format: text, json, sarif (default text)',
      })
      .option('output', { alias: 'o', type: 'string', describe: 'write the report to FILE' })
      .option('config', { alias: 'c', type: 'string', describe: 'project config file' })
      .option('nginx-conf', {
        type: 'string',
        describe: 'nginx entry config: check its listens and proxy targets',
      })
      .option('from-ss', {
        type: 'string',
        describe: 'read saved `ss -tlnp` output instead of /proc',
      })
      .option('wait-free', {
        type: 'string',
        describe: 'wait until nothing holds PORT, then exit 0',
      })
      .option('expect-free', {
        type: 'string',
        describe: 'exit 0 if nothing holds PORT now, else 1',
      })
      .option('timeout', {
        type: 'string',
        default: '10s',
        describe: 'how long --wait-free waits (10s, 500ms, 2m)',
      })
      .option('app-port', {
        type: 'string',
        describe: 'the app port (overrides UVICORN_PORT and the config)',
      })
      .option('uvicorn-port', { type: 'string', describe: 'same as --app-port' })
      .option('rule', { type: 'string', describe: 'NAME=SEVERITY override (repeatable)' })
      .option('fail-on', {
        type: 'string',
        describe: 'lowest severity that exits 1: error, warning, info, none (default error)',
      })
      .option('color', { type: 'boolean', describe: 'colour text output (default: when a TTY)' })
      .conflicts('wait-free', ['expect-free', 'from-ss'])
      .conflicts('expect-free', 'from-ss'),
  run: async (argv) => {
    const { runPorts } = await import('../../live/run-ports.js');

    return runPorts(argv);
  },
};
