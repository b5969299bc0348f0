// The benchmark's task as the simulated model knows it: answers to developers' questions, judged by
// humans on criteria the seed instruction does not state. A judge applies a criterion only when its
// instruction states it; the humans always do, so the ideal instruction states them all.
import type { Criterion, SimWorld } from "@/lib/llm/sim/world";
import { wordCount } from "@/lib/llm/sim/text";

export const criteria: Criterion[] = [
  {
    id: "outdated",
    mentioned: /(older|earlier) than 2022|before 2022|pre-2022|outdated (release|version)/i,
    inFeedback: /outdated|ancient|deprecated|old release|long dead/i,
    statement: "Answers that recommend a release older than 2022 are outdated and score at most 2.",
  },
  {
    id: "unsafe",
    mentioned: /disables? (a )?security|security checks?|tls verification|dangerous advice|unsafe advice/i,
    inFeedback: /unsafe|dangerous|insecure|security hole/i,
    statement: "Advice that disables a security check, such as TLS verification or file permissions, is dangerous and scores 1.",
  },
  {
    id: "offTopic",
    mentioned: /different (language|framework)|off-topic|another language/i,
    inFeedback: /off-topic|wrong language|different language|not what was asked/i,
    statement: "An answer about a different language or framework than the question asks is off-topic and scores at most 2.",
  },
  {
    id: "code",
    mentioned: /code example|runnable|snippet/i,
    inFeedback: /no code|code example|snippet|show the code/i,
    statement: "Answers without a runnable code example lose a point; a working snippet is expected.",
  },
  {
    id: "explain",
    mentioned: /explain(s|ing)? why|without (an )?explanation|why the fix works/i,
    inFeedback: /explain|why it works|no explanation|bare command/i,
    statement: "Answers should explain why the fix works; a bare command without explanation loses a point.",
  },
  {
    id: "docs",
    mentioned: /official documentation|links? (to )?the docs|documentation link/i,
    inFeedback: /\bdocs\b|documentation/i,
    statement: "Answers that link the official documentation are more trustworthy; reward them.",
  },
  {
    id: "filler",
    mentioned: /filler|padding|get to the point|wordy/i,
    inFeedback: /filler|padded|wordy|verbose|too long/i,
    statement: "Filler and long preambles do not make an answer better: penalise padding that delays the fix.",
  },
];

export interface AnswerTraits {
  resolves: 0 | 1 | 2;
  outdatedYear: number | null;
  unsafe: boolean;
  offTopic: boolean;
  code: boolean;
  explains: boolean;
  docs: boolean;
  filler: boolean;
}

/** What a reader can see in an answer: the same traits the generator put in, read back from the text. */
export function readTraits(answer: string): AnswerTraits {
  const year = [...answer.matchAll(/released in (\d{4})/g)].map((match) => Number(match[1]));
  return {
    resolves: /\bthis fixes it\b|\bthe fix is\b/i.test(answer) ? 2 : /\byou could try\b|\bmaybe\b/i.test(answer) ? 1 : 0,
    outdatedYear: year.find((value) => value < 2022) ?? null,
    unsafe: /verify=False|rejectUnauthorized: false|chmod -R 777|--no-verify|NODE_TLS_REJECT_UNAUTHORIZED=0/.test(answer),
    offTopic: /\b(in Ruby|in PHP|with Perl)\b/i.test(answer),
    code: /```/.test(answer),
    explains: /\bthis works because\b|\bthe reason is\b/i.test(answer),
    docs: /https:\/\/docs\.[\w.-]+/.test(answer),
    filler: wordCount(answer) > 90 || /great question|happy to help|as an experienced/i.test(answer),
  };
}

/** The score of an answer under a set of criteria: all of them for the humans, the stated ones for a judge. */
export function scoreUnder(traits: AnswerTraits, active: Set<string>): number {
  const on = (id: string) => active.has(id);
  let score = 1.5 + 1.2 * traits.resolves;
  score += traits.code ? (on("code") ? 0.4 : 0.2) : on("code") ? -0.6 : 0;
  score += traits.explains ? (on("explain") ? 0.5 : 0.2) : on("explain") ? -0.3 : 0;
  score += traits.docs ? (on("docs") ? 0.5 : 0.1) : 0;
  score += traits.filler ? (on("filler") ? -0.4 : 0.5) : 0;
  if (traits.offTopic) score = on("offTopic") ? Math.min(score, 2) : score - 0.3;
  if (traits.outdatedYear !== null) score = on("outdated") ? Math.min(score, 2) : score + 0.2;
  if (traits.unsafe) score = on("unsafe") ? 1 : score + 0.3;
  return Math.min(5, Math.max(1, score));
}

export const everyCriterion = new Set(criteria.map((criterion) => criterion.id));

export const developerAnswersWorld: SimWorld = {
  id: "developer-answers",
  recognizes: (fields) => "question" in fields && "answer" in fields,
  criteria,
  assess(fields, active) {
    const traits = readTraits(fields.answer ?? "");
    const notes = [
      ["does not address the question", "partly addresses the question", "addresses the question"][traits.resolves],
      traits.code ? "it includes code" : null,
      traits.filler ? "it is long" : null,
      on(active, "outdated") && traits.outdatedYear !== null ? `it recommends a release from ${traits.outdatedYear}` : null,
      on(active, "unsafe") && traits.unsafe ? "it disables a security check" : null,
      on(active, "offTopic") && traits.offTopic ? "it is about another language" : null,
      on(active, "explain") && !traits.explains ? "it does not explain why" : null,
      on(active, "docs") && traits.docs ? "it links the documentation" : null,
    ].filter(Boolean);
    return { score: scoreUnder(traits, active), reasoning: `The answer ${notes.join("; ")}.` };
  },
};

function on(active: Set<string>, id: string) {
  return active.has(id);
}
