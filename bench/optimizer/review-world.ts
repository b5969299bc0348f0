// A fifth benchmark task as the simulated model knows it: code-review comments, rated by how useful
// they are to the change's author. Written after the optimizer's search settings were last changed
// and not used to tune them. It differs from the other tasks on purpose: three input fields, criteria
// that raise scores as well as lower them, a judge left alone that rewards long comments and firm
// nitpicks, and five labelers of whom each example has three.
import type { Criterion, SimWorld } from "@/lib/llm/sim/world";

export const reviewCriteria: Criterion[] = [
  {
    id: "secret",
    mentioned: /hard-?coded (secret|credential|key)|leaked credential|credentials? in the (code|diff)/i,
    inFeedback: /secret|credential|api key/i,
    statement: "A comment that lets a hard-coded secret or credential in the diff pass without flagging it scores 1.",
  },
  {
    id: "fix",
    mentioned: /concrete fix|code suggestion|suggest(s|ed)? (a|the) fix/i,
    inFeedback: /suggest|shows the fix|concrete fix/i,
    statement: "Reward comments that show a concrete fix, such as a code suggestion.",
  },
  {
    id: "tone",
    mentioned: /condescending|belittl|disrespectful/i,
    inFeedback: /condescend|rude|belittl/i,
    statement: "A condescending or belittling comment scores at most 2, however correct it is.",
  },
  {
    id: "nitBlock",
    mentioned: /nitpicks? (marked|labell?ed|flagged) as blocking|block(s|ing)? the merge (on|over) style/i,
    inFeedback: /nitpick|style nit|block(s|ing)? over style/i,
    statement: "A style nitpick marked as blocking the merge loses a point.",
  },
  {
    id: "question",
    mentioned: /only asks? a question|bare question|question without (a )?reason/i,
    inFeedback: /just a question|only asks|no reason given/i,
    statement: "A comment that only asks a question, without saying what is wrong, scores at most 3.",
  },
  {
    id: "verbose",
    mentioned: /long-winded|verbose|wordy/i,
    inFeedback: /too long|rambl|verbose|wordy/i,
    statement: "Short comments are better: a long-winded comment loses half a point.",
  },
  {
    id: "praise",
    mentioned: /acknowledges? what (is|was) (done )?well|credit for what works/i,
    inFeedback: /credits? the good|balanced|acknowledg/i,
    statement: "Give a little credit to comments that also acknowledge what was done well.",
  },
];

/** The flaw each diff carries, the words of a comment that finds it, and the line that holds it. */
export const REVIEW_PROBLEMS = [
  { id: "offByOne", finds: /off-by-one|<= items\.length|one past the end/i, line: "for (let i = 0; i <= items.length; i++) total += items[i].price;" },
  { id: "await", finds: /\bawait\b|a promise/i, line: "const user = fetchUser(id);\nif (user.active) send(user.email);" },
  { id: "close", finds: /\bclose[ds]?\b|file handle|leaks? the (file|handle)/i, line: "const fd = fs.openSync(path, 'r');\nconst header = readHeader(fd);" },
  { id: "null", finds: /\bnull\b|undefined|optional chaining/i, line: "const city = order.customer.address.city;" },
] as const;

/** Generic remarks: about the change, not its flaw. */
export const GENERIC_REMARK = /simplif|hard to follow|could be cleaner|a bit complex|split this function/i;
const SECRET_LINE = /\b(API_KEY|SECRET|TOKEN) = "[A-Za-z0-9_]{16,}"/;

export interface ReviewTraits {
  /** 2: finds the diff's flaw; 1: a generic remark; 0: about something the diff does not have. */
  useful: 0 | 1 | 2;
  secret: boolean;
  fix: boolean;
  tone: boolean;
  nitBlock: boolean;
  question: boolean;
  verbose: boolean;
  praise: boolean;
}

const wordsIn = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** What a reader sees in a comment on a diff: the traits the generator put in, read back from the texts. */
export function readReviewTraits(diff: string, comment: string): ReviewTraits {
  const problem = REVIEW_PROBLEMS.find((candidate) => diff.includes(candidate.line.split("\n")[0]!));
  return {
    useful: problem && problem.finds.test(comment) ? 2 : GENERIC_REMARK.test(comment) ? 1 : 0,
    secret: SECRET_LINE.test(diff) && !/secret|credential|key|token/i.test(comment),
    fix: /`[^`]+`/.test(comment),
    tone: /\b(obviously|any junior|did you even)\b/i.test(comment),
    nitBlock: /\b(blocking|must fix before merge)\b/i.test(comment) && /trailing comma|whitespace|semicolon|import order/i.test(comment),
    question: /\?$/.test(comment.trim()) && !/[.!?]\s/.test(comment.trim()),
    verbose: wordsIn(comment) > 55,
    praise: /\b(nice|good job|clean|I like)\b/i.test(comment),
  };
}

/** The score of a comment under a set of criteria: all of them for the labelers, the stated ones for a judge. */
export function reviewScoreUnder(traits: ReviewTraits, active: Set<string>): number {
  const on = (id: string) => active.has(id);
  let score = [1.8, 3.0, 4.2][traits.useful]!;
  if (traits.fix) score += on("fix") ? 0.6 : 0.2;
  if (traits.praise && on("praise")) score += 0.3;
  if (traits.verbose) score += on("verbose") ? -0.5 : 0.3;
  if (traits.nitBlock) score += on("nitBlock") ? -1 : 0.2;
  if (traits.question && on("question")) score = Math.min(score, 3);
  if (traits.tone) score = on("tone") ? Math.min(score, 2) : score - 0.2;
  if (traits.secret && on("secret")) score = 1;
  return Math.min(5, Math.max(1, score));
}

export const everyReviewCriterion = new Set(reviewCriteria.map((criterion) => criterion.id));

export const reviewCommentsWorld: SimWorld = {
  id: "review-comments",
  recognizes: (fields) => "comment" in fields && "diff" in fields,
  criteria: reviewCriteria,
  assess(fields, active) {
    const traits = readReviewTraits(fields.diff ?? "", fields.comment ?? "");
    const notes = [
      ["is about something the diff does not have", "is a generic remark", "finds the flaw in the diff"][traits.useful],
      traits.fix ? "it shows code" : null,
      active.has("secret") && traits.secret ? "it lets a hard-coded secret pass" : null,
      active.has("tone") && traits.tone ? "its tone is condescending" : null,
      active.has("nitBlock") && traits.nitBlock ? "it blocks the merge over a style nitpick" : null,
      active.has("question") && traits.question ? "it only asks a question" : null,
      active.has("verbose") && traits.verbose ? "it is long-winded" : null,
    ].filter(Boolean);
    return { score: reviewScoreUnder(traits, active), reasoning: `The comment ${notes.join("; ")}.` };
  },
};
