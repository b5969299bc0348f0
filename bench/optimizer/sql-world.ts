// A second benchmark task as the simulated model knows it: SQL queries written for analysts'
// requests, judged by reviewers on nine criteria the seed does not state. It differs from the
// developer-answers task on purpose: more criteria, two of them rare, four that a judge left alone
// gets backwards, rationales from only two of three reviewers, and a reviewer who skips rows.
import type { Criterion, SimWorld } from "@/lib/llm/sim/world";

export const sqlCriteria: Criterion[] = [
  {
    id: "injection",
    mentioned: /injection|concatenat\w* (the )?(user )?input|bind(s|ing)? (the )?parameters?|bound parameters?/i,
    inFeedback: /injection|injectable|concatenat|bind the/i,
    statement: "A query that builds its filter by concatenating user input into the SQL text is open to injection and scores 1; parameters must be bound.",
  },
  {
    id: "mutates",
    mentioned: /destructive|deletes? or updates?|modif(y|ies) (the )?data|write statements?/i,
    inFeedback: /delet|destructive|modifies/i,
    statement: "A query that deletes or updates rows when the request only asks to read data is destructive and scores 1.",
  },
  {
    id: "fullScan",
    mentioned: /date filter|filter on (the )?event time|whole (events )?table|full (table )?scan/i,
    inFeedback: /full scan|whole (events )?table|no date filter|unbounded/i,
    statement: "Queries over the events table must filter on event time; without a date filter they scan the whole table and score at most 2.",
  },
  {
    id: "legacy",
    mentioned: /deprecated (legacy )?(users )?table|legacy (users )?table/i,
    inFeedback: /legacy|deprecated|old users table/i,
    statement: "Reading the deprecated legacy users table instead of the current users table is wrong and scores at most 2.",
  },
  {
    id: "selectStar",
    mentioned: /select \*|only the columns|all columns|explicit columns/i,
    inFeedback: /select \*|every column|all columns|star select/i,
    statement: "Select only the columns the request needs; a query that selects all columns loses a point.",
  },
  {
    id: "divByZero",
    mentioned: /divi(de|sion) by zero|nullif|zero denominator/i,
    inFeedback: /divide by zero|division by zero|nullif|zero denominator/i,
    statement: "Ratios must guard against division by zero, for example with NULLIF; an unguarded division loses a point.",
  },
  {
    id: "aliases",
    mentioned: /\balias(es)?\b/i,
    inFeedback: /alias|cryptic|one-letter/i,
    statement: "Table aliases should be readable words; single-letter aliases cost half a point.",
  },
  {
    id: "comments",
    mentioned: /comments? (that )?explain|commented/i,
    inFeedback: /comment/i,
    statement: "Reward queries whose comments explain the joins and filters.",
  },
  {
    id: "index",
    mentioned: /which index|an index|index advice/i,
    inFeedback: /\bindex\b/i,
    statement: "Reward answers that say which index keeps the query fast.",
  },
];

export interface SqlRequest {
  text: string;
  dimension: string;
  /** The right aggregate and a plausible wrong one; `A.` stands for the events table's alias. */
  metric: string;
  wrongMetric: string;
  ratio: boolean;
}

export const SQL_REQUESTS: SqlRequest[] = [
  { text: "Weekly active users by country over the last 30 days", dimension: "country", metric: "COUNT(DISTINCT A.user_id)", wrongMetric: "COUNT(*)", ratio: false },
  { text: "Average order value by customer segment this quarter", dimension: "segment", metric: "AVG(A.order_total)", wrongMetric: "SUM(A.order_total)", ratio: false },
  { text: "Refund rate by product category this quarter", dimension: "category", metric: "SUM(A.refunded) / SUM(A.ordered)", wrongMetric: "COUNT(A.refunded)", ratio: true },
  { text: "Checkout conversion by device type over the last 7 days", dimension: "device", metric: "SUM(A.purchased) / SUM(A.checkouts)", wrongMetric: "SUM(A.purchased)", ratio: true },
  { text: "Sessions per user by signup month this year", dimension: "signup_month", metric: "SUM(A.sessions) / SUM(A.users)", wrongMetric: "COUNT(*)", ratio: true },
  { text: "Revenue by region over the last 90 days", dimension: "region", metric: "SUM(A.order_total)", wrongMetric: "AVG(A.order_total)", ratio: false },
];

