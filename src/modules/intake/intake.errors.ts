// The one error a bulk file can earn before any row is looked at: the file itself cannot be read as a ballot table.
// Every message names the rule, the row and column (or cell) and the value, in English and in Vietnamese, and says
// how to fix the file, because the reader is an officer with a spreadsheet, not a developer.
import { DomainError } from '../../domain/errors.ts';

export type FileRule =
  | 'file.encoding'
  | 'file.quotes'
  | 'file.columns'
  | 'file.headers'
  | 'file.field_too_large'
  | 'file.formula'
  | 'file.empty'
  | 'file.format'
  | 'file.unreadable';

export interface BadFileDetails {
  rule: FileRule;
  /** Row as a spreadsheet shows it (header = 1), or the line number of an NDJSON file. */
  row?: number;
  /** Form key of the column, or the header text / column letter when it has no key. */
  column?: string;
  /** Spreadsheet cell reference, e.g. "E7", when a single cell is at fault. */
  cell?: string;
  /** The offending value, cut to 80 characters. */
  value?: string;
  expected?: string[];
  encoding?: string;
  messageVi: string;
}

const VALUE_MAX = 80;

export function cutValue(value: string): string {
  return value.length > VALUE_MAX ? `${value.slice(0, VALUE_MAX - 1)}…` : value;
}

