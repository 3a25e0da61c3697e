// CLI commands of the registry: thin wrappers over RegistryService that print for people (or JSON with --json).
import type { Command } from 'commander';
import { withDb, withServices } from '../../cli/context.ts';
import { cliContext } from '../../domain/context.ts';
import { checkPinAgainst, decodePin, type PinReport } from '../../domain/pin.ts';
import { findReferenceDir, readCsv } from '../reference/reference.files.ts';
import type { PinProvinceInfo } from '../reference/reference.types.ts';
import { registerNoticeCommands } from './notice.cli.ts';
import type { HistoryEntry, PersonView } from './registry.service.ts';

const SEX_VI = { M: 'Nam (male)', F: 'Nữ (female)' } as const;

/** PIN province codes straight from the shipped files, so `pin check` works before `popreg init`. */
function pinProvincesFromFiles(): (code: string) => PinProvinceInfo | undefined {
  const rows = readCsv(findReferenceDir(), 'codes/pin_birth_registration_province_codes.csv', [
    'pin_code',
    'gso_province_code',
    'province_name_pre2025',
    'successor_gso_code_2025',
  ] as const);
  const map = new Map(
    rows.map((r) => [
      r.pin_code,
      {
        pinCode: r.pin_code,
        provinceCode: r.gso_province_code,
        name: r.province_name_pre2025,
        successorCode: r.successor_gso_code_2025,
      },
    ]),
  );
  return (code) => map.get(code);
}

function printPinReport(r: PinReport, contradictions: { rule: string; message: string }[]): void {
  const valid = r.valid && contradictions.length === 0;
  console.log(`PIN            ${r.pin}`);
  if (r.province)
    console.log(`province       ${r.province.pinCode} ${r.province.name} (now province ${r.province.successorCode})`);
  if (r.sex) console.log(`sex            ${SEX_VI[r.sex]}`);
  if (r.birthYear !== undefined)
    console.log(`born           ${r.birthYear} (century ${r.century}–${(r.century ?? 0) + 99})`);
  if (r.serial) console.log(`serial         ${r.serial}`);
  console.log(`validity       ${valid ? 'valid' : 'INVALID'}`);
  for (const reason of [...r.reasons, ...contradictions]) console.log(`  why: ${reason.message} [${reason.rule}]`);
}

function printPerson(v: PersonView): void {
  const s = v.state;
  const addr = (a: { unitCode: string; unitDate: string; detail: string } | null) =>
    a ? `${a.detail ? `${a.detail}, ` : ''}unit ${a.unitCode} (as of ${a.unitDate})` : '—';
  const rel = (p: { pin: string | null; name: string } | null) => (p ? `${p.name}${p.pin ? ` (${p.pin})` : ''}` : '—');
  const lines: [string, string][] = [
    ['PIN', `${v.pin}${v.requestedPin !== v.pin ? ` (asked for cancelled PIN ${v.requestedPin})` : ''}`],
    ['as of', `${v.asOf}${v.knownAt ? `, as known at ${v.knownAt}` : ''} (version ${v.version})`],
    ['full name', s.fullName],
    ['other names', s.otherNames.join('; ') || '—'],
    ['date of birth', s.dateOfBirth],
    ['sex', SEX_VI[s.sex]],
    ['status', v.status],
    ['place of birth', addr(s.placeOfBirth)],
    ['birth registered', addr(s.birthRegistrationPlace)],
    ['hometown', addr(s.hometown)],
    ['ethnicity / religion', `${s.ethnicity} / ${s.religion}`],
    ['nationality', s.nationalities.join(', ')],
    ['blood group', s.bloodGroup ?? '—'],
    ['old ID (9 digits)', s.oldIdNumber ?? '—'],
    ['father', rel(s.father)],
    ['mother', rel(s.mother)],
    ['spouse', rel(s.spouse)],
    ['children', s.children.map(rel).join('; ') || '—'],
    ['permanent residence', addr(s.permanentResidence)],
    ['temporary residence', addr(s.temporaryResidence)],
    ['current residence', addr(s.currentResidence)],
    ['marital status', s.maritalStatus],
    ['household', s.household ? `${s.household.code} (${s.household.relationToHead})` : '—'],
    ['death / missing', s.death ? `${s.death.kind} on ${s.death.date}` : '—'],
  ];
  for (const [k, val] of lines) console.log(`${k.padEnd(20)} ${val}`);
  if (v.pins.length > 1) {
    console.log('PIN history');
    for (const p of v.pins)
      console.log(
        `  ${p.pin} ${p.status}${p.cancelReason ? ` (${p.cancelReason})` : ''}${p.replacedBy ? ` → ${p.replacedBy}` : ''}`,
      );
  }
}

function printHistory(entries: HistoryEntry[]): void {
  for (const e of entries) {
    console.log(
      `#${e.seq} ${e.event} valid from ${e.validFrom}, recorded ${e.recordedAt} by ${e.recordedBy}${e.reason ? ` — ${e.reason}` : ''}${e.sourceDocument ? ` [${e.sourceDocument}]` : ''}`,
    );
    for (const c of e.changes) {
      if (e.seq === 1 && c.from === null) continue;
      console.log(`    ${c.field}: ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`);
    }
    if (e.seq === 1) console.log(`    (${e.changes.length} fields set)`);
  }
}

