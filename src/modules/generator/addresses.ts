// Address text under the commune code: house, lane and residential group in towns (ngõ/ngách in the north,
// hẻm and khu phố in the south), hamlet in the countryside (thôn/xóm in the north and centre, bản in the northern
// mountains, buôn in the Central Highlands, ấp in the south). Hamlet names are generic ones found all over the
// country (directions, "Tân Lập", "Đoàn Kết"…) or numbers, so no real place is implied.
import type { Rng } from '../../lib/random.ts';

const HAMLET_NAMES = [
  'Đông',
  'Tây',
  'Nam',
  'Bắc',
  'Trung',
  'Thượng',
  'Hạ',
  'Đoài',
  'Tiền',
  'Hậu',
  'Tân Lập',
  'Tân Phú',
  'Tân Thành',
  'Phú Hòa',
  'An Lạc',
  'Hòa Bình',
  'Quyết Thắng',
  'Thống Nhất',
  'Đoàn Kết',
  'Tiến Bộ',
  'Bình An',
  'Phú Lợi',
  'Long Hòa',
  'Mỹ Lợi',
  'Phước Hòa',
  'Trung Tâm',
  'Đồng Tâm',
  'Hưng Thịnh',
  'Tân Hiệp',
  'Phú Mỹ',
  'Yên Thịnh',
  'An Phú',
  'Thành Công',
  'Chiến Thắng',
  'Tân Tiến',
];

type Region = 'north' | 'mountain' | 'central' | 'highlands' | 'south';

const MOUNTAIN = new Set(['04', '08', '11', '12', '14', '15', '19', '20']);
const HIGHLANDS = new Set(['52', '66', '68']);

function regionOf(province: string): Region {
  if (MOUNTAIN.has(province)) return 'mountain';
  if (HIGHLANDS.has(province)) return 'highlands';
  const p = Number(province);
  if (p < 44) return 'north';
  if (p < 75) return 'central';
  return 'south';
}

// Parts are joined with Array.join, which yields flat strings (template literals build ropes; see vn-text.ts).
function hamlet(rng: Rng, region: Region): string {
  const name = rng.chance(0.55) ? rng.pick(HAMLET_NAMES) : String(rng.between(1, 15));
  let kind: string;
  switch (region) {
    case 'south':
      kind = 'Ấp';
      break;
    case 'mountain':
      kind = rng.chance(0.45) ? 'Bản' : 'Thôn';
      break;
    case 'highlands':
      kind = rng.chance(0.2) ? 'Buôn' : 'Thôn';
      break;
    default:
      kind = rng.chance(0.25) ? 'Xóm' : 'Thôn';
  }
  return [kind, name].join(' ');
}

function townAddress(rng: Rng, south: boolean): string {
  const house = `Số ${rng.between(1, 250)}`;
  const r = rng.float();
  if (south) {
    const kp = `Khu phố ${rng.between(1, 12)}`;
    if (r < 0.4) return [house, `hẻm ${rng.between(1, 400)}`, kp].join(', ');
    if (r < 0.65) return [`${house}/${rng.between(1, 60)}`, kp].join(', ');
    if (r < 0.85) return [house, `Tổ ${rng.between(1, 40)}`, kp].join(', ');
    return [kp].join(', ');
  }
  const to = rng.between(1, 40);
  if (r < 0.4) return [house, `ngõ ${rng.between(1, 300)}`, `Tổ ${to}`].join(', ');
  if (r < 0.55) return [house, `ngách ${rng.between(1, 200)}/${rng.between(1, 60)}`, `Tổ dân phố ${to}`].join(', ');
  if (r < 0.8) return [house, `Tổ ${to}`].join(', ');
  return `Tổ dân phố ${to}`;
}

/** Address text for a home in `province`; `urban` when the commune is a phường. */
export function addressText(rng: Rng, province: string, urban: boolean): string {
  const region = regionOf(province);
  if (urban) return townAddress(rng, region === 'south');
  if (rng.chance(0.2)) return [`Số nhà ${rng.between(1, 150)}`, hamlet(rng, region)].join(', ');
  return hamlet(rng, region);
}
