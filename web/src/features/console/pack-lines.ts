/**
 * Where a policy-pack validation issue is in the YAML source. The server names
 * issues by path (`rules[3].detectors[0].params.patterns[1]`); the editor
 * shows them next to the line they are about. A line-oriented reading of the
 * usual layout (top-level keys, `rules:` as a block list): when the layout is
 * unusual the issue is still listed, only without a line.
 */
export interface PackIssue {
  path: string;
  message: string;
}

/** The 1-based line a path points at, or null when it cannot be found. */
export function lineOfPath(source: string, path: string): number | null {
  const lines = source.split('\n');
  const steps = [...path.matchAll(/([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g)].map((m) => (m[1] !== undefined ? m[1] : Number(m[2])));
  if (steps.length === 0) return null;
  let from = 0;
  let to = lines.length;
  let indent = -1;
  let found: number | null = null;
  for (const step of steps) {
    if (typeof step === 'string') {
      const at = findKey(lines, from, to, step, indent);
      if (at === null) return line(found);
      found = at;
      indent = indentOf(lines[at]!);
      from = at + 1;
      to = blockEnd(lines, at, indent);
    } else {
      // The n-th item of the block list under the key just found (items share the first one's indent).
      let itemIndent = -1;
      let seen = -1;
      let at: number | null = null;
      for (let i = from; i < to && at === null; i++) {
        const m = /^(\s*)- /.exec(lines[i]!);
        if (!m) continue;
        if (itemIndent < 0) itemIndent = m[1]!.length;
        if (m[1]!.length === itemIndent && ++seen === step) at = i;
      }
      if (at === null) return line(found);
      found = at;
      indent = indentOf(lines[at]!);
      from = at;
      to = blockEnd(lines, at, indent);
      indent += 1; // keys of the item sit after its "- "
    }
  }
  return line(found);
}

const line = (index: number | null): number | null => (index === null ? null : index + 1);

const indentOf = (line: string): number => line.length - line.trimStart().length;

function findKey(lines: readonly string[], from: number, to: number, key: string, parentIndent: number): number | null {
  const re = new RegExp(`^(\\s*)(- )?${key}\\s*:`);
  for (let i = from; i < to; i++) {
    const m = re.exec(lines[i]!);
    if (m && indentOf(lines[i]!) > parentIndent - 1) return i;
  }
  return null;
}

/** The line after the last one of the block that starts at `start` (lines indented deeper, or blank). */
function blockEnd(lines: readonly string[], start: number, indent: number): number {
  let i = start + 1;
  while (i < lines.length && (lines[i]!.trim() === '' || lines[i]!.trim().startsWith('#') || indentOf(lines[i]!) > indent)) i++;
  return i;
}

/** The issues of a `validation_failed` answer about a pack (data.issues), each checked for shape. */
export function packIssuesOf(data: Record<string, unknown>): PackIssue[] {
  const raw = Array.isArray(data.issues) ? data.issues : [];
  return raw.flatMap((i) => {
    const o = (i ?? {}) as Record<string, unknown>;
    return typeof o.path === 'string' && typeof o.message === 'string' ? [{ path: o.path, message: o.message }] : [];
  });
}
