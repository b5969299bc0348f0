import { DIRECTIVE, normalizeText, sentences } from "./text";

const FORMAT = String.raw`(?:xml|yaml|csv|tsv|html|markdown|plain text|prose|a table|tables?|(?:a |an )?(?:bulleted |numbered )?list|dictionary|dict|array|paragraph|single sentence|sentence|words?|letters?|strings?|key\s*=\s*value(?: pairs)?|json)`;
const ANSWER = String.raw`(?:answer|response|output|result|evaluation|assessment|judg(?:e)?ment|verdict|reply)`;
/** Text between a directive and a format that does not talk about the replies being judged ("give higher scores to replies with a list"). */
const ABOUT_ANSWER = String.raw`(?:(?!\b(?:replies|reply|answers|responses|messages|agents?|customers?)\b)[^.\n])`;
const VERB = String.raw`(?:respond|reply|answer|output|return|format|write|present|provide|give|produce|express|emit|print|put|wrap|add|include|append|begin|start|end|rename|drop|remove)`;

/**
 * Ways a proposal can try to change the answer's format or fields, which code owns. Criteria may
 * talk about formats in the examples ("replies that paste raw XML"); only words addressed to the
 * judge about its own answer count.
 */
const checks: [RegExp, string][] = [
  [/<\/?[a-z_][\w-]*>/i, "asks for tagged (XML or HTML) output"],
  [new RegExp(`${DIRECTIVE}${VERB}\\b${ABOUT_ANSWER}{0,50}?\\b(?:in|as|using|with|into)\\s+(?:an?\\s+|the\\s+)?(?:[a-z]+\\s+)?${FORMAT}\\b`, "i"), "asks for another output format"],
  [new RegExp(`\\byour\\s+(?:${ANSWER}|score)\\b[^.\\n]{0,60}\\b(?:${FORMAT}|keys?|fields?|propert(?:y|ies)|columns?|lines?|tags?)\\b`, "i"), "describes the answer's format, which code owns"],
  [new RegExp(`${DIRECTIVE}(?:${VERB}|use)\\b[^.\\n]{0,30}\\b(?:json|xml|yaml|csv|html)\\b`, "i"), "describes the output format, which code owns"],
  [
    /\b(?:instead of|rather than|not|no|without|never)\s+(?:use\s+|using\s+|return\s+|output\s+)?(?:the\s+)?json\b|\bjson\s+(?:array|object|list)\b/i,
    "asks for something other than the JSON contract",
  ],
  [/["'`](?:reasoning|score|rating|label|explanation|confidence|verdict|rationale|analysis|issues|tags|category|summary)["'`]/i, "names output keys, which code owns"],
  [new RegExp(`${DIRECTIVE}(?:add|include|append|provide|output|return|emit)\\b[^.\\n]{0,50}\\b(?:field|key|property|column)s?\\b`, "i"), "asks for other output fields"],
  [/\b(?:reasoning|score)\s+(?:field|key|property)\b|\b(?:rename|remove|drop)\s+the\s+\w+\s+(?:field|key|property)\b/i, "changes the output fields"],
  [new RegExp(`${DIRECTIVE}(?:respond|reply|answer|output|return)\\b[^.\\n]{0,30}\\b(?:only|just)\\b`, "i"), "asks for a bare answer instead of the JSON contract"],
  [
    // "Begin your evaluation by reading the question" is a way to judge, not a prefix.
    /\b(?:begin|start|end|prefix|close)\w*\s+(?:your|the)\s+(?:answer|response|output|evaluation|judgment)\b(?!\s+by\s+(?!writing|stating|giving|putting|printing|outputting)\w+ing\b)/i,
    "asks for a prefix or suffix around the answer",
  ],
  [/\b(?:score|reasoning|explanation|answer|number|rating)\s+on\s+the\s+(?:first|second|last|next|same)\s+line\b/i, "lays the answer out in lines"],
  [
    /\b(?:score|rating)\b[^.\n]{0,20}\bas\s+an?\s+(?:word|letter|string|text)\b|\brather than a digit\b|\b(?:score|rating|number)\s+(?:in|as)\s+(?:words|letters|text)\b|\bspell(?:ed|ing)?\s+out\s+the\s+(?:score|rating|number)\b/i,
    "asks for the score in another form",
  ],
  [/\bconfidence (?:score|level|value|field)\b|\bkey\s*=\s*value\b/i, "asks for a confidence or key=value output"],
];

/**
 * Words a line may use to restate the contract code appends (a JSON object with reasoning and an
 * integer score from 1 to 5) without changing it. No word for another field, an order, a shape,
 * "only" or "not": any such word makes the line an ordinary one that the checks read.
 */
const RESTATEMENT_WORDS = new Set(
  (
    "respond reply answer output return format formatted give provide produce write your the a an with as in is be must should always valid json object " +
    "containing contains that has holding 2 keys fields properties reasoning score and integer whole number from between 1 to 5 inclusive following required schema matching"
  ).split(" "),
);
/** "No text outside the JSON": consistent with the contract, though it says "not". */
const NOTHING_OUTSIDE =
  /\b(?:do not|don['’]?t|never)\s+(?:include|add|write|output|put)\s+(?:any\s+)?(?:other\s+)?(?:text|words|prose|commentary|anything)\s+(?:else\s+)?(?:outside|around)\s+(?:of\s+)?the\s+json(?:\s+object)?/gi;

/** "`reasoning` (a brief explanation)": a gloss on the field that is there, not another field. */
const GLOSS = /\((?:an?\s+)?(?:brief\s+|short\s+|concise\s+)?(?:explanation|justification)\)/gi;

/**
 * A line that only restates the contract: it names JSON once, names either both fields once each
 * or neither, and uses no word beyond the contract's. Such a line changes nothing code owns;
 * renaming, dropping, adding, ordering or nesting a field, or text outside the object, does not pass.
 */
export function restatesContract(line: string): boolean {
  const words = normalizeText(line.replace(NOTHING_OUTSIDE, " json ").replace(GLOSS, " ")).split(" ").filter(Boolean);
  const times = (word: string) => words.filter((entry) => entry === word).length;
  if (times("json") !== 1 || times("object") > 1) return false;
  const fields = [times("reasoning"), times("score")];
  if (!(fields[0] === 1 && fields[1] === 1) && !(fields[0] === 0 && fields[1] === 0)) return false;
  return words.every((word) => RESTATEMENT_WORDS.has(word));
}

/** Lines: a restatement is read whole, since splitting "…with two keys: reasoning and score" loses what the keys are. */
const lines = (text: string) =>
  text
    .split(/\n+|(?<=[.!?])\s+/)
    .map((line) => line.trim())
    .filter(Boolean);

/** A whole sentence about the shape of the reasoning text itself ("Write your reasoning as a short list."): it stays a string inside the JSON. */
const REASONING_SHAPE =
  /^(?:[-*•]\s*)?(?:please\s+)?(?:write|give|keep|present)\s+(?:your|the)\s+reasoning\s+as\s+(?:a\s+)?(?:short\s+|brief\s+|concise\s+)?(?:bulleted\s+|numbered\s+)?(?:list|paragraph|sentences?)(?:\s+of\s+the\s+(?:criteria|points|reasons|rules)(?:\s+that\s+apply)?)?[.!]?$/i;

const LOCATION = String.raw`(?:in|into|inside|within)\s+the\s+reasoning\s+field`;
const EXPLAIN = String.raw`(?:(?:briefly|concisely|clearly)\s+)?(?:explain|justify|describe|summari[sz]e|state|cite|mention|note|think(?:\s+(?:step\s+by\s+step|hard|carefully|aloud|out\s+loud))?|reason\s+step\s+by\s+step|show\s+your\s+work)`;
const EXPLANATION = String.raw`(?:(?:a|an|your|the)\s+)?(?:(?:short|brief|concise|clear|one-sentence|step-by-step)\s+)?(?:justification|explanation|rationale|reasons|reasoning|thinking|thoughts|analysis)(?:\s+for\s+(?:the|your)\s+(?:score|rating))?`;
/** What is explained: a few plain words, read on their own below. */
const WHAT = String.raw`((?:\s+[a-z’'-]+){0,10}?)`;
const THEN_SCORE = String.raw`(?:,?\s+(?:and\s+)?(?:then|before)\s+(?:you\s+)?(?:(?:assign(?:ing)?|choos(?:e|ing)|giv(?:e|ing)|set(?:ting)?|pick(?:ing)?)\s+)?(?:the|your)\s+score)?`;
// A colon ends a sentence here ("Keep the reasoning field short:"); what follows it is read on its own.
const SENTENCE = (body: string) => new RegExp(String.raw`^(?:please\s+)?${body}\s*[.!:]?$`, "i");
const WHERE_EXPLANATION_GOES = [
  SENTENCE(`${EXPLAIN}${WHAT}\\s+${LOCATION}${THEN_SCORE}`),
  SENTENCE(`${EXPLAIN}\\s+${LOCATION}${WHAT}${THEN_SCORE}`),
  SENTENCE(`${LOCATION},?\\s+${EXPLAIN}${WHAT}${THEN_SCORE}`),
  SENTENCE(`use\\s+the\\s+reasoning\\s+field\\s+to\\s+${EXPLAIN}${WHAT}${THEN_SCORE}`),
  SENTENCE(`(?:provide|give|write|put|include|offer)\\s+${EXPLANATION}\\s+${LOCATION}()${THEN_SCORE}`),
  SENTENCE(String.raw`(?:keep|make)\s+the\s+reasoning\s+field\s+(?:short|brief|concise)(?:\s*[:,;–-]\s*(?:one|two|one or two|two or three|a few)\s+sentences?(?:\s+at\s+most)?)?()`),
];
/** Words that make what is explained a second directive about the answer: a field, a format, the score moved or left out. */
const NOT_AN_EXPLANATION = new Set(
  (
    "score scores rating ratings number numbers grade grades digit digits field fields keys named called name json xml yaml html markdown csv format formatted line lines " +
    "brace braces bracket brackets tag tags empty blank null omit leave rename nest nested object array percent percentage confidence letter letters instead also too " +
    "repeat restate only separate entry property outside prefix suffix put write add give return output print include append set assign respond emit wrap start begin end close"
  ).split(" "),
);

/**
 * A whole sentence that only says where the explanation goes: "Provide a short justification in
 * the reasoning field before assigning the score", "In the reasoning field, explain which criteria
 * apply", "Keep the reasoning field short". It names the field that is there and nothing else about
 * the answer; what it asks to explain may be the score ("Justify your rating in the reasoning field").
 */
export function saysWhereExplanationGoes(sentence: string): boolean {
  for (const pattern of WHERE_EXPLANATION_GOES) {
    const match = sentence.trim().match(pattern);
    if (!match) continue;
    const what = (match[1] ?? "").replace(/^\s+(?:your|the)\s+(?:score|rating|verdict)\b/i, "");
    return what
      .toLowerCase()
      .split(/\s+/)
      .every((word) => !NOT_AN_EXPLANATION.has(word));
  }
  return false;
}

export function outputContractViolation(instruction: string, exempt: ReadonlySet<string> = new Set()): string | null {
  const restated = new Set([
    ...lines(instruction)
      .filter(restatesContract)
      .flatMap((line) => sentences(line)),
    ...sentences(instruction).filter((sentence) => REASONING_SHAPE.test(sentence) || saysWhereExplanationGoes(sentence)),
  ]);
  for (const sentence of sentences(instruction).filter((sentence) => !exempt.has(sentence) && !restated.has(sentence)))
    for (const [pattern, reason] of checks) if (pattern.test(sentence)) return reason;
  return null;
}
