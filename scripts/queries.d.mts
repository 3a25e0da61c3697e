// Types of queries.mjs for the TypeScript tests that import it (test/structure/queries.test.ts).
export declare const MAY_WRITE_SQL: RegExp;
export declare function queriesOutsideRepositories(root: string): string[];
