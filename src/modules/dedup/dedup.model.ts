// The model a batch run stores for the incremental checks: the linkage config it was trained with, the trained
// Fellegi–Sunter model and the thresholds. The config travels with the model so that a new person is standardised,
// compared and scored exactly as the registry was, even after the code's default config changes.
import type { LinkConfig } from '../linkage/engine/config.ts';
import type { LinkModel } from '../linkage/engine/model.ts';
import { type LinkModelJson, modelFromJson, modelToJson } from '../linkage/engine/model-json.ts';

export interface StoredModel {
  runId: number;
  config: LinkConfig;
  model: LinkModel;
  /** Operating threshold (clusters, "same person" in the report). */
  threshold: number;
  /** Pairs at or above this probability enter the review queue. */
  reviewThreshold: number;
}

interface StoredModelJson {
  format: 1;
  config: LinkConfig;
  model: LinkModelJson;
  threshold: number;
  reviewThreshold: number;
}

export function storedModelJson(m: Omit<StoredModel, 'runId'>): string {
  const json: StoredModelJson = {
    format: 1,
    config: m.config,
    model: modelToJson(m.model),
    threshold: m.threshold,
    reviewThreshold: m.reviewThreshold,
  };
  return JSON.stringify(json);
}

export function parseStoredModel(runId: number, text: string): StoredModel {
  const j = JSON.parse(text) as Partial<StoredModelJson>;
  if (j.format !== 1 || !j.config || typeof j.threshold !== 'number' || typeof j.reviewThreshold !== 'number') {
    throw new Error(`dedup run ${runId}: the stored model is not in a known format`);
  }
  return {
    runId,
    config: j.config,
    model: modelFromJson(j.model),
    threshold: j.threshold,
    reviewThreshold: j.reviewThreshold,
  };
}
