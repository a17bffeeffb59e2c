// Small deployments for the launcher rules' tests: an nginx site proxying to the app, plus
// whatever launcher files a test adds.
import type { Tree } from '../engine/lint-tree.js';

/** An nginx entry config that proxies `/` to target (default 127.0.0.1:8000). */
export function nginxTo(target = 'http://127.0.0.1:8000'): Tree {
  return {
    'nginx/nginx.conf':
      'events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n' +
      `            proxy_pass ${target};\n        }\n    }\n}\n`,
  };
}

/** A systemd unit with WorkingDirectory=/srv/app and the given ExecStart= (line 6) and extras. */
export function unit(execStart: string, extra = ''): string {
  return `[Unit]\nDescription=app\n\n[Service]\nWorkingDirectory=/srv/app\nExecStart=${execStart}\n${extra}`;
}
