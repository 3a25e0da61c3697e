// The catalogue of ballot rules, grouped by the four principles of the collection campaign ("đúng, đủ, sạch,
// sống": correct, complete, clean, alive). Each rule has a stable code, a principle, a severity and a message in
// Vietnamese and English. Errors (correct, complete) keep a row out of the ballots until the locality fixes it;
// warnings (clean, alive) are stored on the ballot for the reviewer to decide. docs/errors.md lists them all.

export type Principle = 'correct' | 'complete' | 'clean' | 'alive';
export type Severity = 'error' | 'warning';

export interface RuleSpec {
  principle: Principle;
  severity: Severity;
  vi: string;
  en: string;
}

export const PRINCIPLES: readonly Principle[] = ['correct', 'complete', 'clean', 'alive'];

export const PRINCIPLE_LABELS: Record<Principle, { vi: string; en: string }> = {
  correct: { vi: 'Đúng', en: 'Correct' },
  complete: { vi: 'Đủ', en: 'Complete' },
  clean: { vi: 'Sạch', en: 'Clean' },
  alive: { vi: 'Sống', en: 'Alive' },
};

const correct = (vi: string, en: string): RuleSpec => ({ principle: 'correct', severity: 'error', vi, en });
const complete = (vi: string, en: string): RuleSpec => ({ principle: 'complete', severity: 'error', vi, en });
const clean = (vi: string, en: string): RuleSpec => ({ principle: 'clean', severity: 'warning', vi, en });
const alive = (vi: string, en: string): RuleSpec => ({ principle: 'alive', severity: 'warning', vi, en });

