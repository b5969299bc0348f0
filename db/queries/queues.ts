import { and, asc, desc, eq, gt, gte, inArray, lt } from "drizzle-orm";
import type { Db, Queryable } from "@/db/client";
import { labelers, labelQueues, labels, queueItems, queueReservations, type LabelQueue, type QueueRule, type QueueStatus } from "@/db/schema";
import { writeTransaction } from "@/db/write";
import { AppError } from "@/lib/errors";

/** How long a served item stays held for its labeler. */
export const RESERVATION_MS = 10 * 60_000;
const PAGE = 500;

/**
 * Makes a queue of these examples in this order. Each item leaves the queue at a number of people's
 * labels: k for "fewer than k labels"; for every other rule, the labels it has now plus k, so a
 * queue of examples people already labeled asks for k more opinions instead of being done at once.
 */
export function createQueue(db: Db, input: { datasetId: number; name: string; rule: QueueRule; labelsPerExample: number; assignees: number[] | null; exampleIds: number[] }): LabelQueue {
  if (input.exampleIds.length === 0) throw new AppError("invalid_input", "The rule chooses no example: nothing to queue.", [{ field: "rule", message: "selects 0 examples" }]);
  return writeTransaction(db, (tx) => {
    const { counts } = labelCounts(tx, input.exampleIds);
    const targetOf = (exampleId: number) => (input.rule.kind === "few_labels" ? input.labelsPerExample : (counts.get(exampleId) ?? 0) + input.labelsPerExample);
    const queue = tx
      .insert(labelQueues)
      .values({ datasetId: input.datasetId, name: input.name, rule: input.rule, labelsPerExample: input.labelsPerExample, assignees: input.assignees })
      .returning()
      .get();
    for (let start = 0; start < input.exampleIds.length; start += PAGE) {
      tx.insert(queueItems)
        .values(input.exampleIds.slice(start, start + PAGE).map((exampleId, index) => ({ queueId: queue.id, exampleId, position: start + index, target: targetOf(exampleId) })))
        .run();
    }
    return queue;
  });
}

export function getQueue(db: Queryable, queueId: number): LabelQueue {
  const queue = db.select().from(labelQueues).where(eq(labelQueues.id, queueId)).get();
  if (!queue) throw new AppError("not_found", `Queue ${queueId} does not exist.`);
  return queue;
}

export function setQueueStatus(db: Db, queueId: number, status: QueueStatus): LabelQueue {
  getQueue(db, queueId);
  return db.update(labelQueues).set({ status }).where(eq(labelQueues.id, queueId)).returning().get();
}

/**
 * People's labels per example of these ids (published aggregates left out), and the examples each
 * labeler labeled; with `since`, `given` holds only the labels given from then on.
 */
function labelCounts(db: Queryable, ids: number[], since?: Date) {
  const counts = new Map<number, number>();
  const byLabeler = new Map<number, Set<number>>();
  const given = new Map<number, Set<number>>();
  for (let start = 0; start < ids.length; start += PAGE) {
    for (const row of db
      .select({ exampleId: labels.exampleId, labelerId: labels.labelerId, createdAt: labels.createdAt })
      .from(labels)
      .innerJoin(labelers, eq(labelers.id, labels.labelerId))
      .where(and(inArray(labels.exampleId, ids.slice(start, start + PAGE)), eq(labelers.isAggregate, false)))
      .all()) {
      counts.set(row.exampleId, (counts.get(row.exampleId) ?? 0) + 1);
      byLabeler.set(row.labelerId, (byLabeler.get(row.labelerId) ?? new Set()).add(row.exampleId));
      if (since && row.createdAt >= since) given.set(row.labelerId, (given.get(row.labelerId) ?? new Set()).add(row.exampleId));
    }
  }
  return { counts, byLabeler, given };
}

export interface QueueProgress extends LabelQueue {
  items: number;
  /** Items that reached their target number of people's labels: out of the queue. */
  done: number;
  /** Labels each assignee (or, for an everyone queue, each person who labeled) gave on the queue's items since it was made. */
  people: { labelerId: number; name: string; labels: number }[];
}

export function listQueues(db: Db, datasetId: number): QueueProgress[] {
  const names = new Map(
    db
      .select({ id: labelers.id, name: labelers.name })
      .from(labelers)
      .all()
      .map((row) => [row.id, row.name]),
  );
  return db
    .select()
    .from(labelQueues)
    .where(eq(labelQueues.datasetId, datasetId))
    .orderBy(desc(labelQueues.id))
    .all()
    .map((queue) => {
      const items = db.select({ id: queueItems.exampleId, target: queueItems.target }).from(queueItems).where(eq(queueItems.queueId, queue.id)).all();
      const { counts, given } = labelCounts(
        db,
        items.map((item) => item.id),
        queue.createdAt,
      );
      const people = (queue.assignees ?? [...given.keys()]).map((labelerId) => ({ labelerId, name: names.get(labelerId) ?? `labeler ${labelerId}`, labels: given.get(labelerId)?.size ?? 0 }));
      return { ...queue, items: items.length, done: items.filter((item) => (counts.get(item.id) ?? 0) >= item.target).length, people };
    });
}

