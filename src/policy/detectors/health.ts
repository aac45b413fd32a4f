// Health information (§4.4, HIPAA): clinical terms from a lexicon, and the
// identifiers of the health system (ICD-10-CM, NPI, DEA, Medicare MBI, MRN).
// The pack decides what counts as PHI (health + identifier, via requireAny).
import { deaValid, npiValid } from './checksums.js';
import { boosted, contextRequired, contextWords, scanContextual } from './context.js';
import type { ContextHit } from './context.js';
import { fixed, needsDigit } from './detector.js';
import type { TextInput } from './detector.js';
import type { Token } from './lexicon.js';
import type { Span } from '../types.js';
import { Lexicon, wordClass } from './lexicon.js';
import type { DetectorFactory } from './detector.js';

const CONDITIONS = new Lexicon('HEALTH_CONDITION', `
diabetes diabetic cancer carcinoma tumor tumour leukemia lymphoma melanoma hiv aids hepatitis tuberculosis
asthma copd emphysema pneumonia bronchitis covid covid-19 influenza flu sepsis stroke seizure* epilepsy epileptic
dementia alzheimer* parkinson* schizophrenia schizophrenic bipolar depression depressed anxiety ptsd adhd autism
autistic ocd anorexia bulimia addiction alcoholism alcoholic overdose opioid~use~disorder substance~abuse
hypertension heart~attack heart~disease heart~failure arrhythmia cardiomyopathy angina
kidney~disease renal~failure dialysis cirrhosis pancreatitis colitis crohn* ibs celiac
arthritis osteoporosis lupus multiple~sclerosis fibromyalgia migraine* concussion fracture*
pregnant pregnancy miscarriage abortion infertility std chlamydia gonorrhea syphilis herpes hpv
obesity anemia sickle~cell hemophilia cystic~fibrosis down~syndrome cerebral~palsy
mental~illness mental~health~condition suicidal self-harm psychosis psychotic
diagnosed diagnosis prognosis terminal~illness chronic~illness disability~claim
positive~for tested~positive
`);

const MEDICATIONS = new Lexicon('MEDICATION', `
insulin metformin lisinopril atorvastatin simvastatin amlodipine metoprolol losartan levothyroxine omeprazole
albuterol prednisone gabapentin sertraline fluoxetine citalopram escitalopram paroxetine bupropion trazodone
alprazolam xanax lorazepam ativan diazepam valium clonazepam klonopin adderall ritalin methylphenidate
oxycodone hydrocodone vicodin percocet morphine fentanyl methadone suboxone buprenorphine naloxone tramadol
lithium seroquel quetiapine risperidone olanzapine abilify aripiprazole zoloft prozac lexapro wellbutrin
warfarin coumadin eliquis xarelto plavix ozempic semaglutide truvada prep chemotherapy chemo
antiretroviral antidepressant* antipsychotic* methotrexate humira
`);

const PROCEDURES = new Lexicon('MEDICAL_PROCEDURE', `
surgery biopsy mastectomy hysterectomy colonoscopy endoscopy mri ct~scan pet~scan x-ray radiation~therapy
transplant amputation bypass~surgery angioplasty appendectomy vasectomy c-section rehab detox
psychiatric~evaluation psych~eval admitted~to inpatient outpatient~treatment er~visit icu
blood~test lab~results test~results hiv~test pregnancy~test drug~test
`);

