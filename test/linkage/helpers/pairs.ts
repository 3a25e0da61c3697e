// Compares two hand-written records field by field, for tests of levels: returns each comparison's level label.
import { buildComparisons } from '../../../src/modules/linkage/engine/comparisons.ts';
import { expandUnits, type FieldConfig } from '../../../src/modules/linkage/engine/config.ts';
import { prepare } from '../../../src/modules/linkage/engine/prepare.ts';

export function levelsOf(
  fields: FieldConfig[],
  a: Record<string, string>,
  b: Record<string, string>,
  dateOrder: 'dmy' | 'mdy' = 'dmy',
): Record<string, string> {
  const header = ['id', ...new Set([...Object.keys(a), ...Object.keys(b)])];
  const row = (r: Record<string, string>, id: string) => header.map((h) => (h === 'id' ? id : (r[h] ?? '')));
  const p = prepare([{ name: 'test', header, rows: [row(a, '1'), row(b, '2')] }], expandUnits(fields), 'id', dateOrder);
  return Object.fromEntries(buildComparisons(p).map((c) => [c.name, c.levels[c.level(0, 1)]!]));
}

/** Level of one comparison for two values of one column. */
export function levelOf(type: FieldConfig['type'], x: string, y: string, extra: Partial<FieldConfig> = {}): string {
  return levelsOf([{ name: 'f', type, ...extra }], { f: x }, { f: y }).f!;
}