/** A value inside a one-line message: line breaks shown as ↵, cut to 80 characters. */
function shown(value: string): string {
  return cutValue(value.replace(/\r?\n/g, '↵'));
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export class BadFileError extends DomainError {
  declare readonly details: BadFileDetails & Record<string, unknown>;

  constructor(message: string, details: BadFileDetails) {
    const clean: BadFileDetails = { ...details };
    if (clean.value !== undefined) clean.value = cutValue(clean.value);
    for (const k of Object.keys(clean) as (keyof BadFileDetails)[]) if (clean[k] === undefined) delete clean[k];
    super('CAMPAIGN.BAD_FILE', `${details.rule}: ${message}`, clean as unknown as Record<string, unknown>);
    this.name = 'BadFileError';
  }

  get rule(): FileRule {
    return this.details.rule;
  }
}

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Where a cell is, for messages: `E7 (full_name)`. */
export interface CellPlace {
  row: number;
  /** 0-based column index, when the format has positions. */
  index?: number;
  /** Form key or header text. */
  column?: string;
}

function placeEn(p: CellPlace): string {
  const cell = p.index === undefined ? '' : `cell ${columnLetter(p.index)}${p.row}`;
  const col = p.column ? `column "${p.column}"` : '';
  return [`row ${p.row}`, cell, col].filter(Boolean).join(', ');
}

function placeVi(p: CellPlace): string {
  const cell = p.index === undefined ? '' : `ô ${columnLetter(p.index)}${p.row}`;
  const col = p.column ? `cột "${p.column}"` : '';
  return [`dòng ${p.row}`, cell, col].filter(Boolean).join(', ');
}

function placeDetails(p: CellPlace): Pick<BadFileDetails, 'row' | 'column' | 'cell'> {
  return {
    row: p.row,
    column: p.column ?? (p.index === undefined ? undefined : columnLetter(p.index)),
    cell: p.index === undefined ? undefined : `${columnLetter(p.index)}${p.row}`,
  };
}

const SAVE_AS_EN =
  'Open the file in Excel and use File > Save As > "CSV UTF-8 (Comma delimited) (*.csv)", or save it as .xlsx.';
const SAVE_AS_VI =
  'Mở tệp bằng Excel, chọn Tệp > Lưu thành > "CSV UTF-8 (Comma delimited) (*.csv)", hoặc lưu thành .xlsx.';

export const badFile = {
  encoding(encoding: string, row?: number, value?: string): BadFileError {
    const at = row === undefined ? '' : ` (first seen at line ${row})`;
    const atVi = row === undefined ? '' : ` (thấy lần đầu ở dòng ${row})`;
    return new BadFileError(`the file is not UTF-8 text; it looks like ${encoding}${at}. ${SAVE_AS_EN}`, {
      rule: 'file.encoding',
      row,
      value,
      encoding,
      messageVi: `Tệp không phải văn bản UTF-8; có vẻ là ${encoding}${atVi}. ${SAVE_AS_VI} (file.encoding)`,
    });
  },

  mojibake(encoding: string, samples: string[], row: number, column: string): BadFileError {
    const names = samples.slice(0, 3).map((s) => `"${shown(s)}"`);
    return new BadFileError(
      `names such as ${names.join(', ')} (first at row ${row}, column "${column}") were typed in a legacy Vietnamese font and look like ${encoding}: the letters are Latin-1 symbols, not Vietnamese. Convert the text to Unicode (e.g. with Unikey's converter, TCVN3 → Unicode), then save as "CSV UTF-8".`,
      {
        rule: 'file.encoding',
        row,
        column,
        value: samples[0],
        encoding,
        messageVi: `Các tên như ${names.join(', ')} (đầu tiên ở dòng ${row}, cột "${column}") được gõ bằng phông chữ cũ (${encoding}): chữ hiển thị là ký hiệu Latin-1, không phải tiếng Việt Unicode. Hãy chuyển mã sang Unicode (ví dụ công cụ chuyển mã của Unikey, TCVN3 → Unicode) rồi lưu thành "CSV UTF-8". (file.encoding)`,
      },
    );
  },

  quotes(p: CellPlace, how: 'unclosed' | 'after_close', value: string, foundRow?: number): BadFileError {
    const en =
      how === 'unclosed'
        ? `the quote that opens at ${placeEn(p)} is never closed, so the rest of the file would be read as one cell`
        : `at ${placeEn(p)} a quoted value is followed by more text before the next delimiter${foundRow && foundRow !== p.row ? ` (at line ${foundRow})` : ''}: a quote is missing or not doubled`;
    const vi =
      how === 'unclosed'
        ? `Dấu ngoặc kép mở ở ${placeVi(p)} không được đóng, nên phần còn lại của tệp sẽ bị đọc thành một ô`
        : `Ở ${placeVi(p)}, sau giá trị trong ngoặc kép còn ký tự khác trước dấu phân cách${foundRow && foundRow !== p.row ? ` (ở dòng ${foundRow})` : ''}: thiếu dấu ngoặc kép hoặc dấu ngoặc kép bên trong chưa được nhân đôi`;
    return new BadFileError(`${en}; value starts "${shown(value)}". Quotes inside a value must be doubled ("").`, {
      rule: 'file.quotes',
      ...placeDetails(p),
      value,
      messageVi: `${vi}; giá trị bắt đầu bằng "${shown(value)}". Dấu ngoặc kép bên trong giá trị phải viết đôi (""). (file.quotes)`,
    });
  },

  columns(row: number, found: number, expected: number, value?: string): BadFileError {
    return new BadFileError(
      `row ${row} has ${found} columns, expected ${expected} like the header row${value ? `; the row starts "${shown(value)}"` : ''}. A delimiter is missing or extra, or a value with a delimiter is not quoted.`,
      {
        rule: 'file.columns',
        row,
        value,
        messageVi: `Dòng ${row} có ${found} cột, cần ${expected} cột như dòng tiêu đề${value ? `; dòng bắt đầu bằng "${shown(value)}"` : ''}. Thiếu hoặc thừa dấu phân cách, hoặc giá trị chứa dấu phân cách chưa đặt trong ngoặc kép. (file.columns)`,
      },
    );
  },

  headers(
    problem: 'unknown' | 'duplicate' | 'missing' | 'unnamed',
    names: string[],
    expected: string[],
    row: number,
  ): BadFileError {
    const list = names.map((n) => `"${n}"`).join(', ');
    const what = {
      unknown: [`unknown column(s) ${list}`, `Cột không hợp lệ ${list}`],
      duplicate: [`column(s) ${list} appear more than once`, `Cột ${list} xuất hiện nhiều lần`],
      missing: [`required column(s) ${list} are missing`, `Thiếu cột bắt buộc ${list}`],
      unnamed: [`column(s) ${list} have no header but hold values`, `Cột ${list} không có tiêu đề nhưng có giá trị`],
    }[problem];
    return new BadFileError(`${what[0]} (row ${row}); expected columns: ${expected.join('; ')}`, {
      rule: 'file.headers',
      row,
      value: names.join(', '),
      expected,
      messageVi: `${what[1]} (dòng ${row}); các cột hợp lệ: ${expected.join('; ')} (file.headers)`,
    });
  },

  fieldTooLarge(p: CellPlace, bytes: number, max: number, value: string): BadFileError {
    const size = bytes > max ? `more than ${max} bytes` : `${bytes} bytes`;
    return new BadFileError(`${placeEn(p)}: the value is ${size} (at most ${max}); value starts "${shown(value)}"`, {
      rule: 'file.field_too_large',
      ...placeDetails(p),
      value,
      messageVi: `${capital(placeVi(p))}: giá trị dài hơn ${max} byte; giá trị bắt đầu bằng "${shown(value)}" (file.field_too_large)`,
    });
  },

  formula(p: CellPlace, formula: string): BadFileError {
    return new BadFileError(
      `${placeEn(p)} holds the formula "${shown(formula)}": values computed by a spreadsheet are not collected facts. Replace formulas by the values typed from the ballot (Copy, Paste Special > Values).`,
      {
        rule: 'file.formula',
        ...placeDetails(p),
        value: formula,
        messageVi: `${capital(placeVi(p))} chứa công thức "${shown(formula)}": giá trị do bảng tính tự tính không phải thông tin thu thập. Hãy thay công thức bằng giá trị nhập từ phiếu (Sao chép, Dán đặc biệt > Giá trị). (file.formula)`,
      },
    );
  },

  empty(headerOnly: boolean): BadFileError {
    return headerOnly
      ? new BadFileError('the file has a header row but no data rows', {
          rule: 'file.empty',
          row: 2,
          messageVi: 'Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào (file.empty)',
        })
      : new BadFileError('the file is empty: no header row and no data', {
          rule: 'file.empty',
          row: 1,
          messageVi: 'Tệp rỗng: không có dòng tiêu đề và không có dữ liệu (file.empty)',
        });
  },

  format(reasonEn: string, reasonVi: string, row?: number, value?: string): BadFileError {
    const at = row === undefined ? '' : `line ${row}: `;
    const atVi = row === undefined ? '' : `Dòng ${row}: `;
    return new BadFileError(`${at}${reasonEn}${value === undefined ? '' : ` ("${shown(value)}")`}`, {
      rule: 'file.format',
      row,
      value,
      messageVi: `${atVi}${reasonVi}${value === undefined ? '' : ` ("${shown(value)}")`} (file.format)`,
    });
  },

  /** The file cannot be opened at all (no such file, a folder, no permission). */
  unreadable(path: string, code: string | undefined): BadFileError {
    const why: Record<string, [en: string, vi: string]> = {
      ENOENT: ['there is no such file', 'không có tệp này'],
      EISDIR: ['it is a folder, not a file', 'đây là thư mục, không phải tệp'],
      EACCES: ['permission to read it is denied', 'không có quyền đọc tệp'],
    };
    const [en, vi] = why[code ?? ''] ?? ['it cannot be read', 'không đọc được tệp'];
    return new BadFileError(`cannot open "${shown(path)}": ${en}${code ? ` (${code})` : ''}`, {
      rule: 'file.unreadable',
      value: path,
      messageVi: `Không mở được "${shown(path)}": ${vi}. (file.unreadable)`,
    });
  },
};