export function registerRegistryCommands(program: Command): void {
  registerNoticeCommands(program);
  const pin = program.command('pin').description('personal identification numbers');
  withDb(
    pin
      .command('check <PIN>')
      .description('explain a PIN: province of birth registration, sex, birth year, validity and why')
      .option('--dob <date>', 'check against this date of birth (YYYY-MM-DD, YYYY-MM or YYYY)')
      .option('--sex <M|F>', 'check against this sex (M/Nam or F/Nữ)')
      .option('--json', 'print JSON'),
  ).action((value: string, opts: { dob?: string; sex?: string; json?: boolean }) => {
    const lookup = pinProvincesFromFiles();
    const report = decodePin(value, lookup);
    const sex =
      opts.sex === undefined
        ? undefined
        : /^(m|nam)$/i.test(opts.sex)
          ? 'M'
          : /^(f|nữ|nu)$/i.test(opts.sex)
            ? 'F'
            : null;
    if (sex === null) throw new Error(`--sex ${opts.sex}: use M (Nam) or F (Nữ)`);
    const contradictions =
      report.valid && (opts.dob || sex)
        ? checkPinAgainst(value, { dateOfBirth: opts.dob ?? String(report.birthYear), sex: sex ?? report.sex! }, lookup)
        : [];
    if (opts.json)
      console.log(
        JSON.stringify({ ...report, valid: report.valid && contradictions.length === 0, contradictions }, null, 2),
      );
    else printPinReport(report, contradictions);
    if (!report.valid || contradictions.length > 0) process.exitCode = 1;
  });

  const person = program.command('person').description('read persons');
  withDb(
    person
      .command('get <PIN>')
      .description('show a person (a cancelled PIN shows the person under the active one)')
      .option('--as-of <date>', 'valid date YYYY-MM-DD (default today)')
      .option('--known-at <time>', 'as the registry knew it at this ISO time')
      .option('--json', 'print JSON'),
  ).action(async (value: string, opts: { db?: string; asOf?: string; knownAt?: string; json?: boolean }) => {
    await withServices(opts, async (s) => {
      const view = await s.registry.getPerson(cliContext(), value, { asOf: opts.asOf, knownAt: opts.knownAt });
      if (opts.json) console.log(JSON.stringify(view, null, 2));
      else printPerson(view);
    });
  });
  withDb(
    person
      .command('search <name...>')
      .description('search by name, ignoring diacritics and case ("nguyen van an" finds "Nguyễn Văn An")')
      .option('--dob <date>', 'date of birth (YYYY-MM-DD, YYYY-MM or YYYY)')
      .option('--year <year>', 'year of birth', (x) => Number.parseInt(x, 10))
      .option('--unit <code>', 'current or old administrative unit code (a province includes all its communes)')
      .option('--limit <n>', 'at most this many results', (x) => Number.parseInt(x, 10), 50)
      .option('--json', 'print JSON'),
  ).action(
    async (
      words: string[],
      opts: { db?: string; dob?: string; year?: number; unit?: string; limit: number; json?: boolean },
    ) => {
      await withServices(opts, async (s) => {
        const r = await s.registry.search(cliContext(), {
          name: words.join(' '),
          dob: opts.dob,
          year: opts.year,
          unit: opts.unit,
          limit: opts.limit,
        });
        if (opts.json) return console.log(JSON.stringify(r, null, 2));
        for (const p of r.items) {
          console.log(
            `${p.pin}  ${p.fullName.padEnd(30)} ${p.dateOfBirth.padEnd(10)} ${p.sex}  ${p.status.padEnd(7)} unit ${p.residenceUnit ?? '—'} (province ${p.residenceProvince ?? '—'})`,
          );
        }
        console.log(`${r.items.length} found${r.nextCursor ? ' (more: narrow the search or raise --limit)' : ''}`);
      });
    },
  );
  withDb(
    person
      .command('history <PIN>')
      .description('every recorded change: valid date, recording time, author, fields')
      .option('--json', 'print JSON'),
  ).action(async (value: string, opts: { db?: string; json?: boolean }) => {
    await withServices(opts, async (s) => {
      const h = await s.registry.history(cliContext(), value);
      if (opts.json) console.log(JSON.stringify(h, null, 2));
      else printHistory(h.entries);
    });
  });

  withDb(
    program
      .command('stats')
      .description('persons by current province (34), alive, dead and missing')
      .option('--by <what>', 'province', 'total')
      .option('--json', 'print JSON'),
  ).action(async (opts: { db?: string; by: string; json?: boolean }) => {
    if (opts.by !== 'total' && opts.by !== 'province') throw new Error(`--by ${opts.by}: use province`);
    await withServices(opts, async (s) => {
      const st = await s.registry.stats(cliContext());
      if (opts.json) return console.log(JSON.stringify(st, null, 2));
      console.log(
        `persons ${st.total} (alive ${st.alive}, dead ${st.dead}, missing ${st.missing}, no known unit ${st.unplaced})`,
      );
      if (opts.by === 'province') {
        console.log(
          `${'code'.padEnd(5)}${'province'.padEnd(28)}${'alive'.padStart(10)}${'dead'.padStart(8)}${'missing'.padStart(8)}`,
        );
        for (const p of st.byProvince)
          console.log(
            `${p.code.padEnd(5)}${p.name.padEnd(28)}${String(p.alive).padStart(10)}${String(p.dead).padStart(8)}${String(p.missing).padStart(8)}`,
          );
      }
    });
  });
}
