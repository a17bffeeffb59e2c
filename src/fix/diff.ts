// Unified diffs for --fix-dry-run, computed line by line with the Myers algorithm. Lines keep
// their endings, so a CRLF file shows CRLF lines and a missing final newline is marked.
const CONTEXT = 3;

type Op = { kind: ' ' | '-' | '+'; line: string };

/** The file's lines, each with its own ending. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The shortest edit script from a to b (Myers, O((N+M)·D)). */
function editScript(a: string[], b: string[]): Op[] {
  const max = a.length + b.length;
  const trace: Map<number, number>[] = [];
  let v = new Map<number, number>([[1, 0]]);

  outer: for (let d = 0; d <= max; d += 1) {
    trace.push(new Map(v));

    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v.get(k - 1) ?? -1) < (v.get(k + 1) ?? -1));
      let x = down ? (v.get(k + 1) ?? 0) : (v.get(k - 1) ?? 0) + 1;
      let y = x - k;

      while (x < a.length && y < b.length && a[x] === b[y]) {
        x += 1;
        y += 1;
      }

      v.set(k, x);
      if (x >= a.length && y >= b.length) break outer;
    }
  }

  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;

  for (let d = trace.length - 1; d >= 0; d -= 1) {
    const vd = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && (vd.get(k - 1) ?? -1) < (vd.get(k + 1) ?? -1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = vd.get(prevK) ?? 0;
    const prevY = prevX - prevK;

    while (x > prevX && y > prevY) {
      x -= 1;
      y -= 1;
      ops.push({ kind: ' ', line: a[x] });
    }

    if (d === 0) break;

    if (down) ops.push({ kind: '+', line: b[prevY] });
    else ops.push({ kind: '-', line: a[prevX] });

    x = prevX;
    y = prevY;
  }

  return ops.reverse();
}

/** A unified diff of one file, `--- a/PATH` / `+++ b/PATH`; '' when nothing changed. */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';

  const ops = editScript(splitLines(before), splitLines(after));
  let out = `--- a/${path}\n+++ b/${path}\n`;
  let i = 0;

  while (i < ops.length) {
    if (ops[i].kind === ' ') {
      i += 1;
      continue;
    }

    // A hunk: from CONTEXT lines before this change to CONTEXT after the last change that is
    // no more than 2·CONTEXT unchanged lines further on.
    const start = Math.max(0, i - CONTEXT);
    let end = i;

    for (let j = i; j < ops.length; j += 1) {
      if (ops[j].kind !== ' ') end = j;
      else if (j - end > 2 * CONTEXT) break;
    }

    const stop = Math.min(ops.length, end + CONTEXT + 1);

    out += hunk(ops, start, stop);
    i = stop;
  }

  return out;
}

function hunk(ops: Op[], start: number, stop: number): string {
  let oldLine = 1;
  let newLine = 1;

  for (const op of ops.slice(0, start)) {
    if (op.kind !== '+') oldLine += 1;
    if (op.kind !== '-') newLine += 1;
  }

  const body = ops.slice(start, stop);
  const oldCount = body.filter((o) => o.kind !== '+').length;
  const newCount = body.filter((o) => o.kind !== '-').length;
  let out = `@@ -${oldCount ? oldLine : oldLine - 1},${oldCount} +${newCount ? newLine : newLine - 1},${newCount} @@\n`;

  for (const op of body) {
    out += op.kind + op.line;
    if (!op.line.endsWith('\n')) out += '\n\\ No newline at end of file\n';
  }

  return out;
}
