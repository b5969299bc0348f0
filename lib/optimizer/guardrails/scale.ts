import { normalizeText, sentences } from "./text";

const SCALE_WORD = String.raw`(?:scale|scales|score|scores|scored|scoring|rate|rated|rates|rating|ratings|grade|grades|graded|grading|points?|stars?|marks?|range|ranges|likert|levels?|average)`;
/** A number followed by one of these is a quantity in a criterion (5 to 7 business days), not a score. */
const UNIT = String.raw`(?:%|(?:percent|gb|tb|mb|kb|days?|business|hours?|minutes?|mins?|seconds?|weeks?|months?|years?|words?|characters?|chars?|lines?|files?|steps?|items?|times?|questions?|replies|messages?|users?|people|customers?|dollars?|euros?|usd|eur|digits?|am|pm|st|nd|rd|th)\b)`;

const hasScaleWord = (text: string) => new RegExp(`\\b${SCALE_WORD}\\b`).test(text);

/** Ranges such as "1 to 10", "0-100" or "one through seven" that are not the 1–5 scale. */
function rangeViolation(sentence: string): string | null {
  // A decimal ("0.5%", "v3.2") is one number, not two.
  const text = normalizeText(sentence.replace(/(\d)\.(\d)/g, "$1dot$2"));
  // "1 to 10", "0-100", and "from 0 (useless) to 4 (perfect)".
  const ranges = [new RegExp(`\\b(\\d+)\\s+(?:to|through|and|or|\\s)?\\s*(\\d+)\\b(?!\\s*${UNIT})`, "g"), new RegExp(`\\bfrom (\\d+)(?: [a-z]+){1,3} (?:to|through) (\\d+)\\b(?!\\s+${UNIT})`, "g")];
  for (const match of ranges.flatMap((pattern) => [...text.matchAll(pattern)])) {
    const low = Number(match[1]);
    const high = Number(match[2]);
    if (low >= high || high > 1000 || (low === 1 && high === 5)) continue;
    const around = text.slice(Math.max(0, match.index! - 40), match.index! + match[0].length + 40);
    if (!hasScaleWord(around)) continue;
    // Inside 1–5 ("score 2 to 4 for partial help") a range is a set of scores; it is another scale only when called one.
    const inside = low >= 1 && high <= 5;
    const calledScale = new RegExp(`\\b(?:scale|likert|point scale|range)\\b`).test(text.slice(Math.max(0, match.index! - 25), match.index! + match[0].length + 25));
    if (!inside || calledScale) return `mentions a ${low}–${high} range; the scale is fixed at 1–5`;
  }
  return null;
}

/** Each reads one sentence, as written. */
const FRACTION = String.raw`(?:(?:half|quarter)[- ]points?|decimals?(?: scores?| points?)?|fractional scores?|fractions)`;
/**
 * A whole sentence that only forbids fractions ("Half points are not allowed.", "Never use decimal
 * scores such as 3.5."): it keeps the scale whole. Anything more in it ("unless…", "except…") and
 * the sentence is read as any other.
 */
const FRACTIONS_FORBIDDEN = new RegExp(
  String.raw`^(?:(?:no|never|(?:do|does|must|should) not|don['’]?t)\s+(?:(?:use|give|award|assign|allow)\s+)?(?:any\s+)?${FRACTION}(?:\s+(?:such as|like)\s+\d\.\d)?|${FRACTION}\s+(?:are|is)\s+(?:not|never)\s+(?:allowed|permitted|accepted|valid|used))(?:\s*[,;]\s*(?:scores|every score|the score)\s+(?:must be|is|are)\s+(?:a\s+)?whole numbers?)?\s*[.!;:]?$`,
  "i",
);