/** An aggregate as a query writes it, the denominator of a ratio guarded with NULLIF or not. */
export function metricText(template: string, alias: string, guard: boolean): string {
  const text = template.replace(/A\./g, `${alias}.`);
  return guard ? text.replace(/ \/ (SUM\([\w.]+\))$/, " / NULLIF($1, 0)") : text;
}

export interface SqlTraits {
  correct: 0 | 1 | 2;
  injection: boolean;
  mutates: boolean;
  fullScan: boolean;
  legacy: boolean;
  selectStar: boolean;
  divByZero: boolean;
  aliases: boolean;
  comments: boolean;
  index: boolean;
}

/** What a reader sees in a query written for a request: the traits the generator put in, read back from the text. */
export function readSqlTraits(requestText: string, sql: string): SqlTraits {
  const request = SQL_REQUESTS.find((candidate) => requestText.startsWith(candidate.text));
  const alias = sql.match(/FROM events (?:AS )?(\w+)/)?.[1] ?? "ev";
  const grouped = request !== undefined && new RegExp(`GROUP BY \\w+\\.${request.dimension}\\b`).test(sql);
  const rightMetric = request !== undefined && [false, true].some((guard) => sql.includes(metricText(request.metric, alias, guard)));
  return {
    correct: !grouped ? 0 : rightMetric ? 2 : 1,
    injection: /'" \+ \w+ \+ "'/.test(sql),
    mutates: /\b(DELETE FROM|UPDATE \w+ SET)\b/.test(sql),
    fullScan: !/event_time >= /.test(sql),
    legacy: /\bJOIN legacy_users\b/.test(sql),
    selectStar: /SELECT \*/.test(sql),
    divByZero: /\) \/ SUM\(/.test(sql),
    aliases: /\b(FROM|JOIN) \w+ [a-z]\b/.test(sql),
    comments: /^-- /m.test(sql),
    index: /\badd an index\b/i.test(sql),
  };
}

/** The score of a query under a set of criteria: all of them for the reviewers, the stated ones for a judge. */
export function sqlScoreUnder(traits: SqlTraits, active: Set<string>): number {
  const on = (id: string) => active.has(id);
  let score = 1.3 + 1.4 * traits.correct;
  if (traits.selectStar) score += on("selectStar") ? -0.6 : 0.3;
  if (traits.aliases) score += on("aliases") ? -0.4 : 0.1;
  if (traits.comments) score += on("comments") ? 0.4 : 0.1;
  if (traits.index) score += on("index") ? 0.4 : 0.2;
  if (traits.divByZero && on("divByZero")) score -= 0.8;
  if (traits.legacy && on("legacy")) score = Math.min(score, 2);
  if (traits.fullScan) score = on("fullScan") ? Math.min(score, 2) : score + 0.1;
  if (traits.injection) score = on("injection") ? 1 : score + 0.2;
  if (traits.mutates) score = on("mutates") ? 1 : score - 0.3;
  return Math.min(5, Math.max(1, score));
}

export const everySqlCriterion = new Set(sqlCriteria.map((criterion) => criterion.id));

/** The query's field, whatever else the prompt calls it (an optimizer may rename the request field). */
const sqlField = (fields: Record<string, string>) => Object.keys(fields).find((name) => /^sql$/i.test(name));

export const sqlQueriesWorld: SimWorld = {
  id: "sql-queries",
  recognizes: (fields) => sqlField(fields) !== undefined,
  criteria: sqlCriteria,
  assess(fields, active) {
    const name = sqlField(fields) ?? "";
    const request = Object.values(fields).find((text) => SQL_REQUESTS.some((known) => text.startsWith(known.text))) ?? "";
    const traits = readSqlTraits(request, fields[name] ?? "");
    const notes = [
      ["does not compute what was asked", "computes a related but different figure", "computes the requested figure"][traits.correct],
      traits.comments ? "it is commented" : null,
      active.has("injection") && traits.injection ? "it concatenates user input into the SQL" : null,
      active.has("mutates") && traits.mutates ? "it deletes rows" : null,
      active.has("fullScan") && traits.fullScan ? "it has no date filter" : null,
      active.has("legacy") && traits.legacy ? "it reads the legacy users table" : null,
      active.has("selectStar") && traits.selectStar ? "it selects all columns" : null,
      active.has("divByZero") && traits.divByZero ? "its division is unguarded" : null,
      active.has("aliases") && traits.aliases ? "its aliases are single letters" : null,
    ].filter(Boolean);
    return { score: sqlScoreUnder(traits, active), reasoning: `The query ${notes.join("; ")}.` };
  },
};
