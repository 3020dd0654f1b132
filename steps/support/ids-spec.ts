import type { IdsShape } from '../../src/envelope/request.ts';

/**
 * How features write an Ids value: `omitted`, `nil`, `empty`, or a comma-separated list of items
 * where a double-quoted item keeps its exact text (`" 42 "`, `"4 2"`, `""`).
 */
export function parseIdsSpec(spec: string): IdsShape {
  const s = spec.trim();
  if (s === 'omitted' || s === 'nil' || s === 'empty') return { kind: s };
  const values: string[] = [];
  const re = /\s*(?:"([^"]*)"|([^,]+?))\s*(?:,|$)/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < s.length && (m = re.exec(s)) !== null) values.push(m[1] ?? m[2]!.trim());
  if (!values.length) throw new Error(`cannot read Ids "${spec}": write omitted, nil, empty or items like 1, 2, "  3 "`);
  return { kind: 'values', values };
}
