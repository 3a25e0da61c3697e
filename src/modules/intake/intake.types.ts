// Shapes shared by the readers of every format.

export type FileFormat = 'csv' | 'xlsx' | 'ndjson';

/** One data row: values keyed by form key, trimmed and NFC; columns the file does not have are absent. */
export interface IntakeRow {
  /** As a spreadsheet shows it: header = row 1, first data row = row 2; in NDJSON the line number. */
  rowNo: number;
  values: Record<string, string>;
}

export interface FileCheck {
  format: FileFormat;
  /** Data rows that hold at least one value (blank rows are skipped). */
  rows: number;
  bytes: number;
  sha256: string;
  /** Form keys of the file's columns, in file order. */
  columns: string[];
}
