// The layer rules of docs/ARCHITECTURE.md ("Where code goes" and "Rules"), checked by `npm run check` (and so by
// `npm test`) with dependency-cruiser. Each rule restates the sentence of the architecture page it keeps true and
// says why it matters; test/structure/layers.test.ts shows every rule firing on a small throwaway tree.
//
// Paths are relative to the repository root. Imports are read with the TypeScript compiler before compilation
// (tsPreCompilationDeps), so `import type` lines are seen too and marked "type-only": the SQL rule lets them
// through (a type has no runtime effect), the module-boundary rules do not (a repository's row types are part
// of its private surface; modules share types through their service, schemas or a small public file).

/** The packages that reach a database: importing them for their values means writing SQL. */
const SQL_PACKAGES = '(^|/)node_modules/(kysely|better-sqlite3|pg|pg-copy-streams)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'src/domain holds pure rules with no I/O (pins, names, dates, ballot layouts, typed errors, the actor). ' +
        'It imports nothing of the application, so every layer can use it and its tests need no database.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(modules|http|cli|db|lib)/|^src/(services|config)\\.ts$' },
    },
    {
      name: 'domain-has-no-io',
      comment:
        'src/domain does no I/O: no files, network, processes or threads. A rule that needs data (a code list, ' +
        'a catalog) is handed it by its caller, so it gives the same answer in a test, a worker and the server.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        dependencyTypes: ['core'],
        path: '^(node:)?(fs|fs/promises|net|http|https|http2|tls|dgram|dns|child_process|worker_threads|cluster|readline)$',
      },
    },
    {
      name: 'lib-is-below-modules',
      comment:
        'src/lib holds the cross-cutting helpers every module shares (worker start-up, seeded random numbers, ' +
        'cursors, CSV): it knows no module, no route and no command, so using it never pulls a module in.',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: '^src/(modules|http|cli)/|^src/services\\.ts$' },
    },
    {
      name: 'sql-only-in-repositories',
      comment:
        'Only *.repository.ts files and src/db/ (connections, dialect, migrations, COPY) write SQL, so every ' +
        'query of a table is found in one place and both engines are handled there. Elsewhere kysely, ' +
        'better-sqlite3, pg and pg-copy-streams may only be imported as types (`import type { Db } ...`).',
      severity: 'error',
      from: { path: '^src/', pathNot: ['\\.repository\\.ts$', '^src/db/'] },
      to: { path: SQL_PACKAGES, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-other-modules-repository',
      comment:
        'A module uses another module only through its service (or a small public file such as index.ts or ' +
        "registry.tx.ts), never through its repository: the other module's invariants (PIN allocation, " +
        'history, versions) live in its service and must not be bypassed. Types included: a row type of ' +
        'another repository is re-exported by that module when it is meant to be shared.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/.*\\.repository\\.ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'routes-and-cli-call-services',
      comment:
        'Routes (*.routes.ts) and CLI commands (*.cli.ts, src/cli/) validate the shape of their input and call ' +
        'one service function; they never reach a repository, so permission checks, audit entries and ' +
        'transactions, which services own, cannot be skipped.',
      severity: 'error',
      from: { path: ['\\.routes\\.ts$', '\\.cli\\.ts$', '^src/cli/'] },
      to: { path: '\\.repository\\.ts$' },
    },
    {
      name: 'no-cycles',
      comment:
        'No import cycles at run time: in a cycle the load order decides which binding is still undefined, and ' +
        'two files that need each other are one layer in disguise. A cycle closed only by `import type` is ' +
        'erased by the compiler and allowed: a use case kept in its own file (registry.birth.ts) may name the ' +
        'type of the service that hands it its dependencies.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'imports-resolve',
      comment:
        'Every import resolves to a file or an installed package. Besides catching typos, this keeps the rules ' +
        'above honest: ' +
        'an import the checker cannot follow is an import no rule can see.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.test\\.ts$', '^src/.*\\.md$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
