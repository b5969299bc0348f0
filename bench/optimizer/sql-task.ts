// The SQL-queries benchmark dataset: queries written for analysts' requests, rated 1–5 by three
// reviewers. Two write rationales, which name a criterion about a third of the time; the third
// writes none, and one of the two skips about a third of the rows.
import { seedInstruction } from "@/lib/judge/seed-instruction";
import { seededRandom, type Random } from "@/lib/random";
import type { BenchTaskRow } from "./bench-task";
import { everySqlCriterion, metricText, readSqlTraits, sqlCriteria, sqlScoreUnder, SQL_REQUESTS, type SqlTraits } from "./sql-world";

export const SQL_TASK = "Rate how good the SQL query is as an answer to the analyst's request.";
export const SQL_SEED_INSTRUCTION = seedInstruction(SQL_TASK, null);
export const SQL_IDEAL_INSTRUCTION = [SQL_SEED_INSTRUCTION, ...sqlCriteria.map((criterion) => criterion.statement)].join("\n");

const REVIEWERS = [
  { name: "dana", bias: 0.3, noise: 0.5, writes: true, skips: 0 },
  { name: "eli", bias: -0.3, noise: 0.6, writes: true, skips: 0.3 },
  { name: "farah", bias: 0, noise: 0.45, writes: false, skips: 0 },
] as const;
export const SQL_REVIEWERS = REVIEWERS.map((reviewer) => reviewer.name);

const DIMENSIONS = SQL_REQUESTS.map((request) => request.dimension);

function composeQuery(request: (typeof SQL_REQUESTS)[number], traits: SqlTraits, random: Random): string {
  const [events, users] = traits.aliases ? ["e", "u"] : ["ev", "usr"];
  const dimension = traits.correct === 0 ? random.pick(DIMENSIONS.filter((name) => name !== request.dimension)) : request.dimension;
  const metric = traits.correct === 2 ? metricText(request.metric, events, request.ratio && !traits.divByZero) : metricText(request.wrongMetric, events, false);
  const filters = [traits.injection ? `${users}.account_id = '" + account_id + "'` : `${users}.account_id = :account_id`];
  if (!traits.fullScan) filters.push(`${events}.event_time >= CURRENT_DATE - INTERVAL '${random.pick([7, 30, 90])} days'`);
  const lines = [
    ...(traits.comments ? [`-- join ${traits.legacy ? "legacy_users" : "users"} for each event's ${dimension}; keep one account`] : []),
    `SELECT ${traits.selectStar ? "*" : `${users}.${dimension}`}, ${metric} AS value`,
    traits.aliases ? `FROM events ${events}` : `FROM events AS ${events}`,
    `JOIN ${traits.legacy ? "legacy_users" : "users"}${traits.aliases ? ` ${users}` : ` AS ${users}`} ON ${users}.id = ${events}.user_id`,
    `WHERE ${filters.join("\n  AND ")}`,
    `GROUP BY ${users}.${dimension};`,
    ...(traits.mutates ? [`DELETE FROM events WHERE event_time < CURRENT_DATE - INTERVAL '2 years';`] : []),
  ];
  const prose = [
    random.pick(["Here is the query.", "This should do it.", "Try this.", "The query below gives the figure."]),
    ...(traits.mutates ? ["It also clears out old events first so the table stays small."] : []),
    ...(traits.index ? [`Add an index on events(event_time, user_id) so it stays fast.`] : []),
  ];
  return `${prose.join(" ")}\n\n${lines.join("\n")}`;
}

/** What a reviewer writes: now and then the flaw or strength that moved their score, in their own words. */
function rationale(traits: SqlTraits, score: number, random: Random): string {
  const said: string[][] = [];
  if (traits.injection) said.push(["SQL injection risk: the input is concatenated.", "Should bind the parameter, this is injectable."]);
  if (traits.mutates) said.push(["It deletes rows in a read-only report!", "Destructive, it modifies data."]);
  if (traits.legacy) said.push(["Uses the legacy users table.", "That table is deprecated."]);
  if (traits.fullScan) said.push(["No date filter, so a full scan of events.", "Unbounded, reads the whole events table."]);
  if (traits.divByZero) said.push(["Can hit division by zero.", "Needs NULLIF on the zero denominator."]);
  if (traits.selectStar) said.push(["SELECT * pulls every column.", "Star select, too wide."]);
  if (traits.aliases) said.push(["Cryptic one-letter aliases.", "Use readable aliases."]);
  if (traits.comments) said.push(["The comment helps.", "Nicely commented."]);
  if (traits.index) said.push(["Good call on the index.", "The index tip is useful."]);
  if (said.length > 0 && random.chance(0.35)) return random.pick(random.chance(0.5) ? said[0]! : random.pick(said));
  return random.pick(score <= 2 ? ["Not usable.", "Poor.", "Needs work."] : score >= 4 ? ["Good.", "Fine by me.", "Works."] : ["Okay.", "Passable.", "Mixed."]);
}

/** `count` rated queries with a fixed split (40% train, 20% val, 40% test); the seed picks the data. */
export function generateSqlTask(count = 250, dataSeed = 2026): BenchTaskRow[] {
  const random = seededRandom(dataSeed * 7919 + 17);
  return Array.from({ length: count }, (_, index) => {
    const request = random.pick(SQL_REQUESTS);
    const roll = random.next();
    const correct = roll < 0.5 ? 2 : roll < 0.8 ? 1 : 0;
    const traits: SqlTraits = {
      correct,
      injection: random.chance(0.08),
      mutates: random.chance(0.05),
      fullScan: random.chance(0.2),
      legacy: random.chance(0.12),
      selectStar: random.chance(0.35),
      divByZero: correct === 2 && request.ratio && random.chance(0.5),
      aliases: random.chance(0.4),
      comments: random.chance(0.3),
      index: random.chance(0.2),
    };
    const sql = composeQuery(request, traits, random);
    const seen = readSqlTraits(request.text, sql);
    if (JSON.stringify(seen) !== JSON.stringify(traits)) throw new Error(`sql task: query ${index} reads as ${JSON.stringify(seen)}, not ${JSON.stringify(traits)}`);
    const truth = sqlScoreUnder(traits, everySqlCriterion);
    const share = index / count;
    const labels: Record<string, number> = {};
    const rationales: Record<string, string> = {};
    for (const reviewer of REVIEWERS) {
      const gaussian = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
      const score = Math.round(Math.min(5, Math.max(1, truth + reviewer.bias + reviewer.noise * gaussian)));
      const said = rationale(traits, score, random);
      if (random.chance(reviewer.skips)) continue;
      labels[reviewer.name] = score;
      if (reviewer.writes) rationales[reviewer.name] = said;
    }
    return {
      id: `sql-${String(index + 1).padStart(3, "0")}`,
      split: share < 0.4 ? "train" : share < 0.6 ? "val" : "test",
      inputs: { request: `${request.text}, for the account the dashboard passes in.`, sql },
      labels,
      rationales,
    };
  });
}