const checks: ((sentence: string) => string | null)[] = [
  rangeViolation,
  (sentence) => {
    const outOf = normalizeText(sentence).match(/\bout of (\d+)\b/);
    return outOf && outOf[1] !== "5" ? `scores "out of ${outOf[1]}"; the scale is fixed at 1–5` : null;
  },
  (sentence) => {
    const points = normalizeText(sentence).match(/\b(\d+) (?:point|level|star|grade)s? (?:scale|rating|system|range)\b/);
    return points && points[1] !== "5" ? `describes a ${points[1]}-point scale; the scale is fixed at 1–5` : null;
  },
  (sentence) => {
    const text = normalizeText(sentence);
    const verbs = String.raw`(?:${SCALE_WORD}|give|gives|assign|award|awards|reserve|receive|receives|deserve|deserves|earn|earns)`;
    const outside = text.match(new RegExp(`\\b${verbs}(?: it| them| a| an| of| the| only| up to| at least| at most)* (0|[6-9]|\\d{2,})\\b(?!\\s+${UNIT})`));
    return outside ? `uses the score ${outside[1]}, which is outside 1–5` : null;
  },
  (raw) => (/\b(?:give|assign|score|rate|award)\w*\s+(?:it\s+|them\s+|a\s+|an\s+)?[-−–]\s?\d/i.test(raw) ? "uses a negative score; the scale is fixed at 1–5" : null),
  (sentence) => {
    const text = sentence.toLowerCase();
    return (/\b(?:above|beyond) 5\b/.test(text) || /\bbonus points?\b/.test(text)) && hasScaleWord(text) ? "allows a score above 5; the scale is fixed at 1–5" : null;
  },
  (sentence) => {
    // Fractional scores: "3.5", "half points". A version number ("v3.2", "version 3.2", "3.2.1") is not a score,
    // and a rule that forbids them ("half points are not allowed") keeps the scale as it is.
    if (FRACTIONS_FORBIDDEN.test(sentence.trim())) return null;
    const raw = sentence;
    if (/\bhalf[- ]points?\b|\bquarter[- ]points?\b|\bfractional scores?\b|\b(?:use|give|award|allow|assign)\w*\s+(?:any\s+)?fractions\b/i.test(raw))
      return "allows fractional scores; scores are whole numbers from 1 to 5";
    for (const match of raw.matchAll(/(?<![\d.])\b(\d)\.(\d)\b(?!\.\d)/g)) {
      const before = raw.slice(Math.max(0, match.index! - 20), match.index!);
      if (/(version|release|client|python|node|\bv)\s*$/i.test(before)) continue;
      if (new RegExp(`^\\s*${UNIT}`, "i").test(raw.slice(match.index! + match[0].length))) continue;
      if (hasScaleWord(raw.slice(Math.max(0, match.index! - 60), match.index! + 20).toLowerCase())) return `uses the fractional score ${match[0]}; scores are whole numbers from 1 to 5`;
    }
    return /\bdecimals?\b/i.test(raw) && hasScaleWord(raw.toLowerCase()) ? "asks for a decimal score; scores are whole numbers from 1 to 5" : null;
  },
  (raw) => {
    const text = raw.toLowerCase();
    if (
      /\bpercent(?:age)?s?\b/.test(text) &&
      /\b(score|scores|rate|rating|grade|express|confidence|as a percent)/.test(text) &&
      !/\b(more|less|fewer|under|over|at least|at most|up to|than)\s+(\d+\s?)?percent/.test(text)
    ) {
      return "scores in percentages; the scale is fixed at 1–5";
    }
    if (/\b(?:a|an|as a|as|in)\s+(?:[a-z]+\s+)?percent(?:age)?s?\b(?!\s+of\b)/.test(text)) return "scores in percentages; the scale is fixed at 1–5";
    if (/\b(score|scores|rate|rating|grade|should score|scored)\s+(?:of\s+|at\s+)?\d{1,3}\s?%|\b\d{1,3}\s?%\s+(score|rating|grade)\b|\b0\s?%\s*(?:-|–|to)\s*100\s?%/.test(text))
      return "scores in percentages; the scale is fixed at 1–5";
    return null;
  },
  (raw) => {
    if (/\bletter grades?\b/i.test(raw)) return "uses letter grades; the scale is fixed at 1–5";
    if (
      /\bgrades? (?:of )?[A-F][+-]?(?![\w+])|\b[A-F][+-]? ?(?:to|through|-|–) ?[A-F][+-]?(?![\w+])|\b[A-F][+-]? (?:grade|rating)\b|\b(?:deserves?|gets?|earns?|receives?|gives?|assign)\s+(?:an?\s+)?[A-F][+-](?![\w+])|\b[A-F][+-](?=\s+or\s+(?:better|worse|higher|lower))/.test(
        raw,
      )
    ) {
      return "uses letter grades; the scale is fixed at 1–5";
    }
    return null;
  },
  (raw) => {
    const text = raw.toLowerCase();
    if (
      /\bpass\s*(?:\/|or)\s*fail\b|\bbinary\b|\btwo-level\b|\b(?:no other|only two) (?:levels|scores|options|grades|categories)\b|\bprobabilit(?:y|ies)\b|\b(?:2|two) (?:levels|categories|classes|verdicts|grades)\b/.test(
        text,
      )
    )
      return "replaces the 1–5 scale with another kind of verdict";
    if (/\b(?:rate|score|grade|classify|label|judge|mark)\w*\s+(?:(?:each|every|the)\s+\w+\s+|it\s+|them\s+)?as\s+(?:either\s+)?(?:[a-z]+,\s+)*[a-z]+,?\s+or\s+[a-z]+/.test(text))
      return "replaces the 1–5 scale with named verdicts";
    return null;
  },
];

/** The first way an instruction changes the 1–5 scale, or null. Sentences in `exempt` (the seed's own) are not the proposal's doing. */
export function scaleViolation(instruction: string, exempt: ReadonlySet<string> = new Set()): string | null {
  for (const sentence of sentences(instruction).filter((sentence) => !exempt.has(sentence))) {
    for (const check of checks) {
      const reason = check(sentence);
      if (reason) return reason;
    }
  }
  return null;
}
