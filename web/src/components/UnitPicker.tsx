// Picks an administrative unit as one code: a province, or a commune inside it; empty means no unit (all
// units in a search, the whole country for a jurisdiction). Lists are today's units from the API.
import { Flex, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCommunes, useProvinces, useUnit } from '../api/reference.ts';
import type { AdminUnit } from '../api/types.ts';
import { matchesFolded } from '../lib/text.ts';

interface Props {
  value?: string | null;
  onChange?: (code: string | null) => void;
  provincePlaceholder: string;
  communePlaceholder: string;
  id?: string;
}

const toOptions = (units: AdminUnit[] | undefined) => (units ?? []).map((u) => ({ value: u.code, label: u.fullName }));

// A unit is found by its name typed with or without diacritics, or by its code.
const search = {
  filterOption: (input: string, option?: { label?: unknown; value?: unknown }) =>
    matchesFolded(input, String(option?.label ?? '')) || String(option?.value ?? '').startsWith(input.trim()),
};

export function UnitPicker({ value, onChange, provincePlaceholder, communePlaceholder, id }: Props) {
  const { t } = useTranslation();
  const isCommune = Boolean(value && value.length > 2);
  // A commune code does not say its province: the unit itself does.
  const { data: unit } = useUnit(isCommune ? value : null);
  const province = isCommune ? unit?.provinceCode : (value ?? undefined);
  const provinces = useProvinces();
  const communes = useCommunes(province);
  return (
    <Flex gap={8} wrap={false}>
      <Select
        id={id}
        data-testid="province-select"
        style={{ flex: 1, minWidth: 0 }}
        allowClear
        showSearch={search}
        placeholder={provincePlaceholder}
        loading={provinces.isPending}
        value={province}
        options={toOptions(provinces.data)}
        onChange={(p?: string) => onChange?.(p ?? null)}
        notFoundContent={provinces.isError ? t('errors.network') : undefined}
      />
      <Select
        data-testid="commune-select"
        style={{ flex: 1, minWidth: 0 }}
        allowClear
        showSearch={search}
        disabled={!province}
        placeholder={communePlaceholder}
        loading={Boolean(province) && communes.isPending}
        value={isCommune ? (value ?? undefined) : undefined}
        options={toOptions(communes.data)}
        onChange={(c?: string) => onChange?.(c ?? province ?? null)}
      />
    </Flex>
  );
}
