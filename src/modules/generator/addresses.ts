// Address text under the commune code: house, lane and residential group in towns (ngõ/ngách in the north,
// hẻm and khu phố in the south), hamlet in the countryside (thôn/xóm in the north and centre, bản in the northern
// mountains, buôn in the Central Highlands, ấp in the south). Hamlet names are generic ones found all over the
// country (directions, "Tân Lập", "Đoàn Kết"…) or numbers, so no real place is implied.
import type { Rng } from './prng.ts';

const HAMLET_NAMES = [
  'Đông', 'Tây', 'Nam', 'Bắc', 'Trung', 'Thượng', 'Hạ', 'Đoài', 'Tiền', 'Hậu', 'Tân Lập', 'Tân Phú', 'Tân Thành',
  'Phú Hòa', 'An Lạc', 'Hòa Bình', 'Quyết Thắng', 'Thống Nhất', 'Đoàn Kết', 'Tiến Bộ', 'Bình An', 'Phú Lợi',
  'Long Hòa', 'Mỹ Lợi', 'Phước Hòa', 'Trung Tâm', 'Đồng Tâm', 'Hưng Thịnh', 'Tân Hiệp', 'Phú Mỹ', 'Yên Thịnh',
  'An Phú', 'Thành Công', 'Chiến Thắng', 'Tân Tiến',
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

function hamlet(rng: Rng, region: Region): string {
  const named = rng.chance(0.55);
  const name = named ? rng.pick(HAMLET_NAMES) : String(rng.between(1, 15));
  switch (region) {
    case 'south':
      return `Ấp ${name}`;
    case 'mountain':
      return rng.chance(0.45) ? `Bản ${name}` : `Thôn ${name}`;
    case 'highlands':
      return rng.chance(0.2) ? `Buôn ${name}` : `Thôn ${name}`;
    default:
      return rng.chance(0.25) ? `Xóm ${name}` : `Thôn ${name}`;
  }
}

function townAddress(rng: Rng, south: boolean): string {
  const house = rng.between(1, 250);
  const r = rng.float();
  if (south) {
    const kp = rng.between(1, 12);
    if (r < 0.4) return `Số ${house}, hẻm ${rng.between(1, 400)}, Khu phố ${kp}`;
    if (r < 0.65) return `Số ${house}/${rng.between(1, 60)}, Khu phố ${kp}`;
    if (r < 0.85) return `Số ${house}, Tổ ${rng.between(1, 40)}, Khu phố ${kp}`;
    return `Khu phố ${kp}`;
  }
  const to = rng.between(1, 40);
  if (r < 0.4) return `Số ${house}, ngõ ${rng.between(1, 300)}, Tổ ${to}`;
  if (r < 0.55) return `Số ${house}, ngách ${rng.between(1, 200)}/${rng.between(1, 60)}, Tổ dân phố ${to}`;
  if (r < 0.8) return `Số ${house}, Tổ ${to}`;
  return `Tổ dân phố ${to}`;
}

/** Address text for a home in `province`; `urban` when the commune is a phường. */
export function addressText(rng: Rng, province: string, urban: boolean): string {
  const region = regionOf(province);
  if (urban) return townAddress(rng, region === 'south');
  const h = hamlet(rng, region);
  return rng.chance(0.2) ? `Số nhà ${rng.between(1, 150)}, ${h}` : h;
}
