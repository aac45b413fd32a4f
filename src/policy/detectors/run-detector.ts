// Runs one built-in detector on a text with default parameters: for tests,
// tooling and documentation examples.
import { guardedRegexEngine } from '../regex-engine.js';
import { TEXT_DETECTORS } from './registry.js';
import { textInput } from './text-input.js';
import type { Span } from '../types.js';

export function runDetector(id: string, text: string): Span[] {
  const d = TEXT_DETECTORS.get(id);
  if (d === undefined) throw new Error(`unknown detector ${id}`);
  // A copy the caller may change: a detector may return the shared NO_SPANS.
  return d.create(undefined, { regex: guardedRegexEngine })(textInput(text)).slice();
}
