/**
 * Installs a DOM (happy-dom) for hook and component tests under node:test.
 * Import it FIRST in a test file, before anything that imports react-dom:
 * react-dom decides at load time which browser events it can use, and without
 * a document it falls back to legacy polyfills that miss 'input' events.
 * Each test file runs in its own process, so the globals do not leak.
 */
import { GlobalRegistrator } from '@happy-dom/global-registrator';

GlobalRegistrator.register({ url: 'http://parley.test/' });
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** Removes the DOM at the end of a test file (pending timers and fetches are cancelled). */
export const closeDom = (): Promise<void> => GlobalRegistrator.unregister();
