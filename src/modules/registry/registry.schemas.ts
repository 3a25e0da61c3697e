// Request and response shapes of the registry API: one TypeBox schema per route feeds validation,
// serialization and the OpenAPI document. The schemas live in four files by subject; this one gathers them.
export * from './registry.schemas.base.ts';
export * from './registry.schemas.events.ts';
export * from './registry.schemas.notices.ts';
export * from './registry.schemas.writes.ts';
