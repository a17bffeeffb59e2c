// Generates the benchmark's nginx trees from a fixed seed: a main nginx.conf that loads the
// NDK and Lua modules and brings in upstreams, maps and thousands of server blocks through
// glob includes. Every tree is meant to pass `nginx -t` run with `-p` on the tree's folder:
// IP addresses only, no ssl, every path relative to the prefix, listens on loopback only.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TreeOptions {
  /** About how many lines the tree holds in all (the generator stops past it). */
  lines: number;
  /** Put a finding in most servers: proxy_pass to 8001 and a second file on port 80. */
  findings: boolean;
  seed?: number;
}

export interface GeneratedTree {
  /** The tree's folder: nginx's prefix, with nginx.conf at its top. */
  root: string;
  entry: string;
  /** The ngxlint project config that declares the tree's ports. */
  config: string;
  lines: number;
  files: number;
  servers: number;
  /** Servers that carry a planted finding (zero for a clean tree). */
  seededServers: number;
}

export const DEFAULT_SEED = 0x6e67786c;

/** The high loopback ports the generated servers listen on (never 80/443/8000/8001 except 80 once). */
export const BENCH_PORTS = [20080, 20081, 20082, 20083, 20084, 20085, 20086, 20087];

const SERVERS_PER_FILE = 5;
const FILES_PER_FOLDER = 500;
// nginx reads tokens in a 4096-byte buffer (NGX_CONF_BUFFER); stay well under it.
const LONG_STRING = 3000;

