// Measures the WVOT pack against the labelled corpora (development half):
// precision, recall and F1 per entity type (span level, overlap match) and per
// category (message level), plus false-positive rates on unlabelled messages.
// Usage: npm run eval:policy [-- --policy FILE] ; PARLEY_CORPUS_DIR overrides the corpus.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compilePolicy, evaluate, parsePolicyPack } from '../src/policy/index.js';
import { re2RegexEngine } from '../src/policy/regex-re2.js';
import { TEXT_DETECTORS } from '../src/policy/detectors/registry.js';
import { hashRange } from '../src/policy/detectors/range-table.js';
import { crossValidate, formatReport, trainingSet } from './joke-model/train.js';
import { businessMessages, casualMessages } from './joke-model/business-messages.js';
import type { CompiledPolicy, Finding } from '../src/policy/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = process.env.PARLEY_CORPUS_DIR ?? join(root, '..', 'shared', 'corpus');
const policyArg = process.argv.indexOf('--policy');
const policyPath = policyArg > 0 ? resolve(process.argv[policyArg + 1] as string) : join(root, 'policies', 'wvot-po1010.yaml');

interface Row { id: string; text: string; labels?: Record<string, unknown>; spans?: { type: string; start: number; end: number }[] }

// The tweets are stored as Twitter served them, HTML-escaped ("&amp;", "&#8230;"): decode them to the text the author typed.
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeHtml = (t: string): string => t.replace(/&(?:#(\d{1,7})|([a-z]{2,5}));/g, (m, code: string | undefined, name: string | undefined) => {
  if (code !== undefined) {
    const cp = Number(code);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  }
  return ENTITIES[name as string] ?? m;
});

function load(name: string): Row[] {
  const path = join(corpus, name);
  if (!existsSync(path)) {
    console.error(`missing ${path}; set PARLEY_CORPUS_DIR`);
    return [];
  }
  // A corpus is a file like any other: a line that is not a row with an id and a text is named and stops the run,
  // rather than being scored as something it is not. Ids may be numbers in other sources; they are hashed as text.
  const rows = readFileSync(path, 'utf8').split('\n').map((line, i) => [line, i + 1] as const).filter(([l]) => l.trim() !== '').map(([l, n]) => {
    let r: Partial<Row> & { id?: unknown };
    try {
      r = JSON.parse(l) as Partial<Row>;
    } catch (e) {
      throw new Error(`${path}:${n}: not JSON (${(e as Error).message})`);
    }
    if (typeof r !== 'object' || r === null || typeof r.text !== 'string' || (typeof r.id !== 'string' && typeof r.id !== 'number')) {
      throw new Error(`${path}:${n}: a row needs a string "text" and a string or number "id"`);
    }
    return { ...r, id: String(r.id) } as Row;
  });
  return name.startsWith('hate_davidson') ? rows.map((r) => ({ ...r, text: unescapeHtml(r.text) })) : rows;
}

// What each source's labels say about a message it leaves unlabelled. A row with
// no label is only evidence against the rule categories its source labels:
// Davidson's annotators judged hate and offensive language (slurs, profanity,
// sexual vulgarity), OpenAI's moderation labels sexual content, hate,
// harassment and violence, and Presidio's synthetic texts label personal data.
// None of them labels health data, contact details, markings, jokes or gossip.
const LABELLED: Readonly<Record<string, readonly string[]>> = {
  presidio: ['pii'],
  moderation: ['sexual', 'harassment', 'threat'],
  davidson: ['harassment', 'profanity', 'sexual'],
};

class Counts {
  tp = 0; fp = 0; fn = 0; tn = 0;
  get p(): number { return this.tp + this.fp === 0 ? 0 : this.tp / (this.tp + this.fp); }
  get r(): number { return this.tp + this.fn === 0 ? 0 : this.tp / (this.tp + this.fn); }
  get f1(): number { return this.p + this.r === 0 ? 0 : (2 * this.p * this.r) / (this.p + this.r); }
  get fpr(): number { return this.fp + this.tn === 0 ? 0 : this.fp / (this.fp + this.tn); }
}

const table = new Map<string, Counts>();
const counts = (key: string): Counts => {
  let c = table.get(key);
  if (c === undefined) table.set(key, (c = new Counts()));
  return c;
};

const CATEGORY_OF = new Map([...TEXT_DETECTORS.values()].map((d) => [d.id, d.category] as const));
const ctx = { roles: [], personType: 'employee', conversationType: 'direct' as const };

