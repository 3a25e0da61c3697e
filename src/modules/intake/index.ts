// The file-reading layer of the collection campaign: DC01/DC02 files in CSV, XLSX or NDJSON, checked and read as
// a stream, and the per-row error report written back. See docs/errors.md "Bulk files (file.*)".
export { type BadFileDetails, BadFileError, badFile, type FileRule } from './intake.errors.ts';
export { type FormCode, type FormField, formFields } from './intake.fields.ts';
export { checkBallotFile, detectFormat, readBallotBatches, readBallotFile } from './intake.reader.ts';
export { type IssueRow, writeIssueReport } from './intake.report.ts';
export type { FileCheck, FileFormat, IntakeRow } from './intake.types.ts';
