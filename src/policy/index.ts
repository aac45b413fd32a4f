// Public API of the content-policy engine. Browser-safe: it does not import the
// native re2 module (see regex-re2.ts) nor the attachment extractors (extract/).
export { parsePolicyPack, validatePolicyPack, PolicyPackError } from './pack.js';
export type { PackIssue } from './pack.js';
export { compilePolicy, DEFAULT_MIN_SCORE } from './compile.js';
export type { CompiledPolicy, CompileOptions } from './compile.js';
export { evaluate, PolicyInputError, MAX_FINDINGS_PER_DETECTOR } from './evaluate.js';
export { guardedRegexEngine, unsafePatternReason, RegexRejectedError } from './regex-engine.js';
export type { RegexEngine, CompiledPattern, PatternMatch } from './regex-engine.js';
export { DETECTOR_IDS } from './detectors/registry.js';
export * from './types.js';