/** The open queues of a dataset this labeler is assigned to (or that are for everyone). */
export function queuesFor(db: Db, datasetId: number, labelerId: number): QueueProgress[] {
  return listQueues(db, datasetId).filter((queue) => queue.status === "open" && (queue.assignees === null || queue.assignees.includes(labelerId)));
}

/**
 * Serves a labeler up to `count` items of a queue and holds them for RESERVATION_MS: the items they
 * already hold first, then, in queue order, items they have not labeled that still want labels once
 * the others' holds are counted. With one label per example, two people never hold the same item.
 * Decided in one write transaction, so concurrent requests cannot both take the last free slot.
 */
export function serveQueueItems(db: Db, input: { queueId: number; labelerId: number; count: number; now?: number }): number[] {
  const now = input.now ?? Date.now();
  return writeTransaction(db, (tx) => {
    const queue = getQueue(tx, input.queueId);
    if (queue.status !== "open") throw new AppError("conflict", `Queue "${queue.name}" is ${queue.status}.`);
    if (queue.assignees !== null && !queue.assignees.includes(input.labelerId)) throw new AppError("forbidden", `Queue "${queue.name}" is assigned to other labelers.`);
    tx.delete(queueReservations)
      .where(and(eq(queueReservations.queueId, queue.id), lt(queueReservations.until, new Date(now))))
      .run();
    const chosen: number[] = [];
    for (let after = -1; chosen.length < input.count;) {
      const page = tx
        .select({ exampleId: queueItems.exampleId, position: queueItems.position, target: queueItems.target })
        .from(queueItems)
        .where(and(eq(queueItems.queueId, queue.id), gt(queueItems.position, after)))
        .orderBy(asc(queueItems.position))
        .limit(PAGE)
        .all();
      if (page.length === 0) break;
      after = page.at(-1)!.position;
      const ids = page.map((item) => item.exampleId);
      const { counts, byLabeler } = labelCounts(tx, ids);
      const mine = byLabeler.get(input.labelerId) ?? new Set<number>();
      const held = new Map<number, { mine: boolean; others: number }>();
      // Holds in every queue count: two queues that share an example never hand it to two people at once.
      const holders = new Map<number, Set<number>>();
      for (const row of tx
        .select({ queueId: queueReservations.queueId, exampleId: queueReservations.exampleId, labelerId: queueReservations.labelerId })
        .from(queueReservations)
        .where(and(inArray(queueReservations.exampleId, ids), gte(queueReservations.until, new Date(now))))
        .all()) {
        // A hold whose holder has since labeled the example is spent: their label counts instead.
        if (byLabeler.get(row.labelerId)?.has(row.exampleId)) continue;
        const entry = held.get(row.exampleId) ?? { mine: false, others: 0 };
        if (row.labelerId === input.labelerId) {
          if (row.queueId === queue.id) entry.mine = true;
        } else {
          const seen = holders.get(row.exampleId) ?? new Set<number>();
          if (!seen.has(row.labelerId)) entry.others++;
          holders.set(row.exampleId, seen.add(row.labelerId));
        }
        held.set(row.exampleId, entry);
      }
      for (const item of page) {
        if (chosen.length >= input.count) break;
        const labeled = counts.get(item.exampleId) ?? 0;
        if (mine.has(item.exampleId) || labeled >= item.target) continue;
        const hold = held.get(item.exampleId) ?? { mine: false, others: 0 };
        if (hold.mine || labeled + hold.others < item.target) chosen.push(item.exampleId);
      }
    }
    const until = new Date(now + RESERVATION_MS);
    for (const exampleId of chosen) {
      tx.insert(queueReservations)
        .values({ queueId: queue.id, exampleId, labelerId: input.labelerId, until })
        .onConflictDoUpdate({ target: [queueReservations.queueId, queueReservations.exampleId, queueReservations.labelerId], set: { until } })
        .run();
    }
    return chosen;
  });
}

/** Gives back a labeler's holds on a queue (they left it), so others are served those items at once. */
export function releaseQueueItems(db: Db, queueId: number, labelerId: number): void {
  db.delete(queueReservations)
    .where(and(eq(queueReservations.queueId, queueId), eq(queueReservations.labelerId, labelerId)))
    .run();
}
