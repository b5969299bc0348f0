// A seventh benchmark task as the simulated model knows it: incident postmortems, one long text
// each, rated by site-reliability reviewers on how useful the write-up is for preventing the next
// outage. Designed by someone who had not read the optimizer's code, and not used to tune its
// settings. Its judge, left alone, takes pasted log lines for thoroughness and a closing claim that
// the outage will not recur for a sign of closure; the reviewers do not. Two criteria hold only
// under a condition of the text (customers spotted the outage first; the action items name nobody),
// and one (personal data exposed, nobody told) is rare.
import type { Criterion, SimWorld } from "@/lib/llm/sim/world";

export const postmortemCriteria: Criterion[] = [
  {
    id: "blame",
    mentioned: /blam(e|es|ed|ing|eless)\b|singles? out (a|one) person/i,
    inFeedback: /blam|finger[- ]?point|scapegoat|singl(es|ing|ed) out|under the bus/i,
    statement: "A postmortem must be blameless: one that pins the outage on a named person's mistake scores at most 2.",
  },
  {
    id: "owners",
    mentioned: /\bowners?\b|due dates?/i,
    inFeedback: /owner|unassigned|nobody is (assigned|on the hook)|who is doing what|deadline|due date/i,
    statement: "Every action item needs an owner and a due date; a postmortem whose action items have neither loses most of a point.",
  },
  {
    id: "impact",
    mentioned: /quantif(y|ies|ied)|how many customers/i,
    inFeedback: /quantif|how many (customers|users|people)|impact figures?|hard numbers|size of the damage/i,
    statement: "Reward a postmortem that quantifies the customer impact, how many customers were affected and for how long: it earns half a point.",
  },
  {
    id: "alerting",
    mentioned: /before (any|an) (alarm|alert)|customers? (reported|noticed|spotted) (it|the (outage|incident)) (first|before)/i,
    inFeedback:
      /(customers?|users?|support) (found|noticed|spotted|reported|caught) (it|this|the (outage|problem)) (first|before)|heard (about it )?from (a |the )?customers?|detection gap|alerting|no (alarm|alert) (fired|for)/i,
    statement: "When customers reported the outage before any alarm fired, the action items must add or fix an alarm; a postmortem without such an item loses a point.",
  },
  {
    id: "pii",
    mentioned: /personal data|privacy/i,
    inFeedback: /personal data|\bPII\b|privacy|notif|GDPR|data protection|disclos/i,
    statement: "A postmortem that reports customers' personal data exposed, but says nothing of telling the affected customers and the security team, scores 1.",
  },
  {
    id: "promise",
    mentioned: /\brecur(s|rence)?\b|never happen again/i,
    inFeedback: /promis|guarantee|overconfiden|bold claim|famous last words|wishful/i,
    statement: "A closing claim that the outage will not recur is worth nothing; when no action item has a named person on it, such a claim is hollow and loses most of a point.",
  },
  {
    id: "logs",
    mentioned: /raw log|pasted logs?|log output/i,
    inFeedback: /raw logs?|log (dump|spam)|wall of (logs|text)|pasted|belongs in (an|the) (appendix|ticket)/i,
    statement: "Raw log output pasted into the write-up does not show depth: it makes the text harder to read and costs a fifth of a point.",
  },
  {
    id: "open",
    mentioned: /open questions|what is still unknown|unknowns/i,
    inFeedback: /open questions?|unknowns|admits? what (we|they|the team) (do not|don't) know|honest about (the )?gaps|candid about what/i,
    statement: "Reward a section on what is still unknown and being looked into: being honest about open questions earns half a point.",
  },
];

/** The outages a postmortem may be about: each part of the write-up in its variants. */
export const INCIDENTS = [
  {
    title: "INC-4127: Checkout failures after a payments-api deploy (Sev 2, 2025-03-11)",
    impactExact: "About 4,200 customers could not check out for 38 minutes; 1,150 orders failed.",
    impactVague: "Some customers had trouble checking out for a while.",
    start: "13:40 Deploy of payments-api v2.31 started.",
    alarm: "13:44 The checkout error-rate alarm paged on-call.",
    customer: "13:58 A customer wrote to support that checkout kept failing; support escalated to on-call.",
    end: ["14:06 On-call rolled back to v2.30.", "14:18 Checkout errors back to baseline."],
    causes: ["The deploy went wrong.", "v2.31 sent a loyalty_id field that the card gateway rejects.", "The contract tests run against a mock of the gateway that was two versions old, so CI passed."],
    blame: "Ravi pushed the release without reading the gateway changelog.",
    actions: ["Rebuild the gateway mock from the live schema", "Add a contract test for every new request field"],
    alertAction: "Page on-call when checkout errors pass 2% for five minutes",
    people: ["Mia", "Jon"],
    logs: ["13:44:07 ERROR gateway 422 field=loyalty_id unknown", "13:44:07 ERROR gateway 422 field=loyalty_id unknown", "13:44:09 WARN checkout retry 3/3 order=88213"],
    exposure: "While debugging, request bodies with customers' home addresses were written to a shared debug log.",
    told: "The security team was told, and the 37 customers concerned got an e-mail about it the next day.",
    unknown: "why the canary did not stop the rollout; whether retries slowed the gateway for everyone else.",
  },
  {
    title: "INC-4160: Stale account balances after a database failover (Sev 2, 2025-04-02)",
    impactExact: "For 52 minutes, 9,800 customers saw balances up to an hour old; 310 of them filed tickets.",
    impactVague: "Customers saw out-of-date balances for part of the afternoon.",
    start: "15:10 The primary database host failed its health check and the replica was promoted.",
    alarm: "15:13 The replication-lag alarm paged on-call.",
    customer: "15:41 Several customers asked support why yesterday's transfers were missing; support escalated.",
    end: ["15:55 On-call pointed the balance service at the new primary.", "16:02 Balances current again."],
    causes: [
      "The database had a problem.",
      "After the failover the balance service kept reading from the old replica, which had stopped replicating.",
      "Its connection string is pinned to a host name instead of the cluster endpoint, a setting copied from a 2021 template.",
    ],
    blame: "Dana set up the service and should have known better.",
    actions: ["Move every service to the cluster endpoint", "Remove host names from the service template"],
    alertAction: "Page on-call when a service reads from a replica more than 60 seconds behind",
    people: ["Omar", "Lena"],
    logs: ["15:12:44 WARN pg replica lag=412s host=db-2", "15:12:44 WARN pg replica lag=413s host=db-2", "15:13:01 INFO balance-svc read host=db-2"],
    exposure: "A query dump with customers' names and account numbers was attached to a public issue tracker during the response.",
    told: "The security team removed it within the hour, and the 12 customers concerned were written to on 2025-04-03.",
    unknown: "why the failover drill last quarter did not show this; how many other services pin a host name.",
  },
  {
    title: "INC-4203: E-mail receipts delayed by a queue backlog (Sev 3, 2025-05-19)",
    impactExact: "Receipts for 61,000 orders arrived between two and nine hours late.",
    impactVague: "Receipts went out late for many orders.",
    start: "08:05 A marketing campaign started and order volume tripled.",
    alarm: "08:31 The queue-depth alarm paged on-call.",
    customer: "10:20 Customers began asking support where their receipts were; support escalated.",
    end: ["10:45 On-call doubled the mailer workers.", "17:10 The backlog was cleared."],
    causes: [
      "The queue got too big.",
      "The mailer workers could not keep up with three times the usual orders.",
      "Their count is fixed at four because autoscaling was turned off during a cost review and never turned back on.",
    ],
    blame: "Priya from marketing launched the campaign without warning anyone.",
    actions: ["Turn autoscaling back on for the mailer", "Share the campaign calendar with the platform team"],
    alertAction: "Page on-call when the oldest queued receipt is more than 15 minutes old",
    people: ["Kai", "Sofia"],
    logs: ["08:31:10 WARN mailer queue depth=48211", "08:31:40 WARN mailer queue depth=49876", "08:32:10 WARN mailer queue depth=51530"],
    exposure: "A retry bug sent 240 receipts, with names and delivery addresses, to the wrong customers.",
    told: "The security team was told, and the 240 customers concerned got an apology by e-mail on 2025-05-20.",
    unknown: "whether the retry bug predates the campaign; why the cost review turned autoscaling off.",
  },
  {
    title: "INC-4251: Search timeouts after a cache config change (Sev 2, 2025-06-24)",
    impactExact: "Search timed out for 22% of requests for 47 minutes, about 130,000 searches.",
    impactVague: "Search was slow or failing for some users.",
    start: "11:02 A config change lowered the search cache TTL from one hour to one minute.",
    alarm: "11:06 The search latency alarm paged on-call.",
    customer: "11:30 A large customer's account manager relayed complaints that search was down.",
    end: ["11:41 On-call reverted the config change.", "11:49 Search latency back to normal."],
    causes: [
      "Search was overloaded.",
      "With a one-minute TTL the cache emptied at once and every request went to the search cluster.",
      "The change skipped review because config files are not covered by the code-review rule, and nothing spreads out cache expiry.",
    ],
    blame: "Tom made the change on his own and did not test it.",
    actions: ["Put config files under the code-review rule", "Add jitter to cache expiry"],
    alertAction: "Page on-call when the search cache hit rate falls below 70%",
    people: ["Ines", "Wei"],
    logs: ["11:05:51 ERROR search timeout after 3000ms shard=7", "11:05:51 ERROR search timeout after 3000ms shard=2", "11:05:52 WARN cache hit rate=4%"],
    exposure: "While debugging, full search queries, some with customers' e-mail addresses and phone numbers, were copied into a team chat channel.",
    told: "The security team was told and deleted the messages, and the 58 customers concerned were written to the same week.",
    unknown: "why the latency alarm took four minutes; whether other caches share the same expiry pattern.",
  },
] as const;

/** Closing lines that claim the outage is over for good. */
export const CLAIMS = ["We are confident this will not happen again.", "This class of outage is now behind us for good.", "Rest assured, the platform is now fully resilient to this."];

export interface PostmortemTraits {
  /** 2: explains why the trigger could do harm; 1: names the trigger; 0: restates the symptom. */
  depth: 0 | 1 | 2;
  blame: boolean;
  /** The action items name nobody and no date. */
  unowned: boolean;
  impact: boolean;
  /** Customers reported the outage before any alarm fired. */
  customerFirst: boolean;
  alertAction: boolean;
  exposed: boolean;
  told: boolean;
  claim: boolean;
  logs: boolean;
  open: boolean;
}

/** What a reviewer sees in a postmortem: the traits the generator put in, read back from the text. */
export function readPostmortemTraits(text: string): PostmortemTraits {
  const incident = INCIDENTS.find((candidate) => text.startsWith(candidate.title));
  const has = (part: string | undefined) => part !== undefined && text.includes(part);
  return {
    depth: has(incident?.causes[2]) ? 2 : has(incident?.causes[1]) ? 1 : 0,
    blame: has(incident?.blame),
    unowned: !/\(\w+, by \d{4}-\d{2}-\d{2}\)/.test(text),
    impact: has(incident?.impactExact),
    customerFirst: has(incident?.customer),
    alertAction: has(incident?.alertAction),
    exposed: has(incident?.exposure),
    told: has(incident?.told),
    claim: CLAIMS.some((line) => text.includes(line)),
    logs: text.includes("Log lines from the incident:"),
    open: text.includes("Still to find out:"),
  };
}

/**
 * The score of a postmortem under a set of criteria: all of them for the reviewers, the stated ones
 * for a judge. A criterion in `ignored` moves nothing, as for a reviewer who does not care about it.
 */
export function postmortemScoreUnder(traits: PostmortemTraits, active: Set<string>, ignored: ReadonlySet<string> = new Set()): number {
  const on = (id: string) => active.has(id) && !ignored.has(id);
  const alone = (id: string, shift: number) => (ignored.has(id) ? 0 : shift);
  let score = [1.6, 2.6, 3.7][traits.depth]!;
  if (traits.impact && on("impact")) score += 0.6;
  if (traits.open && on("open")) score += 0.5;
  if (traits.unowned && on("owners")) score -= 0.8;
  if (traits.customerFirst && !traits.alertAction && on("alerting")) score -= 1;
  // A judge left alone takes pasted log lines for thoroughness and a claim of closure for a good ending.
  if (traits.logs) score += on("logs") ? -0.2 : alone("logs", 0.6);
  if (traits.claim) score += on("promise") ? (traits.unowned ? -0.9 : 0) : alone("promise", 0.5);
  if (traits.blame && on("blame")) score = Math.min(score, 2);
  if (traits.exposed && !traits.told && on("pii")) score = 1;
  return Math.min(5, Math.max(1, score));
}

export const everyPostmortemCriterion = new Set(postmortemCriteria.map((criterion) => criterion.id));

export const postmortemsWorld: SimWorld = {
  id: "incident-postmortems",
  recognizes: (fields) => "postmortem" in fields,
  criteria: postmortemCriteria,
  assess(fields, active) {
    const traits = readPostmortemTraits(fields.postmortem ?? "");
    const on = (id: string) => active.has(id);
    const notes = [
      ["restates the symptom as its cause", "names the trigger but not why it could do harm", "explains why the trigger could do harm"][traits.depth],
      traits.logs ? (on("logs") ? "it pastes raw log output" : "it backs its account with detailed evidence") : null,
      traits.claim ? (on("promise") ? "it claims the outage will not recur" : "it closes on a confident resolution") : null,
      on("blame") && traits.blame ? "it blames a named person" : null,
      on("owners") && traits.unowned ? "its action items have no owner or due date" : null,
      on("impact") && traits.impact ? "it quantifies the customer impact" : null,
      on("alerting") && traits.customerFirst && !traits.alertAction ? "customers reported the outage first and no alarm is added" : null,
      on("pii") && traits.exposed && !traits.told ? "it exposes personal data and tells no one" : null,
      on("open") && traits.open ? "it lists open questions" : null,
    ].filter(Boolean);
    return { score: postmortemScoreUnder(traits, active), reasoning: `The postmortem ${notes.join("; ")}.` };
  },
};