export const RULES = {
  // ---- correct: formats, code lists, consistency
  'pin.format': correct('Số định danh cá nhân phải gồm đúng 12 chữ số', 'a PIN is exactly 12 digits'),
  'pin.province': correct(
    'Ba chữ số đầu của số định danh không phải mã tỉnh đăng ký khai sinh, hoặc không khớp nơi đăng ký khai sinh',
    'digits 1–3 are not a birth-registration province code, or disagree with the birth-registration place',
  ),
  'pin.century_sex': correct(
    'Chữ số thứ 4 của số định danh (thế kỷ và giới tính) không khớp năm sinh và giới tính',
    'digit 4 of the PIN contradicts the sex or the century of birth',
  ),
  'pin.year': correct(
    'Chữ số thứ 5–6 của số định danh không khớp năm sinh',
    'digits 5–6 of the PIN contradict the year of birth',
  ),
  'pin.not_in_registry': correct(
    'Số định danh cá nhân không có trong Cơ sở dữ liệu quốc gia về dân cư',
    'no person in the registry has this PIN',
  ),
  // A warning, not an error: any commune may receive a ballot; the PIN is checked by an officer covering the person.
  'pin.not_in_jurisdiction': {
    principle: 'alive',
    severity: 'warning',
    vi: 'Không có người nào thuộc địa bàn quản lý của bạn mang số định danh này: cán bộ quản lý nơi cư trú của người đó sẽ đối chiếu và phê duyệt',
    en: 'no person of your jurisdiction has this PIN: an officer covering the person compares and approves the ballot',
  },
  'date.format': correct(
    'Ngày không đúng định dạng hoặc không có thật (YYYY-MM-DD, DD/MM/YYYY)',
    'not a calendar date in the accepted forms (YYYY-MM-DD, DD/MM/YYYY)',
  ),
  'date.future': correct('Ngày ở sau ngày hôm nay', 'the date is after today'),
  'date.order': correct('Ngày ở trước ngày sinh', 'the date is before the date of birth'),
  'unit.unknown': correct('Không có đơn vị hành chính mang mã này', 'no administrative unit has this code'),
  'unit.not_valid_on_date': correct(
    'Mã đơn vị hành chính không có hiệu lực vào ngày mà địa chỉ tham chiếu',
    'the unit code exists, but not on the date the address refers to',
  ),
  'unit.level': correct('Nơi cư trú phải là đơn vị hành chính cấp xã', 'a residence must be a commune-level unit'),
  'unit.out_of_jurisdiction': correct(
    'Xã của phiếu nằm ngoài địa bàn quản lý của người nhập',
    "the ballot's commune is outside the importer's jurisdiction",
  ),
  'code.unknown': correct(
    'Mã không có trong danh mục (dân tộc, tôn giáo, quốc tịch)',
    'not in the code list (ethnicity, religion, nationality)',
  ),
  enum: correct('Giá trị không thuộc danh sách cho phép', 'not one of the allowed values'),
  format: correct(
    'Sai định dạng (số CMND 9 chữ số, số điện thoại di động, thư điện tử)',
    'wrong shape (9-digit old ID, mobile number, e-mail)',
  ),
  'name.format': correct(
    'Họ tên chỉ gồm chữ cái, dấu cách, dấu nháy, gạch nối, dấu chấm và tối đa 100 ký tự',
    "a name holds letters, spaces, ', -, . only and at most 100 characters",
  ),
  'text.length': correct('Nội dung quá dài', 'the text is too long'),
  'residence.term': correct(
    'Thời hạn tạm trú không hợp lệ (tối đa 2 năm)',
    'a temporary residence term ends before it starts or lasts more than 2 years',
  ),
  'parent.age': correct(
    'Cha, mẹ phải hơn con ít nhất 12 tuổi',
    'a parent must be at least 12 years older than the child',
  ),
  'marriage.age': correct(
    'Chưa đủ tuổi kết hôn (nam 20, nữ 18) nhưng tình trạng hôn nhân không phải chưa kết hôn',
    'under the minimum marriage age (men 20, women 18) yet not single',
  ),
  'old_id.under_14': correct(
    'Người dưới 14 tuổi không được cấp chứng minh nhân dân 9 số',
    'a person under 14 cannot hold an old 9-digit ID number',
  ),
  'ballot.id_taken': correct(
    'Mã phiếu đã được dùng cho một phiếu khác trong đợt thu thập',
    'the ballot ID is already used by another ballot of this campaign',
  ),
  'dc02.field_not_changeable': correct(
    'Thông tin này không thể cập nhật, chỉnh sửa bằng phiếu DC02',
    'this information cannot be changed with a DC02 form',
  ),
  // ---- complete: required fields by form, age and status
  required: complete('Thiếu thông tin bắt buộc', 'a required value is missing'),
  'required.by_age': complete(
    'Người dưới 14 tuổi phải ghi họ tên hoặc số định danh của cha, mẹ hoặc chủ hộ',
    'a person under 14 needs the name or PIN of a parent or of the household head',
  ),
  'required.by_marital_status': complete(
    'Người đã kết hôn phải ghi họ tên hoặc số định danh của vợ/chồng',
    'a married person needs the name or PIN of the spouse',
  ),
  // ---- clean: no person twice
  'clean.duplicate_in_file': clean(
    'Người này đã có phiếu ở dòng trước trong cùng tệp (cùng số định danh, hoặc cùng họ tên, ngày sinh và cha mẹ)',
    'the same person is declared earlier in this file (same PIN, or same name, birth date and parents)',
  ),
  'clean.duplicate_in_campaign': clean(
    'Người này đã có phiếu khác trong đợt thu thập (cùng số định danh, hoặc cùng họ tên, ngày sinh và cha mẹ)',
    'the same person already has another ballot in this campaign (same PIN, or same name, birth date and parents)',
  ),
  'clean.pin_in_registry': clean(
    'Số định danh này đã có trong Cơ sở dữ liệu quốc gia về dân cư',
    'a person with this PIN is already in the registry',
  ),
  'clean.same_person_in_registry': clean(
    'Đã có người cùng họ tên, ngày sinh và cha mẹ trong Cơ sở dữ liệu quốc gia về dân cư',
    'a person with the same name, birth date and parents is already in the registry',
  ),
  // ---- alive: the data must be current
  'alive.person_dead': alive(
    'Người này đã được ghi nhận là đã chết trong Cơ sở dữ liệu',
    'the registry records this person as dead',
  ),
  'alive.person_missing': alive(
    'Người này đã được ghi nhận là mất tích trong Cơ sở dữ liệu',
    'the registry records this person as missing',
  ),
  'alive.not_confirmed': alive(
    'Thông tin của người này chưa được xác nhận lại trong nhiều năm',
    "this person's record has not been confirmed for years",
  ),
  'dc02.old_value_mismatch': alive(
    'Thông tin hiện tại ghi trên phiếu khác với thông tin trong Cơ sở dữ liệu',
    'the current value written on the form differs from the one in the registry',
  ),
} as const satisfies Record<string, RuleSpec>;

export type RuleCode = keyof typeof RULES;

/** A rule the catalogue does not know (should not happen): treated as an error of correctness. */
const UNKNOWN_RULE: RuleSpec = correct('Dữ liệu không hợp lệ', 'invalid value');

export function ruleSpec(code: string): RuleSpec {
  return (RULES as Record<string, RuleSpec>)[code] ?? UNKNOWN_RULE;
}

export function isKnownRule(code: string): boolean {
  return code in RULES;
}

/** One problem of one ballot, as stored in ballot.issues and in the import report. */
export interface Issue {
  principle: Principle;
  severity: Severity;
  /** The form field key (DC01 or DC02 column). */
  field: string;
  rule: string;
  /** English, specific to the case when the check says more than the catalogue. */
  message: string;
  messageVi: string;
  value: string | null;
}

function valueText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Builds an issue from the catalogue; `message` overrides the English text with a case-specific one. */
export function issue(field: string, rule: string, value?: unknown, message?: string): Issue {
  const spec = ruleSpec(rule);
  return {
    principle: spec.principle,
    severity: spec.severity,
    field,
    rule,
    message: message ?? spec.en,
    messageVi: spec.vi,
    value: valueText(value),
  };
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