interface Run { findings: Finding[]; action: string; categories: Set<string>; ruleCategories: Set<string>; hits: string[] }

function run(policy: CompiledPolicy, text: string): Run {
  const d = evaluate(policy, { text }, ctx);
  const categories = new Set(d.findings.map((f) => CATEGORY_OF.get(f.detector.split(':')[0] as string) ?? 'custom'));
  const fired = d.rules.filter((h) => h.action !== 'allow');
  // Categories of the rules that stopped, changed or flagged the message.
  const ruleCategories = new Set(fired.map((h) => h.category));
  // "rule action: finding types" of each such rule, for the breakdown of benign rows.
  const hits = fired.map((h) => `${h.rule} ${h.action}: ${[...new Set(h.findings.map((i) => (d.findings[i] as Finding).type))].sort().join('+')}`);
  return { findings: d.findings, action: d.action, categories, ruleCategories, hits };
}

// The rows split in two halves by the low bit of the FNV-1a hash of their id, which is the parity of the id's
// odd-coded characters: consecutive ids such as "davidson-1", "davidson-2" mostly fall in alternate halves, so each
// half is a stable, interleaved half of every source, not a random one. A change tuned while reading the errors of one
// half must help the other as well, or it fits rows rather than language. (Kept as it is: half A's rows were read
// under this split, so another would mix read rows into the half that is only measured.)
const half = (id: string): 'A' | 'B' => ((hashRange(id, 0, id.length) & 1) === 0 ? 'A' : 'B');

function message(key: string, predicted: boolean, actual: boolean): void {
  const c = counts(key);
  if (predicted && actual) c.tp++;
  else if (predicted) c.fp++;
  else if (actual) c.fn++;
  else c.tn++;
}

const SPAN_TYPES = ['US_SSN', 'CREDIT_CARD', 'EMAIL_ADDRESS', 'PHONE_NUMBER', 'IBAN_CODE', 'IP_ADDRESS', 'STREET_ADDRESS', 'PERSON',
  'US_DRIVER_LICENSE', 'DATE_TIME'];
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

// The false-positive rate per category, as the corpus README asks: of the messages
// a source labels as not of that category, the share that a rule of that category
// stopped, changed or flagged. Each source answers only for what it labels, and
// Davidson's "offensive" tweets are not counted as harassment negatives, since
// insults and casual slurs are harassment for this pack even when they are not hate.
const categoryFp = new Map<string, Counts>();
function negative(category: string, source: string, r: Run, id: string): void {
  const keys = [`${category} on ${source}`, `${category} (all sources)`];
  if (category === 'harassment') keys.push(`harassment, half ${half(id)} (all sources)`, `harassment, half ${half(id)}, on ${source}`);
  for (const key of keys) {
    let c = categoryFp.get(key);
    if (c === undefined) categoryFp.set(key, (c = new Counts()));
    if (r.ruleCategories.has(category)) c.fp++;
    else c.tn++;
  }
}

