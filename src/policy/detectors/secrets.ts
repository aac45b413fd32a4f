// Confidential and proprietary information (§4.3, §5.3.6): classification
// markings, and credentials that must never travel by IM.
import { boosted, contextWords, explain, findContext } from './context.js';
import { eachMatch, fixed } from './detector.js';
import type { DetectorFactory, TextInput } from './detector.js';
import { wordClass } from './lexicon.js';
import type { Span } from '../types.js';

const MARKING_RE = /(?<![\w])(?:(?:strictly |highly )?confidential|for official use only|fouo|controlled unclassified information|cui|attorney[- ]client privileged?|privileged (?:and|&) confidential|attorney work product|law enforcement sensitive|les|sensitive but unclassified|sbu|proprietary (?:and|&) confidential|internal use only|do not (?:distribute|forward)|not for (?:public )?(?:release|distribution)|secret|top secret|trade secret)(?![\w])/gi;
// Upper-case forms and words like "secret" are markings only in caps or with a marking cue.
const AMBIGUOUS_MARKING = /^(?:confidential|secret|les|cui|sbu|top secret)$/i;

// One distinctive word of each marking; a text without any of them has no marking.
const MARKING_GATE = wordClass(['confidential', 'official', 'fouo', 'unclassified', 'cui', 'privileged', 'attorney', 'sensitive', 'les',
  'sbu', 'proprietary', 'internal', 'distribute', 'forward', 'release', 'distribution', 'secret', 'product']);

function detectMarkings(input: TextInput): Span[] {
  const out: Span[] = [];
  if (!input.hasAnyWord(MARKING_GATE)) return out;
  const text = input.text;
  eachMatch(MARKING_RE, text, (m) => {
    const w = m[0];
    const caps = w === w.toUpperCase();
    if (AMBIGUOUS_MARKING.test(w) && !caps) return;
    if (/^(?:les|cui|sbu)$/i.test(w) && !/^(?:LES|CUI|SBU)$/.test(w)) return;
    out.push({ type: 'CONFIDENTIAL_MARKING', start: m.index, end: m.index + w.length, score: caps ? 0.9 : 0.7,
      explanation: `marking "${w}"` });
  });
  return out;
}

interface SecretPattern {
  type: string;
  name: string;
  re: RegExp;
  score: number;
  /** A literal every match contains (case as given); the regex runs only when it is present. */
  needs: string;
}

// Every quantifier is bounded so each start position costs O(1).
const SECRET_PATTERNS: readonly SecretPattern[] = [
  { type: 'PRIVATE_KEY', name: 'PEM private key', needs: 'PRIVATE KEY', re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g, score: 1 },
  { type: 'AWS_ACCESS_KEY', name: 'AWS access key id', needs: 'A', re: /(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[A-Z0-9]{16}(?![A-Z0-9])/g, score: 0.95 },
  { type: 'GITHUB_TOKEN', name: 'GitHub token', needs: '_', re: /(?<![\w])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?![\w])/g, score: 0.95 },
  { type: 'SLACK_TOKEN', name: 'Slack token', needs: 'xox', re: /(?<![\w])xox[abposr]-[A-Za-z0-9-]{10,200}(?![\w-])/g, score: 0.95 },
  { type: 'JWT', name: 'JSON Web Token', needs: 'eyJ', re: /(?<![\w-])eyJ[A-Za-z0-9_-]{8,2000}\.eyJ[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{8,2000}(?![\w-])/g, score: 0.9 },
  { type: 'CONNECTION_STRING', name: 'URL with password', needs: '://', re: /(?<![\w])[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@]{1,64}:[^\s@/]{1,128}@[^\s/]{1,253}/gi, score: 0.9 },
  { type: 'CONNECTION_STRING', name: 'connection string password', needs: '=', re: /(?<![\w])(?:password|pwd)\s?=\s?[^;\s]{1,128}(?=;|\s|$)/gi, score: 0.85 },
  { type: 'API_KEY', name: 'Google API key', needs: 'AIza', re: /(?<![\w-])AIza[A-Za-z0-9_-]{35}(?![\w-])/g, score: 0.9 },
  { type: 'API_KEY', name: 'Stripe secret key', needs: '_live_', re: /(?<![\w])(?:sk|rk)_live_[A-Za-z0-9]{16,99}(?![\w])/g, score: 0.95 },
];

const PASSWORD_CTX = contextWords(['password', 'passwd', 'passcode', 'pw', 'pwd', 'pin', 'passphrase', 'login', 'credentials', 'secret']);
// "password: hunter2", "my password is Tr0ub4dor&3": the token after the cue.
const PASSWORD_CUE = /p(?:ass|w|in)/i;
// Plain text's normalized form is the text lower-cased: three substring searches ask the cue's question faster than the pattern.
const passwordCue = (input: TextInput): boolean => {
  const n = input.normalized();
  return n.plain ? n.text.includes('pass') || n.text.includes('pw') || n.text.includes('pin') : PASSWORD_CUE.test(input.text);
};
const PASSWORD_RE = /(?<![\w])(?:password|passwd|passcode|pwd|pw|pin|passphrase)(?: is|:|=| -)\s{0,3}["']?([^\s"']{4,64})/gi;

function detectSecrets(input: TextInput): Span[] {
  const text = input.text;
  const out: Span[] = [];
  for (const p of SECRET_PATTERNS) {
    if (!text.includes(p.needs)) continue;
    eachMatch(p.re, text, (m) => {
      out.push({ type: p.type, start: m.index, end: m.index + m[0].length, score: p.score, explanation: `pattern ${p.name}` });
    });
  }
  if (!passwordCue(input)) return out;
  eachMatch(PASSWORD_RE, text, (m) => {
    const value = m[1] as string;
    if (/^(?:is|was|the|for|reset|expired|changed|policy|manager)$/i.test(value)) return;
    const start = m.index + m[0].length - value.length;
    const hit = findContext(text, m.index, m.index + 1, PASSWORD_CTX, 0, 24);
    out.push({ type: 'PASSWORD', start, end: start + value.length, score: boosted(0.55, hit), explanation: explain('password after cue', hit) });
  });
  return out;
}

export const SECRET_DETECTORS: readonly DetectorFactory[] = [
  fixed('confidential_marking', 'confidential', ['CONFIDENTIAL_MARKING'], detectMarkings),
  fixed('credentials', 'confidential',
    ['PRIVATE_KEY', 'AWS_ACCESS_KEY', 'GITHUB_TOKEN', 'SLACK_TOKEN', 'JWT', 'CONNECTION_STRING', 'API_KEY', 'PASSWORD'],
    detectSecrets),
];