/** A small deterministic generator (mulberry32), so every run builds the same tree. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;

    let t = state;

    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Writer {
  private parts: string[] = [];
  lines = 0;

  line(depth: number, text: string): void {
    this.parts.push(`${'    '.repeat(depth)}${text}\n`);
    this.lines += 1;
  }

  text(): string {
    return this.parts.join('');
  }
}

/** Writes a tree of about `options.lines` lines into `root` (which must be empty or absent). */
export function generateTree(root: string, options: TreeOptions): GeneratedTree {
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const word = (length: number): string => {
    let out = '';

    for (let i = 0; i < length; i += 1)
      out += 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)];

    return out;
  };

  for (const folder of ['logs', 'html', 'temp', 'upstreams', 'maps', 'sites']) {
    mkdirSync(join(root, folder), { recursive: true });
  }

  let lines = 0;
  let files = 0;
  let servers = 0;
  let seededServers = 0;
  const write = (relative: string, writer: Writer): void => {
    writeFileSync(join(root, relative), writer.text());
    lines += writer.lines;
    files += 1;
  };

  // Sizes of the shared parts grow with the tree, so the server files stay most of it.
  const upstreamFiles = Math.max(1, Math.round(options.lines / 20000));
  const mapFiles = Math.max(1, Math.round(options.lines / 20000));
  const upstreamNames: string[] = [];

  for (let f = 0; f < upstreamFiles; f += 1) {
    const out = new Writer();

    for (let u = 0; u < 10; u += 1) {
      const name = `pool_${f}_${u}`;

      upstreamNames.push(name);
      out.line(0, `upstream ${name} {`);
      out.line(1, `server 127.0.0.1:8000 max_fails=${1 + Math.floor(random() * 5)};`);
      if (random() < 0.5) out.line(1, 'server 127.0.0.2:8000 backup;');
      out.line(1, `keepalive ${8 * (1 + Math.floor(random() * 4))};`);
      out.line(0, '}');
    }

    write(`upstreams/u${String(f).padStart(4, '0')}.conf`, out);
  }

  for (let f = 0; f < mapFiles; f += 1) {
    const out = new Writer();

    for (let m = 0; m < 5; m += 1) {
      out.line(0, `map $uri $route_${f}_${m} {`);
      out.line(1, 'default 0;');

      for (let k = 0; k < 12; k += 1) {
        if (random() < 0.3) out.line(1, `"~^/${word(5)}/(?<id>[0-9]{1,6})$" ${k + 1};`);
        else out.line(1, `/${word(4)}/${word(6)} ${k + 1};`);
      }

      out.line(0, '}');
    }

    write(`maps/m${String(f).padStart(4, '0')}.conf`, out);
  }

  // The main file is written last, once the folder names are known; count its lines now.
  const mainLines = 40;
  let serverFile = 0;

  while (lines + mainLines < options.lines) {
    const out = new Writer();
    const folder = `g${String(Math.floor(serverFile / FILES_PER_FOLDER)).padStart(3, '0')}`;

    mkdirSync(join(root, 'sites', folder), { recursive: true });

    for (let s = 0; s < SERVERS_PER_FILE; s += 1) {
      const id = servers;
      // A clean tree has exactly one file on port 80 (the default server, in the main file);
      // the other tree adds a port-80 listen to the first server of every file.
      const extra80 = options.findings && s === 0;
      const badTarget = options.findings && random() < 0.8;

      servers += 1;
      if (extra80 || badTarget) seededServers += 1;
      out.line(0, 'server {');
      out.line(1, `listen 127.0.0.1:${BENCH_PORTS[id % BENCH_PORTS.length]};`);
      if (extra80) out.line(1, 'listen 127.0.0.1:80;');
      out.line(1, `server_name s${id}.${word(6)}.test www.s${id}.${word(4)}.test;`);
      out.line(1, 'root html;');
      out.line(1, `access_log logs/s${id % 16}.log;`);
      out.line(1, `client_max_body_size ${1 + Math.floor(random() * 64)}m;`);
      out.line(1, '');
      out.line(1, 'location / {');
      out.line(2, `proxy_pass http://127.0.0.1:${badTarget ? 8001 : 8000};`);
      out.line(2, 'proxy_set_header Host $host;');
      out.line(2, 'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
      out.line(2, `proxy_read_timeout ${10 + Math.floor(random() * 50)}s;`);
      out.line(1, '}');
      out.line(1, `location /api/${word(5)}/ {`);
      out.line(2, `proxy_pass http://${pick(upstreamNames)};`);
      out.line(2, 'proxy_http_version 1.1;');
      out.line(2, 'proxy_set_header Connection "";');
      out.line(1, '}');
      out.line(1, `location ~* "^/static/${word(4)}/[a-z0-9]{2,8}\\.(css|js|png)$" {`);
      out.line(2, 'expires 7d;');
      out.line(2, `add_header Cache-Control "public, max-age=${604800}";`);
      out.line(1, '}');

      if (s % 2 === 0) {
        out.line(1, `location = /lua/${word(5)} {`);
        out.line(2, 'default_type text/plain;');
        out.line(2, 'content_by_lua_block {');
        out.line(3, `local name = ngx.var.arg_name or "${word(6)}" -- a comment with "quotes" }`);
        out.line(3, `local t = { a = 1, b = [[long { string }]] }`);
        out.line(3, `if name ~= "" then ngx.say("hello, ", name, " } ") end`);
        out.line(2, '}');
        out.line(1, '}');
      }

      if (s % 5 === 1) {
        out.line(1, `location = /banner/${word(4)} {`);
        out.line(2, `return 200 "${word(LONG_STRING)}";`);
        out.line(1, '}');
      }

      out.line(0, '}');
    }

    write(`sites/${folder}/site${String(serverFile).padStart(5, '0')}.conf`, out);
    serverFile += 1;
  }

  const main = new Writer();

  main.line(0, '# Generated by scripts/bench-tree.ts; run nginx -t with -p on this folder.');
  main.line(0, 'load_module /usr/lib/nginx/modules/ndk_http_module.so;');
  main.line(0, 'load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;');
  main.line(0, 'worker_processes 1;');
  main.line(0, 'pid logs/nginx.pid;');
  main.line(0, 'lock_file logs/nginx.lock;');
  main.line(0, 'error_log logs/error.log;');
  main.line(0, 'events {');
  main.line(1, 'worker_connections 1024;');
  main.line(0, '}');
  main.line(0, 'http {');
  main.line(1, 'default_type application/octet-stream;');
  main.line(1, 'access_log logs/access.log;');
  main.line(1, 'client_body_temp_path temp/body;');
  main.line(1, 'proxy_temp_path temp/proxy;');
  main.line(1, 'fastcgi_temp_path temp/fastcgi;');
  main.line(1, 'uwsgi_temp_path temp/uwsgi;');
  main.line(1, 'scgi_temp_path temp/scgi;');
  main.line(1, 'server_names_hash_max_size 262144;');
  main.line(1, 'server_names_hash_bucket_size 128;');
  main.line(1, 'map_hash_max_size 65536;');
  main.line(1, 'map_hash_bucket_size 128;');
  main.line(1, 'variables_hash_max_size 65536;');
  main.line(1, 'variables_hash_bucket_size 128;');
  main.line(1, '');
  main.line(1, 'include upstreams/*.conf;');
  main.line(1, 'include maps/*.conf;');
  main.line(1, '');
  main.line(1, 'server {');
  main.line(2, 'listen 127.0.0.1:80 default_server;');
  main.line(2, 'server_name _;');
  main.line(2, 'location / {');
  main.line(3, 'proxy_pass http://127.0.0.1:8000;');
  main.line(2, '}');
  main.line(1, '}');
  main.line(1, '');
  main.line(1, 'include sites/*/*.conf;');
  main.line(0, '}');
  write('nginx.conf', main);

  const config = join(root, 'ngxlint.config.json');

  writeFileSync(
    config,
    `${JSON.stringify({ nginx: { ports: [80, 443, ...BENCH_PORTS] }, app: { port: 8000 } }, null, 2)}\n`,
  );

  return {
    root,
    entry: join(root, 'nginx.conf'),
    config,
    lines,
    files,
    servers,
    seededServers,
  };
}
