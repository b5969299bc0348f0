import type { Db } from "@/db/client";
import type { Split } from "@/db/schema";

/**
 * Bulk writers for the importer. Plain prepared statements: one reused statement per row is
 * an order of magnitude faster than building multi-row inserts, which matters at 100k rows.
 * Call them inside the import's transaction.
 */
export function bulkWriters(db: Db) {
  const client = db.$client;
  const example = client.prepare("insert into examples (dataset_id, external_id, inputs, split, content_hash, position) values (?, ?, ?, ?, ?, ?)");
  const label = client.prepare("insert into labels (example_id, labeler_id, score, rationale) values (?, ?, ?, ?)");
  const updateLabel = client.prepare("update labels set score = ?, rationale = ?, updated_at = ? where id = ?");
  const revision = client.prepare("insert into label_revisions (example_id, labeler_id, score, rationale, source) values (?, ?, ?, ?, 'import')");
  return {
    insertExample(row: { datasetId: number; externalId: string; inputs: Record<string, string>; split: Split; contentHash: string; position: number }): number {
      return Number(example.run(row.datasetId, row.externalId, JSON.stringify(row.inputs), row.split, row.contentHash, row.position).lastInsertRowid);
    },
    insertLabel(exampleId: number, labelerId: number, score: number, rationale: string): void {
      label.run(exampleId, labelerId, score, rationale);
      revision.run(exampleId, labelerId, score, rationale);
    },
    updateLabel(labelId: number, exampleId: number, labelerId: number, score: number, rationale: string): void {
      updateLabel.run(score, rationale, Date.now(), labelId);
      revision.run(exampleId, labelerId, score, rationale);
    },
  };
}
