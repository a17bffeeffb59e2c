// The rule registry: one line per rule, sorted by code. Everything that lists rules (README
// table, docs index, config schema, SARIF rules[]) is generated from it.
export { default as NGX001 } from './ngx001-syntax-error.js';
export { default as NGX002 } from './ngx002-include-not-found.js';
export { default as NGX003 } from './ngx003-include-cycle.js';
export { default as NGX004 } from './ngx004-read-error.js';
export { default as NGX005 } from './ngx005-nesting-limit.js';
export { default as NGX006 } from './ngx006-invalid-utf8.js';
export { default as NGX007 } from './ngx007-stock-include-assumed.js';
export { default as NGX301 } from './ngx301-single-listen-80.js';
export { default as NGX302 } from './ngx302-listen-port-allowed.js';
export { default as NGX303 } from './ngx303-proxy-pass-app-port.js';
export { default as NGX304 } from './ngx304-proxy-pass-localhost.js';
export { default as NGX305 } from './ngx305-app-port-exclusive.js';
export { default as NGX330 } from './ngx330-port-80-foreign.js';
export { default as NGX331 } from './ngx331-app-ports-both-held.js';
export { default as NGX332 } from './ngx332-app-duplicate-process.js';
export { default as NGX333 } from './ngx333-proxy-target-down.js';
export { default as NGX334 } from './ngx334-nginx-port-held-by-other.js';
export { default as NGX901 } from './ngx901-suppression-reason.js';
export { default as NGX902 } from './ngx902-suppression-unknown-rule.js';
export { default as NGX903 } from './ngx903-unused-suppression.js';
