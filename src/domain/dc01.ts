// Column layout of a DC01 ballot (Phiếu thu thập thông tin dân cư) as a flat record: the keys used by generated
// files, `popreg load` and the collection importer. Headers may be these keys or the Vietnamese labels.
// Unit columns hold administrative-unit codes; `unit_ref_date` says which date those codes refer to.

export interface Dc01Field {
  key: string;
  vi: string;
  en: string;
}

export const DC01_FIELDS = [
  { key: 'ballot_id', vi: 'Mã phiếu', en: 'Ballot ID' },
  { key: 'household_code', vi: 'Mã hộ', en: 'Household code' },
  { key: 'relation_to_head', vi: 'Quan hệ với chủ hộ', en: 'Relationship to household head' },
  { key: 'full_name', vi: 'Họ, chữ đệm và tên khai sinh', en: 'Family, middle and given name at birth' },
  { key: 'other_names', vi: 'Tên gọi khác', en: 'Other names' },
  { key: 'date_of_birth', vi: 'Ngày, tháng, năm sinh', en: 'Date of birth' },
  { key: 'sex', vi: 'Giới tính', en: 'Sex' },
  { key: 'pin', vi: 'Số định danh cá nhân', en: 'Personal identification number' },
  { key: 'old_id_number', vi: 'Số CMND 9 số', en: 'Old 9-digit ID number' },
  { key: 'place_of_birth', vi: 'Nơi sinh', en: 'Place of birth' },
  { key: 'birth_registration_place', vi: 'Nơi đăng ký khai sinh', en: 'Place of birth registration' },
  { key: 'hometown', vi: 'Quê quán', en: 'Hometown' },
  { key: 'ethnicity', vi: 'Dân tộc', en: 'Ethnicity' },
  { key: 'religion', vi: 'Tôn giáo', en: 'Religion' },
  { key: 'nationality', vi: 'Quốc tịch', en: 'Nationality' },
  { key: 'blood_group', vi: 'Nhóm máu', en: 'Blood group' },
  { key: 'marital_status', vi: 'Tình trạng hôn nhân', en: 'Marital status' },
  { key: 'permanent_unit', vi: 'Nơi thường trú (mã xã)', en: 'Permanent residence (commune code)' },
  { key: 'permanent_address', vi: 'Nơi thường trú (địa chỉ)', en: 'Permanent residence (address)' },
  { key: 'permanent_since', vi: 'Ngày đăng ký thường trú', en: 'Permanent residence since' },
  { key: 'current_unit', vi: 'Nơi ở hiện tại (mã xã)', en: 'Current place of residence (commune code)' },
  { key: 'current_address', vi: 'Nơi ở hiện tại (địa chỉ)', en: 'Current place of residence (address)' },
  { key: 'unit_ref_date', vi: 'Ngày tham chiếu mã đơn vị hành chính', en: 'Date the unit codes refer to' },
  { key: 'father_name', vi: 'Họ tên cha', en: "Father's name" },
  { key: 'father_pin', vi: 'Số ĐDCN của cha', en: "Father's PIN" },
  { key: 'mother_name', vi: 'Họ tên mẹ', en: "Mother's name" },
  { key: 'mother_pin', vi: 'Số ĐDCN của mẹ', en: "Mother's PIN" },
  { key: 'spouse_name', vi: 'Họ tên vợ/chồng', en: "Spouse's name" },
  { key: 'spouse_pin', vi: 'Số ĐDCN của vợ/chồng', en: "Spouse's PIN" },
  { key: 'head_name', vi: 'Họ tên chủ hộ', en: 'Household head name' },
  { key: 'head_pin', vi: 'Số ĐDCN của chủ hộ', en: 'Household head PIN' },
  { key: 'phone', vi: 'Số thuê bao di động', en: 'Mobile number' },
  { key: 'email', vi: 'Thư điện tử', en: 'E-mail' },
  { key: 'collected_on', vi: 'Ngày thu thập', en: 'Collected on' },
] as const satisfies readonly Dc01Field[];

export type Dc01Key = (typeof DC01_FIELDS)[number]['key'];
export type Dc01Row = Record<Dc01Key, string>;
export const DC01_KEYS: readonly Dc01Key[] = DC01_FIELDS.map((f) => f.key);

/** Codes written in the relation_to_head column, with their labels. */
export const RELATION_TO_HEAD = {
  head: 'Chủ hộ',
  spouse: 'Vợ/Chồng',
  child: 'Con',
  parent: 'Cha/Mẹ',
  grandchild: 'Cháu',
  sibling: 'Anh/Chị/Em',
  child_in_law: 'Con dâu/Con rể',
  other: 'Khác',
} as const;
export type RelationToHead = keyof typeof RELATION_TO_HEAD;

export const MARITAL_STATUS = {
  single: 'Chưa kết hôn',
  married: 'Đã kết hôn',
  divorced: 'Ly hôn',
  widowed: 'Góa',
} as const;
export type MaritalStatus = keyof typeof MARITAL_STATUS;

export const BLOOD_GROUPS = ['O', 'A', 'B', 'AB', 'O+', 'O-', 'A+', 'A-', 'B+', 'B-', 'AB+', 'AB-'] as const;
export type BloodGroup = (typeof BLOOD_GROUPS)[number];

/** Sex: M or F in the registry; ballots write Nam or Nữ (M/F, male/female are accepted too). */
export type Sex = 'M' | 'F';
