// Column layout of a DC02 ballot (Phiếu cập nhật, chỉnh sửa thông tin dân cư): a request to update or correct one
// piece of a resident's information, with the value held now and the value asked for. A request that changes
// several fields is several rows with the same ballot_id; each row is one field (ballot_ref = ballot_id:field).
import { DC01_FIELDS, type Dc01Field, type Dc01Key } from './dc01.ts';

/** A column of a ballot form: its key and its Vietnamese and English labels (the same shape as DC01's). */
export type Dc02Field = Dc01Field;

export const DC02_FIELDS = [
  { key: 'ballot_id', vi: 'Mã phiếu', en: 'Ballot ID' },
  { key: 'pin', vi: 'Số định danh cá nhân', en: 'Personal identification number' },
  { key: 'full_name', vi: 'Họ, chữ đệm và tên khai sinh', en: 'Family, middle and given name at birth' },
  { key: 'date_of_birth', vi: 'Ngày, tháng, năm sinh', en: 'Date of birth' },
  { key: 'field', vi: 'Thông tin đề nghị cập nhật, chỉnh sửa', en: 'Information to update or correct' },
  { key: 'old_value', vi: 'Thông tin hiện tại', en: 'Current value' },
  { key: 'new_value', vi: 'Thông tin đề nghị', en: 'Requested value' },
  { key: 'change_kind', vi: 'Loại đề nghị (cập nhật/chỉnh sửa)', en: 'Kind of request (update/correction)' },
  { key: 'effective_date', vi: 'Ngày có hiệu lực', en: 'Effective date' },
  { key: 'reason', vi: 'Lý do', en: 'Reason' },
  { key: 'evidence', vi: 'Giấy tờ chứng minh', en: 'Supporting document' },
  { key: 'requester_name', vi: 'Họ tên người đề nghị', en: 'Requester name' },
  { key: 'requester_pin', vi: 'Số ĐDCN của người đề nghị', en: "Requester's PIN" },
  { key: 'requester_relation', vi: 'Quan hệ với người được cập nhật', en: 'Relationship to the person' },
  { key: 'unit_code', vi: 'Nơi tiếp nhận (mã xã)', en: 'Receiving commune (code)' },
  { key: 'collected_on', vi: 'Ngày tiếp nhận', en: 'Received on' },
] as const satisfies readonly Dc02Field[];

export type Dc02Key = (typeof DC02_FIELDS)[number]['key'];
export type Dc02Row = Record<Dc02Key, string>;
export const DC02_KEYS: readonly Dc02Key[] = DC02_FIELDS.map((f) => f.key);

/** update: the facts changed (valid from effective_date); correction: the record was wrong from the start. */
export const DC02_CHANGE_KINDS = { update: 'Cập nhật', correction: 'Chỉnh sửa' } as const;
export type Dc02ChangeKind = keyof typeof DC02_CHANGE_KINDS;

/** DC01 fields a DC02 may change: everything but the identifiers of the ballot and the person themselves. */
export const DC02_CHANGEABLE: readonly Dc01Key[] = DC01_FIELDS.map((f) => f.key).filter(
  (k) => k !== 'ballot_id' && k !== 'pin' && k !== 'collected_on' && k !== 'unit_ref_date',
);
