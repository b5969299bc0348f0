/**
 * Blind labeling: a labeler sees other people's scores and rationales for an example only once
 * they have labeled it themselves, so nobody anchors on someone else's judgment. Admins see all.
 */
export interface Blindable {
  exampleId: number;
  gold: number;
  squaredError: number;
  labels: unknown[];
}

export type Blinded<Row> = Omit<Row, "gold" | "squaredError"> & { gold: number | null; squaredError: number | null; hidden: boolean };

export function blindRows<Row extends Blindable>(rows: Row[], labeledByViewer: ReadonlySet<number>): Blinded<Row>[] {
  return rows.map((row) => (labeledByViewer.has(row.exampleId) ? { ...row, hidden: false } : { ...row, gold: null, squaredError: null, labels: [], hidden: true }));
}