function main(): void {
  const policy = compilePolicy(parsePolicyPack(readFileSync(policyPath, 'utf8')), { regex: re2RegexEngine });
  const benign = new Counts();
  const benignAny = new Counts();
  const benignLabelled = new Counts();
  const benignBySource = new Map<string, Counts>();
  const benignLabelledBySource = new Map<string, Counts>();
  const tally = (map: Map<string, Counts>, source: string, positive: boolean): void => {
    let c = map.get(source);
    if (c === undefined) map.set(source, (c = new Counts()));
    if (positive) c.fp++;
    else c.tn++;
  };
  /** A benign row: counted as a false positive by any rule (strict) and by a rule of a category its source labels. */
  const benignRules = new Map<string, number>();
  const countBenign = (source: string, kind: keyof typeof LABELLED, r: Run): void => {
    tally(benignBySource, source, r.action !== 'allow');
    for (const h of r.hits) benignRules.set(`${kind}  ${h}`, (benignRules.get(`${kind}  ${h}`) ?? 0) + 1);
    const labelled = LABELLED[kind]?.some((c) => r.ruleCategories.has(c)) ?? false;
    tally(benignLabelledBySource, source, labelled);
    benignLabelled.fp += labelled ? 1 : 0;
    benignLabelled.tn += labelled ? 0 : 1;
  };

  for (const row of load('pii_presidio.jsonl')) {
    const result = run(policy, row.text);
    const { findings, action, categories } = result;
    const gold = (row.spans ?? []).filter((s) => SPAN_TYPES.includes(s.type));
    for (const type of SPAN_TYPES) {
      const g = gold.filter((s) => s.type === type);
      const p = findings.filter((f) => f.type === type);
      const c = counts(`span ${type}`);
      c.tp += p.filter((x) => g.some((y) => overlaps(x, y))).length;
      c.fp += p.filter((x) => !g.some((y) => overlaps(x, y))).length;
      c.fn += g.filter((y) => !p.some((x) => overlaps(x, y))).length;
      if (g.length === 0) message(`fpr-msg span ${type}`, p.length > 0, false);
    }
    const piiGold = gold.some((s) => s.type !== 'DATE_TIME');
    if ((row.spans ?? []).length === 0) negative('pii', 'presidio', result, row.id);
    message('category pii (presidio)', categories.has('pii'), piiGold);
    if ((row.spans ?? []).length === 0) {
      countBenign('presidio rows without spans', 'presidio', result);
      benign.fp += action === 'allow' ? 0 : 1;
      benign.tn += action === 'allow' ? 1 : 0;
      benignAny.fp += findings.length > 0 ? 1 : 0;
      benignAny.tn += findings.length > 0 ? 0 : 1;
    }
    for (const cat of ['sexual', 'harassment', 'threat', 'joke', 'gossip', 'profanity']) message(`fpr ${cat} on pii corpus`, categories.has(cat), false);
  }

  for (const row of load('moderation_openai.jsonl')) {
    const l = row.labels ?? {};
    const result = run(policy, row.text);
    const { action, findings, categories } = result;
    if (l.sexual !== undefined) message('category sexual (moderation)', categories.has('sexual'), l.sexual === 1);
    const hh = [l.hate, l.harassment, l.hate_threatening].filter((v) => v !== undefined);
    if (hh.length > 0) {
      message('category harassment (moderation hate|harassment)', categories.has('harassment'), hh.includes(1));
      message('category harassment (combined: moderation + davidson hate vs neither)', categories.has('harassment'), hh.includes(1));
      message(`category harassment (combined), half ${half(row.id)}`, categories.has('harassment'), hh.includes(1));
    }
    if (l.sexual === 0 && l.sexual_minors !== 1) negative('sexual', 'moderation', result, row.id);
    if (hh.length > 0 && !hh.includes(1)) negative('harassment', 'moderation', result, row.id);
    if (l.violence === 0 && l.hate_threatening !== 1) negative('threat', 'moderation', result, row.id);
    if (l.violence !== undefined) message('category threat (moderation violence)', categories.has('threat'), l.violence === 1);
    const allZero = Object.values(l).length > 0 && Object.values(l).every((v) => v === 0);
    if (allZero) {
      countBenign('moderation rows with every label 0', 'moderation', result);
      benign.fp += action === 'allow' ? 0 : 1;
      benign.tn += action === 'allow' ? 1 : 0;
      benignAny.fp += findings.length > 0 ? 1 : 0;
      benignAny.tn += findings.length > 0 ? 0 : 1;
    }
  }

  for (const row of load('hate_davidson.jsonl')) {
    const cls = row.labels?.davidson_class;
    const result = run(policy, row.text);
    const { action, findings, categories } = result;
    message('category harassment (davidson hate vs rest)', categories.has('harassment'), cls === 'hate');
    if (cls !== 'offensive') {
      message('category harassment (davidson hate vs neither)', categories.has('harassment'), cls === 'hate');
      message('category harassment (combined: moderation + davidson hate vs neither)', categories.has('harassment'), cls === 'hate');
      message(`category harassment (combined), half ${half(row.id)}`, categories.has('harassment'), cls === 'hate');
    }
    const offensive = categories.has('profanity') || categories.has('harassment') || categories.has('sexual');
    message('category offensive (davidson hate|offensive vs neither)', offensive, cls !== 'neither');
    if (cls === 'neither') {
      for (const c of LABELLED.davidson ?? []) negative(c, 'davidson', result, row.id);
      countBenign('davidson "neither" tweets', 'davidson', result);
      benign.fp += action === 'allow' ? 0 : 1;
      benign.tn += action === 'allow' ? 1 : 0;
      benignAny.fp += findings.length > 0 ? 1 : 0;
      benignAny.tn += findings.length > 0 ? 0 : 1;
      for (const cat of ['sexual', 'harassment', 'threat', 'joke', 'gossip', 'phi', 'pii']) message(`fpr ${cat} on davidson neither`, categories.has(cat), false);
    }
  }

  for (const row of load('jokes_oneliner.jsonl')) {
    const { categories } = run(policy, row.text);
    message('category joke (in-sample: the classifier trained on these one-liners)', categories.has('joke'), true);
    for (const cat of ['sexual', 'harassment', 'pii', 'phi']) message(`fpr ${cat} on jokes`, categories.has(cat), false);
  }
  // Joke negatives: the unlabelled benign messages of the other corpora.
  for (const row of [...load('pii_presidio.jsonl'), ...load('hate_davidson.jsonl').filter((r) => r.labels?.davidson_class === 'neither')]) {
    message('category joke (in-sample: the classifier trained on these one-liners)', run(policy, row.text).categories.has('joke'), false);
  }

  // Ordinary workplace messages, written for this product (other seeds than the joke model's training draws, but the
  // same templates: for the joke rule this is close to in-sample).
  const synthetic = new Map<string, number>();
  const workplace = [...businessMessages(2000, 7), ...casualMessages(1000, 8)];
  let workplaceFp = 0;
  for (const text of workplace) {
    const r = run(policy, text);
    if (r.action !== 'allow') workplaceFp++;
    for (const h of r.hits) synthetic.set(h, (synthetic.get(h) ?? 0) + 1);
  }

  const pct = (x: number): string => (x * 100).toFixed(1).padStart(5);
  console.log(`policy ${policyPath}\ncorpus ${corpus}\n`);
  console.log('measure'.padEnd(62), '  P     R     F1   FPR    tp    fp    fn    tn');
  for (const [k, c] of [...table.entries()].sort()) {
    if (k.startsWith('fpr')) continue;
    // Span rows have no true negatives: their false-positive rate is the fpr-msg line below.
    const fpr = k.startsWith('span') ? '    -' : pct(c.fpr);
    console.log(k.padEnd(62), pct(c.p), pct(c.r), pct(c.f1), fpr, String(c.tp).padStart(5), String(c.fp).padStart(5), String(c.fn).padStart(5), String(c.tn).padStart(5));
  }
  console.log('\nfalse-positive rates on messages without that label');
  for (const [k, c] of [...table.entries()].sort()) if (k.startsWith('fpr')) console.log(k.padEnd(62), pct(c.fpr), `(${c.fp}/${c.fp + c.tn})`);
  console.log('\nfalse-positive rate per category (the target, <= 3% each): messages a source labels as not of the category')
  console.log('that a rule of that category did not allow');
  for (const [k, c] of [...categoryFp.entries()].sort()) console.log(`  ${k}`.padEnd(62), pct(c.fpr), `(${c.fp}/${c.fp + c.tn})`);
  console.log('');
  console.log('benign messages (no label at all) not allowed, by any rule'.padEnd(62), pct(benign.fpr), `(${benign.fp}/${benign.fp + benign.tn})`);
  for (const [k, c] of benignBySource) console.log(`  of which ${k}`.padEnd(62), pct(c.fpr), `(${c.fp}/${c.fp + c.tn})`);
  console.log('benign messages not allowed by a rule of a category the source labels'.padEnd(62), pct(benignLabelled.fpr), `(${benignLabelled.fp}/${benignLabelled.fp + benignLabelled.tn})`);
  for (const [k, c] of benignLabelledBySource) console.log(`  of which ${k} (${LABELLED[k.split(' ')[0] as string]?.join(', ') ?? ''})`.padEnd(62), pct(c.fpr), `(${c.fp}/${c.fp + c.tn})`);
  console.log('synthetic workplace messages not allowed'.padEnd(62), pct(workplaceFp / workplace.length), `(${workplaceFp}/${workplace.length})`);
  for (const [k, v] of synthetic) console.log(`  ${String(v).padStart(4)}  ${k}`);
  console.log('\nbenign messages not allowed, by source, rule, action and finding types (a row may count under several rules)');
  for (const [k, v] of [...benignRules].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) console.log(`  ${String(v).padStart(4)}  ${k}`);
  // The joke classifier was trained on the one-liners, Presidio and moderation pieces: the engine's joke line above is
  // in-sample. Its honest figures come from k-fold cross-validation on the same training set (and, out of sample,
  // from "fpr joke on davidson neither", which it never saw).
  console.log('');
  for (const line of formatReport(crossValidate(trainingSet(corpus)))) console.log(line);
  console.log('benign messages (no label at all) with any finding'.padEnd(62), pct(benignAny.fpr), `(${benignAny.fp}/${benignAny.fp + benignAny.tn})`);
}

main();
