/**
 * Rendering for hook and component tests under node:test: React's effects run
 * to completion inside act(). Needs the DOM from ./register-dom, imported first.
 */
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';

export { closeDom } from './register-dom';

export interface Rendered {
  container: HTMLElement;
  rerender(node: ReactNode): Promise<void>;
  unmount(): Promise<void>;
}

export async function render(node: ReactNode): Promise<Rendered> {
  const container = document.createElement('div');
  document.body.append(container);
  let root: Root | null = null;
  await act(async () => {
    root = createRoot(container);
    root.render(node);
  });
  return {
    container,
    rerender: (next) => act(async () => root!.render(next)),
    unmount: async () => {
      await act(async () => root!.unmount());
      container.remove();
    },
  };
}

/** Runs `fn` inside act() and lets React settle: for resolving promises the component awaits. */
export const settle = (fn: () => void | Promise<void> = () => {}): Promise<void> => act(async () => {
  await fn();
});

/** Types into the input labelled `label` as a person would: React sees an ordinary input event. */
export async function typeInto(label: string, value: string): Promise<void> {
  const tag = [...document.querySelectorAll('label')].find((l) => l.textContent === label);
  if (!tag) throw new Error(`no label "${label}"`);
  const input = document.getElementById(tag.htmlFor) as HTMLInputElement;
  await settle(() => {
    // React tracks the value it last wrote; the native setter changes it behind React's back, as typing does.
    Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input), 'value')!.set!.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** A promise the test resolves or rejects by hand, to order answers as a slow network would. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