// ICD-10-CM: letter (not U), two digits or digit+letter, optional dot + 1-4 chars.
// Three-character codes look like model numbers: they need context or a dot.
const ICD10 = {
  type: 'ICD10_CODE', re: /(?<![\w.])[A-TV-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?(?![\w])/g, pattern: 'ICD-10-CM format', after: 16,
  context: contextWords(['icd', 'icd-10', 'icd10', 'diagnosis', 'dx', 'code', 'diagnosed', 'billing code', 'condition']),
  score: (m: RegExpExecArray, hit: ContextHit | null) => boosted(m[0].includes('.') ? 0.4 : 0.2, hit),
};

// A tenth of ten-digit numbers pass the NPI check digit: context is required.
const NPI = {
  gate: wordClass(['npi', 'provider', 'prescriber', 'physician', 'national']),
  type: 'US_NPI', re: /(?<![\d-])[12]\d{9}(?!\d)/g, pattern: 'NPI Luhn (80840)',
  context: contextWords(['npi', 'provider', 'prescriber', 'physician', 'national provider']),
  score: contextRequired(0.85, npiValid),
};

const DEA = {
  type: 'MEDICAL_LICENSE', re: /(?<![\w])[A-Za-z][A-Za-z9]\d{7}(?![\w])/g, pattern: 'DEA check digit',
  context: contextWords(['dea', 'registration', 'prescriber', 'license']),
  score: (m: RegExpExecArray, hit: ContextHit | null) => (deaValid(m[0]) ? boosted(0.5, hit) : null),
};

// Medicare Beneficiary Identifier: 11 characters, letters exclude S L O I B Z.
const L = '[AC-HJKMNP-RT-Y]';
const MBI = {
  type: 'US_MBI', pattern: 'MBI format',
  re: new RegExp(`(?<![\\w-])[1-9]${L}[0-9AC-HJKMNP-RT-Y]\\d-?${L}[0-9AC-HJKMNP-RT-Y]\\d-?${L}{2}\\d{2}(?![\\w-])`, 'gi'),
  context: contextWords(['mbi', 'medicare', 'beneficiary', 'cms']),
  score: (_m: RegExpExecArray, hit: ContextHit | null) => boosted(0.55, hit),
};

const MRN = {
  gate: wordClass(['mrn', 'medical', 'record', 'chart', 'patient', 'mr']),
  type: 'MEDICAL_RECORD_NUMBER', re: /(?<![\w-])[A-Z]{0,3}-?\d{5,12}(?![\w-])/gi, pattern: 'record number', before: 32, after: 0,
  context: contextWords(['mrn', 'medical record', 'record number', 'chart', 'patient id', 'patient number', 'mr#']),
  score: contextRequired(0.8),
};

// A health term is about someone when a person is referred to near it ("my
// chemo", "she was diagnosed"); otherwise it is general talk (flu season).
const PERSONAL = new Set(['i', "i'm", "i've", 'im', 'ive', 'my', 'me', 'he', "he's", 'she', "she's", 'his', 'her', 'him', 'hers',
  'patient', 'client', 'employee', 'coworker', 'colleague', 'son', 'daughter', 'wife', 'husband', 'mom', 'dad', 'mother', 'father',
  'diagnosed', 'positive']);
const PERSONAL_WINDOW = 5;

function detectHealthTerms(input: TextInput): Span[] {
  const spans = [...CONDITIONS.findIn(input, 0.5), ...MEDICATIONS.findIn(input, 0.5), ...PROCEDURES.findIn(input, 0.5)];
  if (spans.length === 0) return spans;
  const tokens = input.tokens();
  // The first personal word at or after each token, from one backward pass: a long text stays linear.
  const next = new Int32Array(tokens.length + 1).fill(-1);
  for (let i = tokens.length - 1; i >= 0; i--) next[i] = PERSONAL.has((tokens[i] as Token).word) ? i : (next[i + 1] as number);
  return spans.map((s) => {
    const idx = input.tokenStartingAt(s.start);
    const first = idx < 0 ? -1 : (next[Math.max(0, idx - PERSONAL_WINDOW)] as number);
    const near = first >= 0 && first <= idx + PERSONAL_WINDOW ? first : undefined;
    return near === undefined ? s : { ...s, score: 0.65, explanation: `${s.explanation}; about a person ("${(tokens[near] as Token).word}")` };
  });
}

export const HEALTH_DETECTORS: readonly DetectorFactory[] = [
  fixed('health_terms', 'phi', ['HEALTH_CONDITION', 'MEDICATION', 'MEDICAL_PROCEDURE'], detectHealthTerms),
  fixed('icd10', 'phi', ['ICD10_CODE'], needsDigit((t) => scanContextual(t, ICD10))),
  fixed('npi', 'phi', ['US_NPI'], needsDigit((t) => scanContextual(t, NPI), 10)),
  fixed('dea', 'phi', ['MEDICAL_LICENSE'], needsDigit((t) => scanContextual(t, DEA), 7)),
  fixed('medicare_mbi', 'phi', ['US_MBI'], needsDigit((t) => scanContextual(t, MBI))),
  fixed('medical_record_number', 'phi', ['MEDICAL_RECORD_NUMBER'], needsDigit((t) => scanContextual(t, MRN), 5)),
];
