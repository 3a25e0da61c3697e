// Writing CSV cells: the one quoting rule of the project (RFC 4180), and the guard for files that people open in
// a spreadsheet. Readers live in src/modules/intake (ballot files) and csv-parse elsewhere.

const SPECIAL = /[",\r\n]/;

/**
 * A CSV field: quoted when it holds a delimiter, a quote or a line break. `keepEdges` also quotes a value with
 * leading or trailing white space, which some readers would trim (linkage output must round-trip exactly).
 */
export function csvField(value: string, keepEdges = false): string {
  return SPECIAL.test(value) || (keepEdges && value !== value.trim()) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * A cell for a file people open in Excel: a text starting with =, +, -, @, tab or carriage return would run as a
 * formula, so it gets a leading apostrophe, which Excel shows as text.
 */
export function spreadsheetCell(value: string | number): string {
  const s = String(value);
  return csvField(typeof value === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
}

/** One line of cells for a spreadsheet, without its line break. */
export function spreadsheetLine(cells: readonly (string | number)[]): string {
  return cells.map(spreadsheetCell).join(',');
}
